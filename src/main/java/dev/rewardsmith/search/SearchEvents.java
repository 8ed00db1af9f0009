package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;

/**
 * Live notifications of a search, sent after the journal write they announce (the live stream, the CLI's
 * progress bars). Called on the search's thread; implementations must return quickly and never throw.
 */
public interface SearchEvents {

    default void searchState(String searchId, SearchState state, String reason) {}

    /** A candidate changed (a copy). */
    default void candidate(Candidate candidate) {}

    default void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {}

    default void best(String searchId, String candidateId, double fitness) {}

    default void evaluation(String searchId, Evaluation evaluation) {}

    /** {@code count} pairs of rollouts of an iteration were planned for the team's votes. */
    default void comparisons(String searchId, int restart, int iteration, int count) {}

    /**
     * The search waits for a team member's reflection on {@code candidateId} for the proposals of
     * {@code iteration} (docs/llm.md, Human reflection); {@code automatic} is its automatic reflection.
     */
    default void reflectionAwaited(
            String searchId, int restart, int iteration, String candidateId, String automatic, String mode) {}

    /**
     * An iteration is over: {@code selected} (null when every candidate failed) is the next iteration's parent,
     * by fitness or by the team's votes.
     */
    default void iterationDone(String searchId, int restart, int iteration, String selected) {}

    static SearchEvents none() {
        return new SearchEvents() {};
    }
}
