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

    /**
     * True when the program declares {@code double potential(<Task>State s)}: the trainers then add the shaping
     * term {@code gamma * potential(s') - potential(s)} to each step's reward and record it as the last component,
     * named {@code potential_shaping} ({@link PotentialShaping}, docs/architecture.md, Potential-based shaping).
     * {@link #evaluate} sets that component to 0 and does not add the term.
     */
    default boolean hasPotential() {
        return false;
    }

    /**
     * The program's potential of a state; only called when {@link #hasPotential()}.
     *
     * @param state the task's state view, filled for one copy (read only)
     */
    default double potential(Object state) {
        throw new UnsupportedOperationException("this reward declares no potential");
    }
}
