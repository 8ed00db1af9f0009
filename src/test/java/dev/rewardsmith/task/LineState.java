package dev.rewardsmith.task;

/** State view of the test-only {@link ServiceLoadedTask}: a point on a line. */
public final class LineState {
    /** Position on the line. */
    public double position;
    /** The action just applied, in [-1, 1]. */
    public final double[] action = new double[1];
    /** Step in the episode. */
    public int step;
}
