package dev.rewardsmith.rl;

import dev.rewardsmith.reward.RewardFunction;
import java.util.Objects;

/**
 * One training to run: a reward program trained with PPO on an environment.
 *
 * @param environment the task (or any environment) to train on
 * @param reward the candidate reward the policy is trained with
 * @param humanReward evaluated on the same transitions for comparison (never trained on); null when absent
 * @param config PPO settings
 * @param seed seeds the environment copies, the initialization and the sampling: same request, same metrics
 * @param initialPolicy {@link Policy#toBytes()} to fine-tune from; null to start from a fresh initialization
 */
public record TrainingRequest(
        Environment environment,
        RewardFunction reward,
        RewardFunction humanReward,
        PpoConfig config,
        long seed,
        byte[] initialPolicy) {

    public TrainingRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(config, "config");
        initialPolicy = initialPolicy == null ? null : initialPolicy.clone();
    }

    @Override
    public byte[] initialPolicy() {
        return initialPolicy == null ? null : initialPolicy.clone();
    }
}
