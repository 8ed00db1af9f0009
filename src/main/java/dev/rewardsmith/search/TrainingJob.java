package dev.rewardsmith.search;

import dev.rewardsmith.rl.PpoConfig;
import java.util.Objects;

/**
 * One training to run: self-contained, so a worker in another process can run it. Idempotent by (candidate,
 * attempt).
 *
 * @param candidateId the candidate trained
 * @param attempt which attempt this is (1 for the first training)
 * @param task the task id
 * @param program the normalized reward program
 * @param humanReward the task's human reward program, evaluated on the same transitions; null to skip
 * @param config PPO settings
 * @param seed the training seed
 * @param initialPolicy policy bytes to fine-tune from; null for a fresh initialization
 */
public record TrainingJob(
        String candidateId,
        int attempt,
        String task,
        String program,
        String humanReward,
        PpoConfig config,
        long seed,
        byte[] initialPolicy) {

    public TrainingJob {
        Objects.requireNonNull(candidateId, "candidateId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(config, "config");
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1");
    }
}
