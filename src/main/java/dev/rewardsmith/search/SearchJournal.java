package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.List;

/**
 * The durable record of searches (docs/architecture.md, Persistence and recovery). A search writes here before it acts: a candidate is
 * journaled as proposed before it is compiled and as queued before it is trained. Called from the search's own
 * (virtual) thread; methods may block until the write is durable and throw when it failed.
 */
public interface SearchJournal {

    /** Everything needed to resume a search; the candidates come with the metrics of their current attempt. */
    SearchSnapshot load(String searchId);

    void searchState(String searchId, SearchState state, String reason);

    /** The search's overall best so far. */
    void best(String searchId, String candidateId, double fitness);

    /** New candidates, all of one round, in state proposed; written together or not at all. */
    void proposed(java.util.List<Candidate> candidates);

    /** A candidate's state or results changed (all fields but the epochs). */
    void candidate(Candidate candidate);

    /** One epoch of a training, keyed by (candidate, attempt, epoch): written again, it replaces the old one. */
    void metrics(String candidateId, int attempt, MetricsRecord record);

    /**
     * One epoch of a training that runs {@code plannedEpochs} epochs. A journal may store only some epochs of a long
     * training (see {@link #trainingEnded}); by default every one is stored.
     */
    default void metrics(String candidateId, int attempt, int plannedEpochs, MetricsRecord record) {
        metrics(candidateId, attempt, record);
    }

    /** One epoch of a training attempt that runs {@code plannedEpochs} epochs, as {@link #metrics(List)} takes it. */
    record Epoch(String candidateId, int attempt, int plannedEpochs, MetricsRecord record) {}

    /**
     * Epochs of one or more trainings, in the order they came, written together (a search gathers the epochs that
     * arrive within a short interval; see {@code Trainings}); each as {@link #metrics(String, int, int,
     * MetricsRecord)} would write it. By default one by one.
     */
    default void metrics(List<Epoch> epochs) {
        for (Epoch e : epochs) metrics(e.candidateId(), e.attempt(), e.plannedEpochs(), e.record());
    }

    /**
     * A training attempt finished with these epochs (all of them, in order), before the candidate is journaled as
     * done. A journal that stored only some keeps what the reflection reads ({@link Reflection#epochsRead}) and the
     * reflection itself, and loads it as {@link Candidate#storedReflection}, so the reflection stays exact.
     */
    default void trainingEnded(String candidateId, int attempt, java.util.List<MetricsRecord> epochs) {}

    /** The best checkpoint's policy of a finished training. */
    void checkpoint(String candidateId, byte[] policy, double fitness);

    /** Recorded episodes of a candidate's best checkpoint on the search's rollout seeds (for playback, voting). */
    default void rollouts(String candidateId, java.util.List<dev.rewardsmith.rl.Rollout> rollouts) {}

    /** The rollout pairs offered for votes after an iteration (docs/architecture.md, Human feedback). */
    default void comparisons(
            String searchId, int restart, int iteration, List<dev.rewardsmith.feedback.ComparisonPlanner.Pair> pairs) {}

    /** The live votes, comments and notes on an iteration's candidates (for preference and mixed selection). */
    default IterationFeedback feedback(String searchId, int restart, int iteration) {
        return IterationFeedback.NONE;
    }

    /**
     * The search waits for a team member's reflection on {@code candidateId}, for the proposals of iteration
     * {@code iteration} (docs/llm.md, Human reflection); {@code automatic} is the candidate's automatic reflection,
     * shown beside the text box. Written again (a resumed wait), it keeps a text already written.
     */
    default void reflectionAwaited(String searchId, int restart, int iteration, String candidateId, String automatic) {}

    /** The wait for a reflection for iteration {@code iteration} ended (a text arrived, or the timeout passed). */
    default void reflectionWaitEnded(String searchId, int restart, int iteration) {}

    /** The team member's reflection for the proposals of iteration {@code iteration}; null when none was written. */
    default String humanReflection(String searchId, int restart, int iteration) {
        return null;
    }

    /** The final evaluation of a search. */
    void evaluation(String searchId, Evaluation evaluation);

    /** The stored best-checkpoint policy of a candidate; null when none was stored. */
    byte[] policy(String candidateId);

    /** An iteration ended with this candidate selected (null when every candidate failed). */
    void iterationDone(String searchId, int restart, int iteration, String selectedId);
}
