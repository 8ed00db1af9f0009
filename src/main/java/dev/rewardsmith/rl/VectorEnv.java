package dev.rewardsmith.rl;

/**
 * Many copies of one environment stepped together. State lives in struct-of-arrays form inside the
 * implementation; no method allocates. Seeded at creation: same seed and same actions, same trajectory.
 *
 * <p>One step of the trainer: {@link #step}, then for each copy {@link #loadStateView} and evaluate the reward on
 * {@link #stateView()} (the state after the step, before any reset), read {@link #done}/{@link #terminated} and,
 * for finished copies, {@link #episodeFitness}; then {@link #autoReset} resets finished copies and writes the
 * observations the policy sees next.
 *
 * <p>An env that holds native memory (a MuJoCo task's batch of mjData) frees it in {@link #close}; whoever
 * creates an env closes it (try-with-resources), the trainer when a training ends however it ends.
 */
public interface VectorEnv extends AutoCloseable {

    int copies();

    /** Resets every copy from the seeded generator and writes observations: obs[copy * observationSize + j]. */
    void reset(float[] obs);

    /**
     * Advances every copy by one step.
     *
     * @param actions copies * actionSpace.size() values: a discrete action index as a float, or continuous
     *     values already clipped to the bounds; not modified
     */
    void step(float[] actions);

    /** The reusable state view (an instance of the task's state type) that {@link #loadStateView} fills. */
    Object stateView();

    /**
     * Fills {@link #stateView()} with copy's current state: after {@link #step}, the state the step reached (before
     * any reset); after {@link #reset} or {@link #autoReset}, the state the policy sees next (a reset copy's first
     * state, or a copy's state after the environment's own change, such as a new target). Potential-based shaping
     * reads both.
     */
    void loadStateView(int copy);

    /** True when the last step ended copy's episode by a terminal condition (no bootstrapping). */
    boolean terminated(int copy);

    /** True when the last step ended copy's episode, by termination or by reaching the episode length. */
    boolean done(int copy);

    /** Task fitness F of the episode copy just finished; valid when {@link #done} is true. */
    double episodeFitness(int copy);

    /** Resets finished copies and writes the observation of every copy (first observation for reset ones). */
    void autoReset(float[] obs);

    /** Frees what the env holds outside the Java heap; idempotent. Nothing to free by default. */
    @Override
    default void close() {}
}
