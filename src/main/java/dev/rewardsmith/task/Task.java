package dev.rewardsmith.task;

import dev.rewardsmith.rl.Environment;
import dev.rewardsmith.rl.PpoConfig;

/**
 * One reinforcement-learning task Rewardsmith designs rewards for: vectorized dynamics (via {@link Environment}),
 * a read-only state view that reward programs read, the ground-truth fitness F, the human and sparse rewards as
 * reward programs, PPO defaults and a renderer. Implementations are stateless and thread-safe.
 */
public interface Task extends Environment {

    /** Stable identifier used in the API, e.g. {@code cartpole}. */
    String id();

    /** One line: what the agent must achieve. */
    String description();

    /** The state view class reward programs receive as {@code s} (public fields, see the reward language). */
    Class<?> stateType();

    /** The human reward: a reward program in the reward language, as a competent engineer first shapes it. */
    String humanReward();

    /** The sparse reward: the fitness F itself written as a reward program. */
    String sparseReward();

    /** PPO settings under which the human reward learns. */
    PpoConfig ppoDefaults();

    /**
     * The fitness the human reward reaches with {@link #ppoDefaults()} in the documented budget (the learning
     * tests use it); F is in [0, 1] for every task but {@code reorient}, whose F counts successes.
     */
    double fitnessThreshold();

    /** Draws a filled state view (from {@link dev.rewardsmith.rl.VectorEnv#stateView()}) as a frame. */
    Frame render(Object stateView);

    /** False when this task cannot run in this process (e.g. its physics engine is not installed). */
    default boolean available() {
        return true;
    }

    /** Why {@link #available()} is false, a sentence a person can act on; null when available. */
    default String unavailableReason() {
        return null;
    }

    /** Frames per second at which rollouts of this task play back. */
    default int framesPerSecond() {
        return 50;
    }
}
