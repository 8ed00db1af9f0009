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

    /** How many trainings run at once at most. */
    int capacity();

    /** Receives the events of one submitted training. */
    interface Listener {

        void event(TrainingEvent event);

        void failed(Throwable error);
    }

    /** One submitted training, as its submitter sees it. */
    @FunctionalInterface
    interface Handle {

        /** Withdraws the training; nothing more is reported to its listener. Calling it again does nothing. */
        void cancel();
    }
}
