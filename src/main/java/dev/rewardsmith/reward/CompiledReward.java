package dev.rewardsmith.reward;

import java.util.List;
import java.util.Objects;

/**
 * A validated and compiled reward program.
 *
 * @param source the normalized program: entry method and helpers, pretty-printed, without prose, imports,
 *     annotations or comments
 * @param componentNames the recorded components in index order (first {@code c.put} in the source first)
 * @param function the compiled program, stateless and shareable between threads
 */
public record CompiledReward(String source, List<String> componentNames, RewardFunction function) {

    public CompiledReward {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(function, "function");
        componentNames = List.copyOf(componentNames);
    }
}
