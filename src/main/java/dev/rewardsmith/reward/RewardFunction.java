package dev.rewardsmith.reward;

import java.util.List;

/**
 * A compiled reward program, evaluated for one environment copy at a time on the task's reusable state view.
 * Implementations are generated from validated programs and are stateless, so one instance may be shared by
 * threads.
 */
public interface RewardFunction {

    /** Names of the recorded components, in index order (the order of first {@code c.put} in the source). */
    List<String> componentNames();

    /**
     * Evaluates the reward on one state.
     *
     * @param state the task's state view, filled for one copy (read only)
     * @param components modified: receives one value per component name, in index order; a component the
     *     program did not record on this call is 0
     * @return the total reward; may be non-finite, see {@link GuardedReward} for the checked variant
     */
    double evaluate(Object state, double[] components);
}
