package dev.rewardsmith.search;

import io.smallrye.mutiny.Multi;

/**
 * Where trainings run (DESIGN.md section 12): an in-process pool or remote workers. Implementations queue jobs
 * fairly and run at most their capacity at once, never on an event-loop thread.
 */
public interface TrainingQueue {

    /**
     * Queues a training when the returned stream is subscribed. The stream emits {@link TrainingEvent}s and
     * completes after {@link TrainingEvent.Finished}; it fails with {@link TrainingFailedException} when the
     * reward or settings made the training fail, or with another exception when the infrastructure did.
     * Cancelling the subscription removes a job that has not started, and stops a running one between epochs.
     */
    Multi<TrainingEvent> submit(TrainingJob job);

    /** How many trainings run at once at most. */
    int capacity();
}
