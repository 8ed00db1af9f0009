package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.TrainingResult;

/** What a running training reports, in order: started, epochs and checkpoints, then finished (or a failure). */
public sealed interface TrainingEvent {

    /**
     * A worker took the job.
     *
     * @param worker who trains it: a pool thread's or a worker process's name
     * @param device where it trains, {@code cpu} or {@code gpu}; null when not known (the task was not found)
     * @param deviceReason why the CPU was chosen although the setting allowed the GPU; null otherwise
     *     (docs/gpu.md, "Choosing the device")
     */
    record Started(String worker, String device, String deviceReason) implements TrainingEvent {}

    /** One epoch's metrics. */
    record Epoch(MetricsRecord record) implements TrainingEvent {}

    /** Checkpoint {@code index} was evaluated. */
    record Checkpoint(int index, long globalStep, double fitness) implements TrainingEvent {}

    /** The training ended normally; the stream completes after this. */
    record Finished(TrainingResult result) implements TrainingEvent {}
}
