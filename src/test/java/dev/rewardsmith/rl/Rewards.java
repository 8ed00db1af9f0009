package dev.rewardsmith.rl;

import dev.rewardsmith.reward.RewardFunction;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Reward functions written in Java for the trainer's tests (the reward compiler is tested elsewhere). */
final class Rewards {

    private Rewards() {}

    /** One component equal to the total. */
    static RewardFunction of(String name, ToDoubleFunction<Object> f) {
        return new RewardFunction() {
            @Override
            public List<String> componentNames() {
                return List.of(name);
            }

            @Override
            public double evaluate(Object state, double[] components) {
                double v = f.applyAsDouble(state);
                components[0] = v;
                return v;
            }
        };
    }

    static RewardFunction constant(double value) {
        return of("constant", s -> value);
    }
}
