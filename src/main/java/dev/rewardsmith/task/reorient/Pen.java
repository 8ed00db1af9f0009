package dev.rewardsmith.task.reorient;

import dev.rewardsmith.task.Trig;
import java.util.SplittableRandom;

/**
 * Rotational dynamics of many rigid pens (slender cylinders) under torque control, in struct-of-arrays form;
 * shared by the {@code reorient} and {@code spin} tasks. Only the attitude moves: the pen's centre is fixed.
 *
 * <p>Attitude is a unit quaternion q = (w, x, y, z) rotating body coordinates into world coordinates; the pen's
 * long axis is the body z axis. The angular velocity omega is in body coordinates. Euler's equations with
 * viscous damping, principal inertia I = diag(I_t, I_t, I_a):
 * <pre>
 *   I omega' = tau - omega x (I omega) - D omega,   D = I / DAMPING_TIME,   tau_k = I_k MAX_ANGULAR_ACCELERATION a_k
 * </pre>
 * integrated per physics step of DT by semi-implicit Euler with implicit damping,
 * {@code omega' = (omega + DT (tau - omega x I omega) / I) / (1 + DT / DAMPING_TIME)}, then the attitude is
 * advanced by the exact rotation of angle |omega'| DT about omega' ({@code q' = q * exp(omega' DT / 2)}) and
 * renormalized. Torque limits scale with inertia, so every axis reaches the same angular acceleration.
 */
public final class Pen {

    /** Pen length, metres. */
    public static final double LENGTH = 0.15;
    /** Pen radius, metres. */
    public static final double RADIUS = 0.005;
    /** Pen mass, kg. */
    public static final double MASS = 0.02;
    /** Moment of inertia about the long (body z) axis, m r^2 / 2, kg m^2. */
    public static final double AXIAL_INERTIA = MASS * RADIUS * RADIUS / 2;
    /** Moment of inertia about a transverse (body x or y) axis, m (3 r^2 + L^2) / 12, kg m^2. */
    public static final double TRANSVERSE_INERTIA = MASS * (3 * RADIUS * RADIUS + LENGTH * LENGTH) / 12;
    /** Angular acceleration at full torque on any axis, rad/s^2. */
    public static final double MAX_ANGULAR_ACCELERATION = 40.0;
    /** Time constant of the viscous damping, seconds: full torque gives a top speed of 40 * 0.25 = 10 rad/s. */
    public static final double DAMPING_TIME = 0.25;
    /** Each angular velocity component is clamped to this, rad/s (a safety bound above the top speed). */
    public static final double MAX_ANGULAR_SPEED = 20.0;
    /** Physics time step, seconds. */
    public static final double DT = 0.01;
    /** Physics steps per environment step (control at 25 Hz). */
    public static final int SUBSTEPS = 4;

    // Gyroscopic coefficients (I_y - I_z) / I_x etc. of omega x (I omega), precomputed.
    static final double GYRO_TRANSVERSE = (AXIAL_INERTIA - TRANSVERSE_INERTIA) / TRANSVERSE_INERTIA;
    /** 1 / (1 + DT / DAMPING_TIME): the implicit damping as a multiplication. */
    static final double DAMPING_FACTOR = 1 / (1 + DT / DAMPING_TIME);

    /** Attitude quaternions (unit), per copy. */
    public final double[] qw;

    public final double[] qx;
    public final double[] qy;
    public final double[] qz;
    /** Body angular velocity, rad/s, per copy. */
    public final double[] wx;

    public final double[] wy;
    public final double[] wz;

    /**
     * Floats per copy in a pen task's observation: attitude quaternion (4), body angular velocity (3), target
     * quaternion (4), rotation error vector (3). Shared by reorient and spin so a reorient policy fine-tunes on spin.
     */
    public static final int OBSERVATION_SIZE = 14;

    private final double[] errorScratch = new double[3];

    // Scratch of PenVector, per copy: cos h and sin(h) / |omega| of the half turn h of a physics step.
    final double[] halfCos;
    final double[] halfSinOverSpeed;

    // The last atan2(|v|, |w|) of errorAngle and errorVector per copy, with its arguments' bits: the step, the
    // observation and the state view ask it of the same attitude and target.
    private final long[] atanNormBits;
    private final long[] atanScalarBits;
    private final double[] atanValue;

    public Pen(int copies) {
        qw = new double[copies];
        qx = new double[copies];
        qy = new double[copies];
        qz = new double[copies];
        wx = new double[copies];
        wy = new double[copies];
        wz = new double[copies];
        halfCos = new double[copies];
        halfSinOverSpeed = new double[copies];
        atanNormBits = new long[copies];
        atanScalarBits = new long[copies];
        atanValue = new double[copies];
        // NaN payloads no arithmetic produces: nothing stored yet.
        java.util.Arrays.fill(atanNormBits, 0x7ff0_0000_0000_0001L);
        java.util.Arrays.fill(atanValue, Double.NaN);
    }

