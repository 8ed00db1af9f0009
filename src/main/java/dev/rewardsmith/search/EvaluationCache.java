package dev.rewardsmith.search;

import java.util.OptionalDouble;

/**
 * Fitness of finished evaluation trainings by (task, reward source hash, PPO config, seed, initial policy), so a
 * suite of searches trains each baseline once (docs/architecture.md, Search).
 */
public interface EvaluationCache {

    OptionalDouble fitness(String key);

    void put(String key, String task, double fitness);

    /** A cache that remembers nothing. */
    static EvaluationCache none() {
        return new EvaluationCache() {
            @Override
            public OptionalDouble fitness(String key) {
                return OptionalDouble.empty();
            }

            @Override
            public void put(String key, String task, double fitness) {}
        };
    }
}
