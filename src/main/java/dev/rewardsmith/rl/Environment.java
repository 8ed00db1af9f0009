package dev.rewardsmith.rl;

/** What the trainer needs of a task: sizes, action space, episode length, and fresh vectorized copies. */
public interface Environment {

    int observationSize();

    ActionSpace actionSpace();

    /** Steps after which an episode is truncated. */
    int episodeLength();

    /** A new vectorized environment of {@code copies} copies, deterministic for {@code seed}; not yet reset. */
    VectorEnv createEnv(int copies, long seed);
}