    /** Advances copy i by SUBSTEPS physics steps under normalized torques a in [-1, 1] (body x, y, z). */
    public void step(int i, double ax, double ay, double az) {
        for (int k = 0; k < SUBSTEPS; k++) integrate(i, ax, ay, az);
    }

    /**
     * Advances every copy by SUBSTEPS physics steps under its torques (ax[i], ay[i], az[i]), each in [-1, 1]:
     * the arithmetic of {@link #step} copy by copy (the same floats, bit for bit) in one loop over the copies per
     * substep, run on vector lanes by {@link PenVector} where the Vector API is there.
     */
    public void stepAll(double[] ax, double[] ay, double[] az) {
        int n = qw.length;
        for (int k = 0; k < SUBSTEPS; k++) {
            // several copies per instruction where the Vector API is there (PenVector: the same floats)
            int vectorized = Trig.VECTOR_API ? PenVector.substep(this, ax, ay, az) : 0;
            for (int i = vectorized; i < n; i++) {
                double x = wx[i];
                double y = wy[i];
                double z = wz[i];
                double gyroX = -GYRO_TRANSVERSE * y * z;
                double gyroY = GYRO_TRANSVERSE * z * x;
                x = clampSpeed((x + DT * (MAX_ANGULAR_ACCELERATION * ax[i] + gyroX)) * DAMPING_FACTOR);
                y = clampSpeed((y + DT * (MAX_ANGULAR_ACCELERATION * ay[i] + gyroY)) * DAMPING_FACTOR);
                z = clampSpeed((z + DT * MAX_ANGULAR_ACCELERATION * az[i]) * DAMPING_FACTOR);
                wx[i] = x;
                wy[i] = y;
                wz[i] = z;
                double h = 0.5 * Math.sqrt(x * x + y * y + z * z) * DT;
                double c = Trig.cosSmall(h);
                double s = 0.5 * DT * Trig.sinOverAngle(h);
                double dx = s * x;
                double dy = s * y;
                double dz = s * z;
                double w0 = qw[i];
                double x0 = qx[i];
                double y0 = qy[i];
                double z0 = qz[i];
                double nw = w0 * c - x0 * dx - y0 * dy - z0 * dz;
                double nx = w0 * dx + x0 * c + y0 * dz - z0 * dy;
                double ny = w0 * dy - x0 * dz + y0 * c + z0 * dx;
                double nz = w0 * dz + x0 * dy - y0 * dx + z0 * c;
                double inverseNorm = 1 / Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
                qw[i] = nw * inverseNorm;
                qx[i] = nx * inverseNorm;
                qy[i] = ny * inverseNorm;
                qz[i] = nz * inverseNorm;
            }
        }
    }

    /** Math.atan2(norm, scalar) for copy i, computed once per pair of arguments. */
    private double atan2(int i, double norm, double scalar) {
        long nb = Double.doubleToRawLongBits(norm);
        long sb = Double.doubleToRawLongBits(scalar);
        if (nb != atanNormBits[i] || sb != atanScalarBits[i]) {
            atanNormBits[i] = nb;
            atanScalarBits[i] = sb;
            atanValue[i] = Math.atan2(norm, scalar);
        }
        return atanValue[i];
    }

    private void integrate(int i, double ax, double ay, double az) {
        double x = wx[i];
        double y = wy[i];
        double z = wz[i];
        // (omega x I omega) / I per axis: the axial component vanishes because I_x = I_y.
        double gyroX = -GYRO_TRANSVERSE * y * z;
        double gyroY = GYRO_TRANSVERSE * z * x;
        x = clampSpeed((x + DT * (MAX_ANGULAR_ACCELERATION * ax + gyroX)) * DAMPING_FACTOR);
        y = clampSpeed((y + DT * (MAX_ANGULAR_ACCELERATION * ay + gyroY)) * DAMPING_FACTOR);
        z = clampSpeed((z + DT * MAX_ANGULAR_ACCELERATION * az) * DAMPING_FACTOR);
        wx[i] = x;
        wy[i] = y;
        wz[i] = z;
        // q' = q * (cos(theta/2), sin(theta/2) omega/|omega|), theta = |omega| DT. The clamp keeps theta/2 below
        // 0.18 rad, where the series of Trig need no reduction; sin(half)/|omega| = sin(half)/half * DT/2 has no
        // division by a zero speed.
        double half = 0.5 * Math.sqrt(x * x + y * y + z * z) * DT;
        double c = Trig.cosSmall(half);
        double s = 0.5 * DT * Trig.sinOverAngle(half);
        double dx = s * x;
        double dy = s * y;
        double dz = s * z;
        double w0 = qw[i];
        double x0 = qx[i];
        double y0 = qy[i];
        double z0 = qz[i];
        double nw = w0 * c - x0 * dx - y0 * dy - z0 * dz;
        double nx = w0 * dx + x0 * c + y0 * dz - z0 * dy;
        double ny = w0 * dy - x0 * dz + y0 * c + z0 * dx;
        double nz = w0 * dz + x0 * dy - y0 * dx + z0 * c;
        double inverseNorm = 1 / Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
        qw[i] = nw * inverseNorm;
        qx[i] = nx * inverseNorm;
        qy[i] = ny * inverseNorm;
        qz[i] = nz * inverseNorm;
    }

