package dev.rewardsmith.search;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Writes the reward programs of one iteration (docs/architecture.md, Proposers). Implementations: offline mutation, LLM,
 * replay, human-written. A proposer never validates: every {@link Proposal#text()} goes through the reward
 * compiler, and what it rejects becomes a rejected candidate whose problems reach the next request.
 */
public interface Proposer {

    /** The name stored on the search: {@code offline}, {@code llm}, {@code replay}, {@code human}. */
    String name();

    /**
     * Proposes {@code request.samples()} programs (fewer only when the proposer has no more, e.g. a replay).
     * The stage fails when the proposer cannot answer at all (e.g. the LLM endpoint is down after its retries).
     */
    CompletionStage<List<Proposal>> propose(ProposalRequest request);

    /**
     * Asked before each proposal round: a reason when the search's token or cost budget is spent, so the search
     * stops proposing and ends as budget-exhausted. Proposers without a budget never are.
     */
    default Optional<String> budgetExhausted() {
        return Optional.empty();
    }
}
