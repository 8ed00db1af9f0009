package dev.rewardsmith.task;

import java.util.Arrays;

/**
 * {@link Math#sin} and {@link Math#cos} of one angle per copy of a vectorized task, computed once per distinct
 * angle: asking again for the angle last asked of that copy returns the stored values (the same bits as calling
 * Math again), a different angle is computed and stored. Stepping, the state view and the observation of a copy
 * often need the same sines (docs/tasks.md, "Stepping speed"); this keeps them at one evaluation each.
 */
public final class SinCos {

    /** A NaN payload no arithmetic produces: marks a copy with nothing stored yet. */
    private static final long NOTHING = 0x7ff0_0000_0000_0001L;

    private final long[] angleBits;
    private final double[] sin;
    private final double[] cos;

    public SinCos(int copies) {
        angleBits = new long[copies];
        sin = new double[copies];
        cos = new double[copies];
        Arrays.fill(angleBits, NOTHING);
        Arrays.fill(sin, Double.NaN);
        Arrays.fill(cos, Double.NaN);
    }

    /** Math.sin(angle), bit for bit. */
    public double sin(int copy, double angle) {
        if (Double.doubleToRawLongBits(angle) != angleBits[copy]) compute(copy, angle);
        return sin[copy];
    }

    /** Math.cos(angle), bit for bit. */
    public double cos(int copy, double angle) {
        if (Double.doubleToRawLongBits(angle) != angleBits[copy]) compute(copy, angle);
        return cos[copy];
    }

    private void compute(int copy, double angle) {
        angleBits[copy] = Double.doubleToRawLongBits(angle);
        sin[copy] = Math.sin(angle);
        cos[copy] = Math.cos(angle);
    }
}