    private static double clampSpeed(double v) {
        return Math.max(-MAX_ANGULAR_SPEED, Math.min(MAX_ANGULAR_SPEED, v));
    }

    /** Clips a normalized torque to [-1, 1]; NaN counts as 0 so no action can poison the state. */
    public static double clampAction(float a) {
        if (a >= 1) return 1;
        if (a <= -1) return -1;
        return a == a ? a : 0;
    }

    /**
     * Angle in radians, in [0, pi], of the rotation taking copy i's attitude to the target (tw, tx, ty, tz):
     * 2 atan2(|v|, |w|) of conj(q) * target.
     */
    public double errorAngle(int i, double tw, double tx, double ty, double tz) {
        double w = qw[i] * tw + qx[i] * tx + qy[i] * ty + qz[i] * tz;
        double ex = qw[i] * tx - qx[i] * tw - qy[i] * tz + qz[i] * ty;
        double ey = qw[i] * ty + qx[i] * tz - qy[i] * tw - qz[i] * tx;
        double ez = qw[i] * tz - qx[i] * ty + qy[i] * tx - qz[i] * tw;
        return 2 * atan2(i, Math.sqrt(ex * ex + ey * ey + ez * ez), Math.abs(w));
    }

    /**
     * Writes into out[offset..offset+2] the rotation vector (axis times angle, radians, body coordinates) of the
     * shortest rotation taking copy i's attitude to the target: the body angular velocity direction that turns
     * the pen onto it. Modifies only those three entries of out.
     */
    public void errorVector(int i, double tw, double tx, double ty, double tz, double[] out, int offset) {
        double w = qw[i] * tw + qx[i] * tx + qy[i] * ty + qz[i] * tz;
        double ex = qw[i] * tx - qx[i] * tw - qy[i] * tz + qz[i] * ty;
        double ey = qw[i] * ty + qx[i] * tz - qy[i] * tw - qz[i] * tx;
        double ez = qw[i] * tz - qx[i] * ty + qy[i] * tx - qz[i] * tw;
        if (w < 0) {
            // q and -q are the same rotation: take the short way round.
            w = -w;
            ex = -ex;
            ey = -ey;
            ez = -ez;
        }
        double n = Math.sqrt(ex * ex + ey * ey + ez * ez);
        // w is |w| here but for -0, where atan2 of a positive n gives pi/2 either way.
        double scale = n > 1e-12 ? 2 * atan2(i, n, Math.abs(w)) / n : 2 / w;
        out[offset] = scale * ex;
        out[offset + 1] = scale * ey;
        out[offset + 2] = scale * ez;
    }

    /** World coordinates of copy i's long (body z) axis, written into out[0..2]; a unit vector. */
    public void longAxis(int i, double[] out) {
        double w = qw[i];
        double x = qx[i];
        double y = qy[i];
        double z = qz[i];
        // Third column of the rotation matrix of q.
        out[0] = 2 * (x * z + w * y);
        out[1] = 2 * (y * z - w * x);
        out[2] = 1 - 2 * (x * x + y * y);
    }

    /**
     * Draws a uniformly random attitude (Shoemake's method: three uniform numbers) into the arrays at index i.
     */
    public static void randomOrientation(
            SplittableRandom random, double[] w, double[] x, double[] y, double[] z, int i) {
        double u1 = random.nextDouble();
        double u2 = 2 * Math.PI * random.nextDouble();
        double u3 = 2 * Math.PI * random.nextDouble();
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        w[i] = a * Math.sin(u2);
        x[i] = a * Math.cos(u2);
        y[i] = b * Math.sin(u3);
        z[i] = b * Math.cos(u3);
    }

    /**
     * Writes copy i's observation toward the target (tw, tx, ty, tz) at obs[i * OBSERVATION_SIZE ...] (modified).
     */
    public void observe(int i, double tw, double tx, double ty, double tz, float[] obs) {
        int o = i * OBSERVATION_SIZE;
        obs[o] = (float) qw[i];
        obs[o + 1] = (float) qx[i];
        obs[o + 2] = (float) qy[i];
        obs[o + 3] = (float) qz[i];
        obs[o + 4] = (float) wx[i];
        obs[o + 5] = (float) wy[i];
        obs[o + 6] = (float) wz[i];
        obs[o + 7] = (float) tw;
        obs[o + 8] = (float) tx;
        obs[o + 9] = (float) ty;
        obs[o + 10] = (float) tz;
        errorVector(i, tw, tx, ty, tz, errorScratch, 0);
        obs[o + 11] = (float) errorScratch[0];
        obs[o + 12] = (float) errorScratch[1];
        obs[o + 13] = (float) errorScratch[2];
    }
}
