package dev.rewardsmith.search;

/**
 * Where trainings run (docs/architecture.md, Training): an in-process pool or remote workers. Implementations queue
 * jobs fairly and run at most their capacity at once, never on an event-loop thread.
 */
public interface TrainingQueue {

    /**
     * Queues a training whose events go to {@code listener}, on a worker's thread: {@link TrainingEvent}s ending
     * with {@link TrainingEvent.Finished}, or a failure with {@link TrainingFailedException} when the reward or
     * settings made the training fail, or with another exception when the infrastructure did. Nothing is reported
     * after the finished event, after a failure, or once the handle was cancelled.
     *
     * @return the handle whose {@link Handle#cancel()} removes a job that has not started, and stops a running one
     *     between epochs
     */
    Handle submit(TrainingJob job, Listener listener);

    /**
     * Follows again a training that an earlier run of this server submitted and that a durable queue may still hold
     * (waiting for a worker or training on one; docs/architecture.md, Workers): its events go to {@code listener}
     * as if it had just been submitted, and nothing is sent again. Null when this queue does not hold it (an
     * in-process pool never does), and the training is to be submitted anew.
     */
    default Handle reattach(TrainingJob job, Listener listener) {
        return null;
    }

    /** How many trainings run at once at most. */
    int capacity();

    /** Receives the events of one submitted training. */
    interface Listener {

        void event(TrainingEvent event);

        void failed(Throwable error);

        /**
         * As {@link #event(TrainingEvent)}, from a queue that keeps the report until its effect is stored: the
         * listener runs {@code stored} once it handled the event and its writes were committed, or once it dropped
         * it (docs/architecture.md, Workers). A listener that stops without handling it never runs it.
         */
        default void event(TrainingEvent event, Runnable stored) {
            event(event);
            stored.run();
        }

        /** As {@link #failed(Throwable)}, with {@code stored} as in {@link #event(TrainingEvent, Runnable)}. */
        default void failed(Throwable error, Runnable stored) {
            failed(error);
            stored.run();
        }
    }

    /** One submitted training, as its submitter sees it. */
    @FunctionalInterface
    interface Handle {

        /** Withdraws the training; nothing more is reported to its listener. Calling it again does nothing. */
        void cancel();

        /**
         * Stops following the training without withdrawing it (the server stops, as a crash would): a durable queue
         * keeps it for the next run of the server to {@link #reattach}; by default the same as {@link #cancel()}.
         */
        default void release() {
            cancel();
        }
    }
}
