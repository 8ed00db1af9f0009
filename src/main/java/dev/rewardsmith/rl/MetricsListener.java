package dev.rewardsmith.rl;

/** Receives a training's metrics as they are produced, on the training's thread; must return quickly. */
public interface MetricsListener {

    /** Called once after every epoch (rollout + update). */
    void onEpoch(MetricsRecord record);

    /** Called after checkpoint {@code index} (0-based) was evaluated with the deterministic policy. */
    default void onCheckpoint(int index, long globalStep, double fitness) {}

    /** A listener that ignores everything. */
    static MetricsListener none() {
        return record -> {};
    }
}
