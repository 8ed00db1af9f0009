package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Trig's sine and cosine against Math's over the angles the tasks step through, with the bounds docs/tasks.md
 * ("Stepping speed") states; its vector lanes against its scalar path, bit for bit.
 */
class TrigTest {

    /** 2^-53: half an ulp of 1, the largest difference from Math.sin and Math.cos measured here. */
    static final double ABSOLUTE_BOUND = 0x1p-53;

    /** Largest |Trig - Math| and largest |Trig - Math| / ulp(Math) of sine and cosine over uniform angles. */
    private static double[] maxErrors(double range, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double absolute = 0;
        double ulps = 0;
        for (int k = 0; k < samples; k++) {
            double x = random.nextDouble(-range, range);
            double s = Math.sin(x);
            double c = Math.cos(x);
            double ds = Math.abs(Trig.sin(x) - s);
            double dc = Math.abs(Trig.cos(x) - c);
            absolute = Math.max(absolute, Math.max(ds, dc));
            ulps = Math.max(ulps, Math.max(ds / Math.ulp(s), dc / Math.ulp(c)));
        }
        return new double[] {absolute, ulps};
    }

    @Test
    void withinOneUlpOfMathOverTheTasksAngles() {
        // reacher's shoulder plus elbow lies in [-2 pi, 2 pi), the quadcopter's pitch within a step of [-pi, pi),
        // the ball-balance tilts in [-0.15, 0.15]
        for (double range : new double[] {0.2, Math.PI, 2 * Math.PI}) {
            double[] errors = maxErrors(range, 2_000_000, 7);
            assertTrue(errors[0] <= ABSOLUTE_BOUND, range + ": " + errors[0]);
            assertTrue(errors[1] <= 1, range + ": " + errors[1] + " ulp");
        }
    }

    @Test
    void largeAnglesStayWithinTheAbsoluteBound() {
        // a reduction by up to 600,000 quarter turns: the absolute error stays, near zeros it is 2 ulp
        double[] errors = maxErrors(1e6, 1_000_000, 8);
        assertTrue(errors[0] <= ABSOLUTE_BOUND, "" + errors[0]);
        assertTrue(errors[1] <= 2, errors[1] + " ulp");
    }

    @Test
    void exactPointsAndTheFallback() {
        assertEquals(0.0, Trig.sin(0.0));
        assertEquals(1.0, Trig.cos(0.0));
        assertEquals(1.0, Trig.sin(Math.PI / 2));
        assertEquals(-1.0, Trig.cos(Math.PI));
        assertTrue(Double.isNaN(Trig.sin(Double.NaN)));
        assertTrue(Double.isNaN(Trig.cos(Double.POSITIVE_INFINITY)));
        // beyond 1e6 rad: Math's values themselves
        assertEquals(Math.sin(3e6), Trig.sin(3e6));
        assertEquals(Math.cos(-3e6), Trig.cos(-3e6));
    }

    @Test
    void smallAngleSeriesWithinOneUlp() {
        // the pen's half turn per physics step stays below 0.5 * sqrt(3) * 20 rad/s * 0.01 s = 0.1733 rad
        SplittableRandom random = new SplittableRandom(9);
        double worstSinc = 0;
        double worstCos = 0;
        for (int k = 0; k < 1_000_000; k++) {
            double r = random.nextDouble(1e-6, 0.1733);
            double sinc = Math.sin(r) / r;
            worstSinc = Math.max(worstSinc, Math.abs(Trig.sinOverAngle(r) - sinc) / Math.ulp(sinc));
            worstCos = Math.max(worstCos, Math.abs(Trig.cosSmall(r) - Math.cos(r)) / Math.ulp(Math.cos(r)));
        }
        assertTrue(worstSinc <= 1, worstSinc + " ulp");
        assertTrue(worstCos <= 1, worstCos + " ulp");
        assertEquals(1.0, Trig.sinOverAngle(0.0));
        assertEquals(1.0, Trig.cosSmall(0.0));
    }

    @Test
    void vectorLanesGiveTheScalarFloatsBitForBit() {
        assertTrue(Trig.VECTOR_API, "the tests run with jdk.incubator.vector");
        int n = 4099; // not a multiple of any lane count: the scalar tail runs too
        double[] x = new double[n];
        double[] sin = new double[n];
        double[] cos = new double[n];
        SplittableRandom random = new SplittableRandom(10);
        for (int round = 0; round < 300; round++) { // enough rounds for C2 to compile the vector loop
            for (int i = 0; i < n; i++) x[i] = random.nextDouble(-8, 8);
            if (round % 50 == 0) {
                x[17] = Double.NaN;
                x[18] = 5e6;
                x[100] = -0.0;
            }
            Trig.sinCos(x, sin, cos, n);
            for (int i = 0; i < n; i++) {
                assertEquals(
                        Double.doubleToRawLongBits(Trig.sin(x[i])), Double.doubleToRawLongBits(sin[i]), "sin " + x[i]);
                assertEquals(
                        Double.doubleToRawLongBits(Trig.cos(x[i])), Double.doubleToRawLongBits(cos[i]), "cos " + x[i]);
            }
        }
    }
}
