package dev.rewardsmith.search;

import java.util.Objects;

/**
 * One proposed reward program as the proposer produced it.
 *
 * @param text the raw response (for an LLM: the whole completion, prose and fences included; for the offline
 *     proposer: the program source)
 * @param summary one line saying how it was made (e.g. "rescaled upright by 0.5"); empty when unknown
 * @param promptTokens tokens of the prompt attributed to this proposal (0 without an LLM)
 * @param completionTokens tokens of the completion (0 without an LLM)
 */
public record Proposal(String text, String summary, int promptTokens, int completionTokens) {

    public Proposal {
        Objects.requireNonNull(text, "text");
        summary = summary == null ? "" : summary;
        if (promptTokens < 0 || completionTokens < 0) throw new IllegalArgumentException("negative token count");
    }

    /** A program written without a model. */
    public static Proposal of(String text, String summary) {
        return new Proposal(text, summary, 0, 0);
    }
}
