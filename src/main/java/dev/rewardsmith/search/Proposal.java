package dev.rewardsmith.search;

import java.util.Objects;

/**
 * One proposed reward program as the proposer produced it, or a proposal that could not be obtained.
 *
 * @param text the raw response (for an LLM: the whole completion, prose and fences included; for the offline
 *     proposer: the program source); empty for a failed proposal
 * @param summary one line saying how it was made (e.g. "rescaled upright by 0.5"); empty when unknown
 * @param promptTokens tokens of the prompt attributed to this proposal (0 without an LLM)
 * @param completionTokens tokens of the completion (0 without an LLM)
 * @param failure why no program could be obtained (e.g. "LLM timeout"); the candidate ends failed with this
 *     reason and the search goes on; null for a normal proposal
 * @param exchangeId the stored model exchange this proposal came from; null without one
 * @param repairCost the cost of the repair exchanges that led to this text (their tokens are in the counts
 *     above); 0 without repair (docs/llm.md, Repair)
 */
public record Proposal(
        String text,
        String summary,
        int promptTokens,
        int completionTokens,
        String failure,
        String exchangeId,
        double repairCost) {

    public Proposal {
        Objects.requireNonNull(text, "text");
        summary = summary == null ? "" : summary;
        if (promptTokens < 0 || completionTokens < 0) throw new IllegalArgumentException("negative token count");
        if (!(repairCost >= 0)) throw new IllegalArgumentException("repairCost must be >= 0");
    }

    public Proposal(
            String text, String summary, int promptTokens, int completionTokens, String failure, String exchangeId) {
        this(text, summary, promptTokens, completionTokens, failure, exchangeId, 0);
    }

    public Proposal(String text, String summary, int promptTokens, int completionTokens) {
        this(text, summary, promptTokens, completionTokens, null, null);
    }

    /** A program written without a model. */
    public static Proposal of(String text, String summary) {
        return new Proposal(text, summary, 0, 0);
    }

    /** A proposal that could not be obtained, with the tokens it still cost. */
    public static Proposal failed(
            String failure, String text, int promptTokens, int completionTokens, String exchangeId) {
        Objects.requireNonNull(failure, "failure");
        return new Proposal(text == null ? "" : text, "", promptTokens, completionTokens, failure, exchangeId);
    }
}
