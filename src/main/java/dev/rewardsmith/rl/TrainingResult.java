package dev.rewardsmith.rl;

/**
 * What a finished training produced (Eureka's protocol: the candidate's fitness is the best checkpoint's).
 *
 * @param fitness max over checkpoints of the deterministic policy's F on fresh evaluation episodes
 * @param checkpointFitness F at each checkpoint, in order
 * @param bestCheckpoint index of the first checkpoint reaching {@code fitness}
 * @param bestPolicy {@link Policy#toBytes()} of the best checkpoint
 * @param globalSteps environment steps trained (all copies)
 * @param wallSeconds wall time of the training, evaluations included
 */
public record TrainingResult(
        double fitness,
        double[] checkpointFitness,
        int bestCheckpoint,
        byte[] bestPolicy,
        long globalSteps,
        double wallSeconds) {

    public TrainingResult {
        checkpointFitness = checkpointFitness.clone();
        bestPolicy = bestPolicy.clone();
        if (bestCheckpoint < 0 || bestCheckpoint >= checkpointFitness.length) {
            throw new IllegalArgumentException("bestCheckpoint out of range");
        }
    }

    @Override
    public double[] checkpointFitness() {
        return checkpointFitness.clone();
    }

    @Override
    public byte[] bestPolicy() {
        return bestPolicy.clone();
    }
}
