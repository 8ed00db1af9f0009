package dev.rewardsmith.reward;

import java.util.List;

/**
 * The run-time guard around a compiled reward: training never sees a non-finite total or component; the first
 * one found fails the evaluation with the step and the component named.
 */
public final class GuardedReward {

    private final RewardFunction function;
    private final String[] names;

    public GuardedReward(RewardFunction function) {
        this.function = function;
        this.names = function.componentNames().toArray(String[]::new);
    }

    public List<String> componentNames() {
        return function.componentNames();
    }

    public int componentCount() {
        return names.length;
    }

    /**
     * Evaluates and checks the result.
     *
     * @param step the global step, reported in the failure
     * @param components modified: the component values, all finite when this returns
     * @throws NonFiniteRewardException if the total or a component is NaN or infinite
     */
    public double evaluate(Object state, double[] components, long step) {
        double total = function.evaluate(state, components);
        for (int i = 0; i < names.length; i++) {
            if (!Double.isFinite(components[i])) {
                throw new NonFiniteRewardException(step, names[i], components[i]);
            }
        }
        if (!Double.isFinite(total)) {
            throw new NonFiniteRewardException(step, null, total);
        }
        return total;
    }
}
