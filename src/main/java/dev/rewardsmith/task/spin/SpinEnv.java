package dev.rewardsmith.task.spin;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import dev.rewardsmith.task.reorient.Pen;
import dev.rewardsmith.task.reorient.ReorientEnv;
import java.util.SplittableRandom;

/**
 * A pen turned by torques through a sequence of waypoints about its own long axis: waypoint k is the start
 * attitude turned by k * 45 degrees about body z (16 waypoints, two full turns). A waypoint counts as reached
 * within 0.1 rad; the next one then becomes the target. Many copies in struct-of-arrays form; the observation
 * and actions match the reorient task so that a reorient policy can be fine-tuned here. Rotational dynamics
 * ({@link Pen}): slender pen (0.15 m, 0.02 kg, long axis = body z), {@code I omega' = tau - omega x (I omega) -
 * (I / 0.25 s) omega} with {@code tau_k = I_k * 40 rad/s^2 * action_k} (top speed 10 rad/s), attitude
 * {@code q' = q * exp(omega' dt / 2)}, dt = 0.01 s, 4 physics steps per env step.
 */
public final class SpinEnv implements VectorEnv {

    /** Turn between consecutive waypoints about the long axis, radians (45 degrees). */
    static final double WAYPOINT_STEP = Math.PI / 4;
    /** Waypoints per episode (two full turns). */
    static final int WAYPOINTS = 16;
    /** A waypoint counts as reached within this rotation angle, radians. */
    static final double SUCCESS_ANGLE = 0.1;
    /** Steps per episode (12 seconds at 25 Hz). */
    static final int EPISODE_LENGTH = 300;
    /** Initial angular velocity components are uniform in +-this, rad/s. */
    static final double START_SPIN = 0.5;
    /** Same layout as reorient: attitude (4), body angular velocity (3), waypoint (4), rotation vector to it (3). */
    static final int OBSERVATION_SIZE = ReorientEnv.OBSERVATION_SIZE;

    private final int copies;
    private final SplittableRandom random;
    private final SpinState view = new SpinState();

    final Pen pen;
    // Start attitude per copy: the waypoints are defined relative to it.
    final double[] startW;
    final double[] startX;
    final double[] startY;
    final double[] startZ;
    // Current waypoint attitude per copy.
    final double[] targetW;
    final double[] targetX;
    final double[] targetY;
    final double[] targetZ;
    final double[] actionX;
    final double[] actionY;
    final double[] actionZ;
    final int[] step;
    final int[] waypointsReached;
    /** True when the last step reached the waypoint: the next one becomes the target before the next step. */
    final boolean[] targetReached;

    final boolean[] done;
    // Scratch (no allocation while stepping).
    private final double[] axis = new double[3];

    public SpinEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        pen = new Pen(copies);
        startW = new double[copies];
        startX = new double[copies];
        startY = new double[copies];
        startZ = new double[copies];
        targetW = new double[copies];
        targetX = new double[copies];
        targetY = new double[copies];
        targetZ = new double[copies];
        actionX = new double[copies];
        actionY = new double[copies];
        actionZ = new double[copies];
        step = new int[copies];
        waypointsReached = new int[copies];
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

    /** Random start attitude, slow random spin, first waypoint 45 degrees ahead about the long axis. */
    private void resetCopy(int i) {
        Pen.randomOrientation(random, pen.qw, pen.qx, pen.qy, pen.qz, i);
        pen.wx[i] = START_SPIN * (2 * random.nextDouble() - 1);
        pen.wy[i] = START_SPIN * (2 * random.nextDouble() - 1);
        pen.wz[i] = START_SPIN * (2 * random.nextDouble() - 1);
        startW[i] = pen.qw[i];
        startX[i] = pen.qx[i];
        startY[i] = pen.qy[i];
        startZ[i] = pen.qz[i];
        actionX[i] = 0;
        actionY[i] = 0;
        actionZ[i] = 0;
        step[i] = 0;
        waypointsReached[i] = 0;
        targetReached[i] = false;
        done[i] = false;
        setWaypoint(i, 1);
    }

    /** Target = start * (cos(k d / 2), 0, 0, sin(k d / 2)): the start turned by k * d about body z. */
    private void setWaypoint(int i, int k) {
        double c = Math.cos(0.5 * k * WAYPOINT_STEP);
        double s = Math.sin(0.5 * k * WAYPOINT_STEP);
        targetW[i] = startW[i] * c - startZ[i] * s;
        targetX[i] = startX[i] * c + startY[i] * s;
        targetY[i] = startY[i] * c - startX[i] * s;
        targetZ[i] = startZ[i] * c + startW[i] * s;
    }

    /** After a waypoint is reached the next one becomes the target; after the last one the target stays. */
    private void nextWaypoint(int i) {
        if (waypointsReached[i] < WAYPOINTS) setWaypoint(i, waypointsReached[i] + 1);
        targetReached[i] = false;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            if (targetReached[i]) nextWaypoint(i);
            actionX[i] = Pen.clampAction(actions[3 * i]);
            actionY[i] = Pen.clampAction(actions[3 * i + 1]);
            actionZ[i] = Pen.clampAction(actions[3 * i + 2]);
        }
        pen.stepAll(actionX, actionY, actionZ);
        for (int i = 0; i < copies; i++) {
            step[i]++;
            boolean open = waypointsReached[i] < WAYPOINTS;
            if (open && pen.errorAngle(i, targetW[i], targetX[i], targetY[i], targetZ[i]) < SUCCESS_ANGLE) {
                targetReached[i] = true;
                waypointsReached[i]++;
            }
            done[i] = step[i] >= EPISODE_LENGTH;
        }
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
        SpinState s = view;
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
        s.axialSpeed = pen.wz[i];
        // Long axis now versus at the start: the start's body z in world coordinates, dotted with today's.
        pen.longAxis(i, axis);
        double w = startW[i];
        double x = startX[i];
        double y = startY[i];
        double z = startZ[i];
        double dot =
                axis[0] * 2 * (x * z + w * y) + axis[1] * 2 * (y * z - w * x) + axis[2] * (1 - 2 * (x * x + y * y));
        s.axisDeviation = Math.acos(Math.max(-1, Math.min(1, dot)));
        s.success = targetReached[i];
        s.waypointsReached = waypointsReached[i];
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

    /** F is the fraction of the 16 waypoints reached in the episode. */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return waypointsReached[copy] / (double) WAYPOINTS;
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
            else if (targetReached[i]) nextWaypoint(i);
            observe(i, obs);
        }
    }
}
