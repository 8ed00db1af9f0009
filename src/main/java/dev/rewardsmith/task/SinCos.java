package dev.rewardsmith.task;

import java.util.Arrays;

/**
 * The sine and cosine ({@link Trig}) of one angle per copy of a vectorized task, computed once per distinct
 * angle: asking again for the angle last asked of that copy returns the stored values, a different angle is
 * computed and stored. {@link #update} computes every copy's at once, on vector lanes. Stepping, the state view
 * and the observation of a copy often need the same sines (docs/tasks.md, "Stepping speed"); this keeps them at
 * one evaluation each.
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

    /** Trig.sin(angle). */
    public double sin(int copy, double angle) {
        if (Double.doubleToRawLongBits(angle) != angleBits[copy]) compute(copy, angle);
        return sin[copy];
    }

    /** Trig.cos(angle). */
    public double cos(int copy, double angle) {
        if (Double.doubleToRawLongBits(angle) != angleBits[copy]) compute(copy, angle);
        return cos[copy];
    }

    /** Stores the sine and cosine of angles[i] for every copy i (the same floats as asking one by one). */
    public void update(double[] angles) {
        int n = angleBits.length;
        Trig.sinCos(angles, sin, cos, n);
        for (int i = 0; i < n; i++) angleBits[i] = Double.doubleToRawLongBits(angles[i]);
    }

    /** The stored sines, one per copy: valid after {@link #update} until a copy asks for another angle. */
    public double[] sines() {
        return sin;
    }

    /** The stored cosines, one per copy (as {@link #sines}). */
    public double[] cosines() {
        return cos;
    }

    private void compute(int copy, double angle) {
        angleBits[copy] = Double.doubleToRawLongBits(angle);
        sin[copy] = Trig.sin(angle);
        cos[copy] = Trig.cos(angle);
    }
}
