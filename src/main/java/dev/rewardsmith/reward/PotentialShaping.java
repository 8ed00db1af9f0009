package dev.rewardsmith.reward;

/**
 * Potential-based shaping (Ng, Harada and Russell, 1999) for a reward that declares a potential phi: each step of
 * a copy adds {@code F = gamma * phi(s') - phi(s)} to the program's reward, where s is the state the policy acted
 * in and s' the state it sees next (after the environment's own changes, such as a new target once one is
 * reached), with {@code phi(s') = 0} when the step terminated the episode. Reaching the episode length is not a
 * termination: there s' is the last state, before the reset, as the episode would go on from it. Over an episode
 * that terminates the terms add up to {@code -phi(s_0)} whatever the policy did, which is why the shaping leaves
 * the best policy unchanged. F is recorded as the reward's last component, {@code potential_shaping}
 * (docs/architecture.md, Potential-based shaping).
 *
 * <p>Use with the {@link dev.rewardsmith.rl.VectorEnv} protocol: {@link #begin} for each copy after the first
 * reset; at each step, {@link #truncated} (before the auto-reset) for copies that reached the episode length, then
 * {@link #step} for every copy on its state after the auto-reset. One instance per set of copies, used by one
 * thread; it allocates nothing after construction.
 */
public final class PotentialShaping {

    /** The reserved name of the program's potential method, {@code double potential(<Task>State s)}. */
    public static final String METHOD = "potential";

    /** The component the shaping term is recorded in, after the program's own. */
    public static final String COMPONENT = "potential_shaping";

    private final RewardFunction function;
    private final double gamma;
    private final double[] previous;
    private final double[] last;
    private final int component;

    /**
     * @param function the reward; it must declare a potential
     * @param copies how many environment copies are stepped
     * @param gamma the discount the training uses (the shaping keeps the best policy only with the same one)
     */
    public PotentialShaping(RewardFunction function, int copies, double gamma) {
        if (!function.hasPotential()) {
            throw new IllegalArgumentException("the reward declares no potential");
        }
        this.function = function;
        this.gamma = gamma;
        this.previous = new double[copies];
        this.last = new double[copies];
        this.component = function.componentNames().size() - 1;
    }

    /** The shaping's component: the last of the reward's. */
    public int component() {
        return component;
    }

    public String componentName() {
        return function.componentNames().get(component);
    }

    /**
     * Starts a copy's first episode.
     *
     * @param state the state view filled with the copy's state after the reset
     */
    public void begin(int copy, Object state) {
        previous[copy] = function.potential(state);
    }

    /**
     * Remembers the last state of a copy whose episode reached its length without terminating; call it before the
     * auto-reset.
     *
     * @param state the state view filled with the copy's state after the step
     */
    public void truncated(int copy, Object state) {
        last[copy] = function.potential(state);
    }

    /**
     * The shaping term of a copy's step; a copy that finished starts its next episode from its new state.
     *
     * @param state the state view filled with the copy's state after the auto-reset: the state the policy sees
     *     next
     * @param done whether the step ended the episode
     * @param terminated whether the step ended it by a terminal condition
     * @return the term (may be non-finite when the potential is; the caller guards)
     */
    public double step(int copy, Object state, boolean done, boolean terminated) {
        double now = function.potential(state);
        double next = !done ? now : terminated ? 0 : last[copy];
        double term = gamma * next - previous[copy];
        previous[copy] = now;
        return term;
    }
}
