package dev.rewardsmith.task.reorient;

import dev.rewardsmith.task.TrigVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One physics step of {@link Pen#stepAll} on the Vector API, several copies per instruction: each lane receives
 * exactly the operations of the scalar loop (the same multiplications, additions, square roots and division,
 * grouped the same way; no fused multiply-add), so the floats are the scalar ones bit for bit. Loaded only when
 * {@code Trig.VECTOR_API} is true.
 */
final class PenVector {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1);

    private PenVector() {}

    /**
     * Steps copies [0, m) for the largest multiple m of the lane count not above the copies; returns m. Three
     * passes over the copies (the angular velocity and the half turn, its cosine and sine, the attitude), each
     * small enough for C2 to inline every vector operation (one loop had too many nodes: it left vector objects
     * on the heap, 288 bytes per 8 copies).
     */
    static int substep(Pen pen, double[] ax, double[] ay, double[] az) {
        int n = pen.qw.length;
        int m = n - n % S.length();
        spin(pen, ax, ay, az, m);
        series(pen, m);
        turn(pen, m);
        return m;
    }

    /** The new angular velocity, and the half turn h = |omega| DT / 2 into the pen's scratch. */
    private static void spin(Pen pen, double[] ax, double[] ay, double[] az, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, pen.wx, i);
            DoubleVector y = DoubleVector.fromArray(S, pen.wy, i);
            DoubleVector z = DoubleVector.fromArray(S, pen.wz, i);
            DoubleVector gyroX = y.mul(-Pen.GYRO_TRANSVERSE).mul(z);
            DoubleVector gyroY = z.mul(Pen.GYRO_TRANSVERSE).mul(x);
            DoubleVector accelX = DoubleVector.fromArray(S, ax, i).mul(Pen.MAX_ANGULAR_ACCELERATION);
            DoubleVector accelY = DoubleVector.fromArray(S, ay, i).mul(Pen.MAX_ANGULAR_ACCELERATION);
            x = clamp(accelX.add(gyroX).mul(Pen.DT).add(x).mul(Pen.DAMPING_FACTOR));
            y = clamp(accelY.add(gyroY).mul(Pen.DT).add(y).mul(Pen.DAMPING_FACTOR));
            DoubleVector turnZ = DoubleVector.fromArray(S, az, i).mul(Pen.DT * Pen.MAX_ANGULAR_ACCELERATION);
            z = clamp(z.add(turnZ).mul(Pen.DAMPING_FACTOR));
            x.intoArray(pen.wx, i);
            y.intoArray(pen.wy, i);
            z.intoArray(pen.wz, i);
            DoubleVector squares = x.mul(x).add(y.mul(y)).add(z.mul(z));
            squares.lanewise(VectorOperators.SQRT).mul(0.5).mul(Pen.DT).intoArray(pen.halfCos, i); // h, for now
        }
    }

    /** cos h and sin(h) / |omega| = sin(h) / h * DT / 2 from the half turn h that {@link #spin} left. */
    private static void series(Pen pen, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector half = DoubleVector.fromArray(S, pen.halfCos, i);
            TrigVector.cosPoly(half).intoArray(pen.halfCos, i);
            TrigVector.sinOverAngle(half).mul(0.5 * Pen.DT).intoArray(pen.halfSinOverSpeed, i);
        }
    }

    /** q' = q * (cos h, sin(h) / |omega| omega), renormalized. */
    private static void turn(Pen pen, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector c = DoubleVector.fromArray(S, pen.halfCos, i);
            DoubleVector s = DoubleVector.fromArray(S, pen.halfSinOverSpeed, i);
            DoubleVector dx = s.mul(DoubleVector.fromArray(S, pen.wx, i));
            DoubleVector dy = s.mul(DoubleVector.fromArray(S, pen.wy, i));
            DoubleVector dz = s.mul(DoubleVector.fromArray(S, pen.wz, i));
            DoubleVector w0 = DoubleVector.fromArray(S, pen.qw, i);
            DoubleVector x0 = DoubleVector.fromArray(S, pen.qx, i);
            DoubleVector y0 = DoubleVector.fromArray(S, pen.qy, i);
            DoubleVector z0 = DoubleVector.fromArray(S, pen.qz, i);
            DoubleVector nw = w0.mul(c).sub(x0.mul(dx)).sub(y0.mul(dy)).sub(z0.mul(dz));
            DoubleVector nx = w0.mul(dx).add(x0.mul(c)).add(y0.mul(dz)).sub(z0.mul(dy));
            DoubleVector ny = w0.mul(dy).sub(x0.mul(dz)).add(y0.mul(c)).add(z0.mul(dx));
            DoubleVector nz = w0.mul(dz).add(x0.mul(dy)).sub(y0.mul(dx)).add(z0.mul(c));
            DoubleVector norm = nw.mul(nw).add(nx.mul(nx)).add(ny.mul(ny)).add(nz.mul(nz));
            DoubleVector inverseNorm = ONE.div(norm.lanewise(VectorOperators.SQRT));
            nw.mul(inverseNorm).intoArray(pen.qw, i);
            nx.mul(inverseNorm).intoArray(pen.qx, i);
            ny.mul(inverseNorm).intoArray(pen.qy, i);
            nz.mul(inverseNorm).intoArray(pen.qz, i);
        }
    }

    /** Pen.clampSpeed on each lane. */
    private static DoubleVector clamp(DoubleVector v) {
        return v.min(Pen.MAX_ANGULAR_SPEED).max(-Pen.MAX_ANGULAR_SPEED);
    }
}
