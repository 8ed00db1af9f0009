package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Shields a search from its listeners: a failing live viewer must never stop the loop. */
final class SafeEvents implements SearchEvents {

    private static final Logger LOG = Logger.getLogger(SafeEvents.class.getName());
    private final SearchEvents delegate;

    SafeEvents(SearchEvents delegate) {
        this.delegate = delegate;
    }

    @Override
    public void searchState(String searchId, SearchState state, String reason) {
        guard(() -> delegate.searchState(searchId, state, reason));
    }

    @Override
    public void candidate(Candidate candidate) {
        guard(() -> delegate.candidate(candidate));
    }

    @Override
    public void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {
        guard(() -> delegate.metrics(searchId, candidateId, attempt, record));
    }

    @Override
    public void best(String searchId, String candidateId, double fitness) {
        guard(() -> delegate.best(searchId, candidateId, fitness));
    }

    @Override
    public void evaluation(String searchId, Evaluation evaluation) {
        guard(() -> delegate.evaluation(searchId, evaluation));
    }

    @Override
    public void comparisons(String searchId, int restart, int iteration, int count) {
        guard(() -> delegate.comparisons(searchId, restart, iteration, count));
    }

    @Override
    public void reflectionAwaited(
            String searchId, int restart, int iteration, String candidateId, String automatic, String mode) {
        guard(() -> delegate.reflectionAwaited(searchId, restart, iteration, candidateId, automatic, mode));
    }

    @Override
    public void iterationDone(String searchId, int restart, int iteration, String selected) {
        guard(() -> delegate.iterationDone(searchId, restart, iteration, selected));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a search listener failed", e);
        }
    }
}
