package dev.rewardsmith.task.reorient;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * A pen held in place and turned by torques to a random target attitude; when it comes within 0.1 rad of the
 * target a new random target is drawn, and the episode runs for a fixed time. Many copies in struct-of-arrays
 * form; the rotational dynamics are in {@link Pen}:
 * <pre>
 *   pen: slender cylinder, length 0.15 m, radius 0.005 m, mass 0.02 kg, long axis = body z
 *   I omega' = tau - omega x (I omega) - (I / 0.25 s) omega,   tau_k = I_k * 40 rad/s^2 * action_k
 *   (full torque: 40 rad/s^2 on every axis, top speed 10 rad/s; each omega component clamped to +-20 rad/s)
 *   q' = q * exp(omega' dt / 2)   (body-frame angular velocity, dt = 0.01 s, 4 physics steps per env step)
 * </pre>
 */
public final class ReorientEnv implements VectorEnv {

    /** A target counts as reached within this rotation angle, radians. */
    static final double SUCCESS_ANGLE = 0.1;
    /** Steps per episode (12 seconds at 25 Hz). */
    static final int EPISODE_LENGTH = 300;
    /** Initial angular velocity components are uniform in +-this, rad/s. */
    static final double START_SPIN = 0.5;
    /**
     * Observation (14 floats): attitude quaternion (4), body angular velocity (3, rad/s), target quaternion (4),
     * rotation vector to the target (3, body coordinates, radians). Shared with the spin task.
     */
    public static final int OBSERVATION_SIZE = Pen.OBSERVATION_SIZE;

    private final int copies;
    private final SplittableRandom random;
    private final ReorientState view = new ReorientState();

    final Pen pen;
    // Target attitude per copy (unit quaternion).
    final double[] targetW;
    final double[] targetX;
    final double[] targetY;
    final double[] targetZ;
    final double[] actionX;
    final double[] actionY;
    final double[] actionZ;
    final int[] step;
    final int[] successes;
    /** True when the last step reached the target: the next target is drawn before the next step. */
    final boolean[] targetReached;

    final boolean[] done;
    // Scratch for observations (no allocation while stepping).

    public ReorientEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        pen = new Pen(copies);
        targetW = new double[copies];
        targetX = new double[copies];
        targetY = new double[copies];
        targetZ = new double[copies];
        actionX = new double[copies];
        actionY = new double[copies];
        actionZ = new double[copies];
        step = new int[copies];
        successes = new int[copies];
        targetReached = new boolean[copies];
        done = new boolean[copies];
    }

    @Override
    public int copies() {
        return copies;
    }

    @Override
    public void reset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            resetCopy(i);
            observe(i, obs);
        }
    }

    /** Random attitude, slow random spin, random target. */
    private void resetCopy(int i) {
        Pen.randomOrientation(random, pen.qw, pen.qx, pen.qy, pen.qz, i);
        pen.wx[i] = START_SPIN * (2 * random.nextDouble() - 1);
        pen.wy[i] = START_SPIN * (2 * random.nextDouble() - 1);
        pen.wz[i] = START_SPIN * (2 * random.nextDouble() - 1);
        Pen.randomOrientation(random, targetW, targetX, targetY, targetZ, i);
        actionX[i] = 0;
        actionY[i] = 0;
        actionZ[i] = 0;
        step[i] = 0;
        successes[i] = 0;
        targetReached[i] = false;
        done[i] = false;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            if (targetReached[i]) newTarget(i);
            actionX[i] = Pen.clampAction(actions[3 * i]);
            actionY[i] = Pen.clampAction(actions[3 * i + 1]);
            actionZ[i] = Pen.clampAction(actions[3 * i + 2]);
        }
        pen.stepAll(actionX, actionY, actionZ);
        for (int i = 0; i < copies; i++) {
            step[i]++;
            if (pen.errorAngle(i, targetW[i], targetX[i], targetY[i], targetZ[i]) < SUCCESS_ANGLE) {
                targetReached[i] = true;
                successes[i]++;
            }
            done[i] = step[i] >= EPISODE_LENGTH;
        }
    }

    private void newTarget(int i) {
        Pen.randomOrientation(random, targetW, targetX, targetY, targetZ, i);
        targetReached[i] = false;
    }

    private void observe(int i, float[] obs) {
        pen.observe(i, targetW[i], targetX[i], targetY[i], targetZ[i], obs);
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        ReorientState s = view;
        s.action[0] = actionX[i];
        s.action[1] = actionY[i];
        s.action[2] = actionZ[i];
        s.orientation[0] = pen.qw[i];
        s.orientation[1] = pen.qx[i];
        s.orientation[2] = pen.qy[i];
        s.orientation[3] = pen.qz[i];
        s.angularVelocity[0] = pen.wx[i];
        s.angularVelocity[1] = pen.wy[i];
        s.angularVelocity[2] = pen.wz[i];
        s.target[0] = targetW[i];
        s.target[1] = targetX[i];
        s.target[2] = targetY[i];
        s.target[3] = targetZ[i];
        pen.errorVector(i, targetW[i], targetX[i], targetY[i], targetZ[i], s.errorVector, 0);
        s.rotationError = pen.errorAngle(i, targetW[i], targetX[i], targetY[i], targetZ[i]);
        s.angularSpeed = Math.sqrt(pen.wx[i] * pen.wx[i] + pen.wy[i] * pen.wy[i] + pen.wz[i] * pen.wz[i]);
        s.success = targetReached[i];
        s.successes = successes[i];
        s.step = step[i];
    }

    @Override
    public boolean terminated(int copy) {
        return false;
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    /** F counts the targets reached in the episode (not a fraction). */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return successes[copy];
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
            else if (targetReached[i]) newTarget(i);
            observe(i, obs);
        }
    }
}
