package dev.rewardsmith.rl;

import java.util.List;

/**
 * One recorded episode of a deterministic policy; episodes with the same seed are comparable across policies.
 *
 * @param seed the seed of the single-copy environment the episode ran in
 * @param componentNames the reward's component names, the order of {@link RolloutStep#components()}
 * @param steps every step until the episode ended
 * @param fitness the task fitness F of the episode
 */
public record Rollout(long seed, List<String> componentNames, List<RolloutStep> steps, double fitness) {

    public Rollout {
        componentNames = List.copyOf(componentNames);
        steps = List.copyOf(steps);
    }
}
