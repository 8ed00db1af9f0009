package dev.rewardsmith.task;

/**
 * Sine and cosine for the tasks' stepping: cheaper than {@link Math#sin} and {@link Math#cos} (about 1.5x one
 * by one, several times on the Vector API's lanes over the copies: {@link #sinCos(double[], double[], double[],
 * int)}) and within an ulp of them over the tasks' angles (docs/tasks.md, "Stepping speed", has the measured bound and why
 * it is safe). The angle is reduced by the nearest multiple k of pi/2 (pi/2 split in three parts, so the
 * reduction is exact to about 1e-30 relative for |x| below 1e6), then the Taylor series of sine and cosine, up to
 * the 17th and 16th power, are summed on the remainder in [-pi/4, pi/4] (truncation below 1e-17). Plain double
 * arithmetic only: the same floats on every machine and JIT tier. Angles beyond 1e6 rad, infinities and NaN go to
 * Math.sin and Math.cos.
 */
public final class Trig {

    /** Angles up to this magnitude are reduced here; k stays below 2^20, so k times PIO2_1 is exact. */
    static final double LIMIT = 1e6;

    static final double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
    // pi/2 = PIO2_1 + PIO2_2 + PIO2_3 to 1e-37: the first two have 33 significant bits.
    static final double PIO2_1 = 0x1.921fb544p0;
    static final double PIO2_2 = 0x1.0b4611a6p-34;
    static final double PIO2_3 = 0x1.3198a2e037073p-69;
    /** 1.5 * 2^52: adding and subtracting it rounds a double below 2^51 to the nearest integer. */
    static final double SHIFTER = 0x1.8p52;

    // Taylor coefficients (-1)^n / (2n+1)! of sine and (-1)^n / (2n)! of cosine.
    static final double S3 = -1.0 / 6;
    static final double S5 = 1.0 / 120;
    static final double S7 = -1.0 / 5040;
    static final double S9 = 1.0 / 362880;
    static final double S11 = -1.0 / 39916800;
    static final double S13 = 1.0 / 6227020800.0;
    static final double S15 = -1.0 / 1307674368000.0;
    static final double S17 = 1.0 / 355687428096000.0;
    static final double C4 = 1.0 / 24;
    static final double C6 = -1.0 / 720;
    static final double C8 = 1.0 / 40320;
    static final double C10 = -1.0 / 3628800;
    static final double C12 = 1.0 / 479001600;
    static final double C14 = -1.0 / 87178291200.0;
    static final double C16 = 1.0 / 20922789888000.0;

    /**
     * Whether the Vector API is there ({@code --add-modules jdk.incubator.vector}) and not switched off
     * ({@code -Drewardsmith.scalarKernels=true}): then {@link #sinCos(double[], double[], double[], int)} runs on
     * {@link TrigVector}, with the same floats.
     */
    public static final boolean VECTOR_API =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !Boolean.getBoolean("rewardsmith.scalarKernels");

    private Trig() {}

    /** sin(x), within the bound of docs/tasks.md ("Stepping speed") of Math.sin(x). */
    public static double sin(double x) {
        if (!(Math.abs(x) <= LIMIT)) return Math.sin(x);
        double k = nearestQuadrant(x);
        double r = reduce(x, k);
        int q = (int) k & 3;
        double v = (q & 1) == 0 ? sinPoly(r) : cosPoly(r);
        return (q & 2) == 0 ? v : -v;
    }

    /** cos(x), within the bound of docs/tasks.md ("Stepping speed") of Math.cos(x). */
    public static double cos(double x) {
        if (!(Math.abs(x) <= LIMIT)) return Math.cos(x);
        double k = nearestQuadrant(x);
        double r = reduce(x, k);
        int q = (int) k & 3;
        double v = (q & 1) == 0 ? cosPoly(r) : sinPoly(r);
        return ((q + 1) & 2) == 0 ? v : -v;
    }

    /**
     * sin[i] = {@link #sin}(x[i]) and cos[i] = {@link #cos}(x[i]) for i in [0, n), the same floats, on the Vector
     * API's lanes where it is available (several angles per instruction).
     *
     * @param sin modified: [0, n)
     * @param cos modified: [0, n)
     */
    public static void sinCos(double[] x, double[] sin, double[] cos, int n) {
        int done = VECTOR_API ? TrigVector.sinCos(x, sin, cos, n) : 0;
        for (int i = done; i < n; i++) {
            sin[i] = sin(x[i]);
            cos[i] = cos(x[i]);
        }
    }

    /** The integer k nearest x 2/pi, as a double: adding and subtracting 1.5 * 2^52 rounds to an integer. */
    static double nearestQuadrant(double x) {
        return (x * TWO_OVER_PI + SHIFTER) - SHIFTER;
    }

    /** x - k pi/2 for the integer k nearest x 2/pi; |result| &lt;= pi/4 (plus rounding). */
    static double reduce(double x, double k) {
        return ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
    }

    /** Sine of r in [-pi/4, pi/4]: r + r^3 (S3 + r^2 (S5 + ...)), the small terms summed first. */
    static double sinPoly(double r) {
        double z = r * r;
        return r + r * z * (S3 + z * sinTail(z));
    }

    /** S5 + z (S7 + z (S9 + ...)): the sine series past its cubic term, divided by r^5, for z = r^2. */
    private static double sinTail(double z) {
        double p = S13 + z * (S15 + z * S17);
        return S5 + z * (S7 + z * (S9 + z * (S11 + z * p)));
    }

    /**
     * sin(r) / r for |r| &lt;= pi/4, without a division: 1 + r^2 (S3 + r^2 (S5 + ...)), 1 at 0 (within an ulp
     * of Math.sin(r) / r; for small rotations, where dividing would lose the zero).
     */
    public static double sinOverAngle(double r) {
        double z = r * r;
        return 1 + z * (S3 + z * sinTail(z));
    }

    /** cos(r) for |r| &lt;= pi/4 without the reduction: the polynomial of {@link #cos}. */
    public static double cosSmall(double r) {
        return cosPoly(r);
    }

    /**
     * Cosine of r in [-pi/4, pi/4]: 1 - r^2/2 + r^4 (C4 + ...), with the rounding error of 1 - r^2/2 carried
     * into the small terms so the sum stays within about an ulp.
     */
    static double cosPoly(double r) {
        double z = r * r;
        double q = C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * C16)))));
        double half = 0.5 * z;
        double w = 1 - half;
        return w + (((1 - w) - half) + z * z * q);
    }
}
