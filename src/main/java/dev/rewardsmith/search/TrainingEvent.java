package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.TrainingResult;

/** What a running training reports, in order: started, epochs and checkpoints, then finished (or a failure). */
public sealed interface TrainingEvent {

    /** A worker took the job. */
    record Started(String worker) implements TrainingEvent {}

    /** One epoch's metrics. */
    record Epoch(MetricsRecord record) implements TrainingEvent {}

    /** Checkpoint {@code index} was evaluated. */
    record Checkpoint(int index, long globalStep, double fitness) implements TrainingEvent {}

    /** The training ended normally; the stream completes after this. */
    record Finished(TrainingResult result) implements TrainingEvent {}
}
