package dev.rewardsmith.task;

import static dev.rewardsmith.task.Trig.C10;
import static dev.rewardsmith.task.Trig.C12;
import static dev.rewardsmith.task.Trig.C14;
import static dev.rewardsmith.task.Trig.C16;
import static dev.rewardsmith.task.Trig.C4;
import static dev.rewardsmith.task.Trig.C6;
import static dev.rewardsmith.task.Trig.C8;
import static dev.rewardsmith.task.Trig.LIMIT;
import static dev.rewardsmith.task.Trig.PIO2_1;
import static dev.rewardsmith.task.Trig.PIO2_2;
import static dev.rewardsmith.task.Trig.PIO2_3;
import static dev.rewardsmith.task.Trig.S11;
import static dev.rewardsmith.task.Trig.S13;
import static dev.rewardsmith.task.Trig.S15;
import static dev.rewardsmith.task.Trig.S17;
import static dev.rewardsmith.task.Trig.S3;
import static dev.rewardsmith.task.Trig.S5;
import static dev.rewardsmith.task.Trig.S7;
import static dev.rewardsmith.task.Trig.S9;
import static dev.rewardsmith.task.Trig.SHIFTER;
import static dev.rewardsmith.task.Trig.TWO_OVER_PI;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Trig#sinCos(double[], double[], double[], int)} on the Vector API: each lane receives exactly the
 * operations of {@link Trig#sin} and {@link Trig#cos} (the same multiplications and additions, grouped the
 * same way; no fused multiply-add), so the floats equal the scalar ones bit for bit on any vector width. Also
 * the small-angle series of {@link Trig} on lanes, for the pen's vectorized step. Loaded only when
 * {@link Trig#VECTOR_API} is true.
 */
public final class TrigVector {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private TrigVector() {}

    /** Fills [0, m) for the largest multiple m of the lane count not above n, and returns m. */
    static int sinCos(double[] x, double[] sin, double[] cos, int n) {
        int lanes = S.length();
        int m = n - n % lanes;
        for (int i = 0; i < m; i += lanes) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            if (!v.abs().compare(VectorOperators.LE, LIMIT).allTrue()) {
                // a huge angle, an infinity or NaN: these lanes the scalar way (Math.sin and Math.cos)
                for (int j = i; j < i + lanes; j++) {
                    sin[j] = Trig.sin(x[j]);
                    cos[j] = Trig.cos(x[j]);
                }
                continue;
            }
            // t = x 2/pi + 1.5 * 2^52 holds the nearest integer k in its low mantissa bits (k mod 4 = quadrant)
            DoubleVector t = v.mul(TWO_OVER_PI).add(SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector r = v.sub(k.mul(PIO2_1)).sub(k.mul(PIO2_2)).sub(k.mul(PIO2_3));
            DoubleVector s = sinPoly(r);
            DoubleVector c = cosPoly(r);
            LongVector quadrant = t.reinterpretAsLongs();
            VectorMask<Double> odd =
                    quadrant.and(1).compare(VectorOperators.NE, 0).cast(S);
            VectorMask<Double> sinNegative =
                    quadrant.and(2).compare(VectorOperators.NE, 0).cast(S);
            VectorMask<Double> cosNegative =
                    quadrant.add(1).and(2).compare(VectorOperators.NE, 0).cast(S);
            s.blend(c, odd).lanewise(VectorOperators.NEG, sinNegative).intoArray(sin, i);
            c.blend(s, odd).lanewise(VectorOperators.NEG, cosNegative).intoArray(cos, i);
        }
        return m;
    }

    /** Trig.sinPoly on each lane: the sine of r in [-pi/4, pi/4]. */
    private static DoubleVector sinPoly(DoubleVector r) {
        DoubleVector z = r.mul(r);
        return r.add(r.mul(z).mul(sinTail(z).mul(z).add(S3)));
    }

    /** Trig.sinTail on each lane. */
    private static DoubleVector sinTail(DoubleVector z) {
        DoubleVector p = z.mul(S17).add(S15).mul(z).add(S13);
        return p.mul(z).add(S11).mul(z).add(S9).mul(z).add(S7).mul(z).add(S5);
    }

    /** {@link Trig#sinOverAngle} on each lane: sin(r) / r for |r| &lt;= pi/4, the same floats. */
    public static DoubleVector sinOverAngle(DoubleVector r) {
        DoubleVector z = r.mul(r);
        return z.mul(sinTail(z).mul(z).add(S3)).add(1);
    }

    /** {@link Trig#cosSmall} on each lane: cos(r) for |r| &lt;= pi/4, the same floats. */
    public static DoubleVector cosPoly(DoubleVector r) {
        DoubleVector z = r.mul(r);
        DoubleVector q = z.mul(C16).add(C14).mul(z).add(C12).mul(z).add(C10);
        q = q.mul(z).add(C8).mul(z).add(C6).mul(z).add(C4);
        DoubleVector half = z.mul(0.5);
        DoubleVector w = half.neg().add(1);
        return w.add(w.neg().add(1).sub(half).add(z.mul(z).mul(q)));
    }
}
