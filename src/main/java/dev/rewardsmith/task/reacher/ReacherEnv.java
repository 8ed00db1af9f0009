package dev.rewardsmith.task.reacher;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import dev.rewardsmith.task.Hypot;
import dev.rewardsmith.task.SinCos;
import java.util.SplittableRandom;

/**
 * Planar two-link arm (after MuJoCo Reacher) that must bring its fingertip onto a random goal: many copies in
 * struct-of-arrays form. The arm moves in the horizontal plane (no gravity); each joint has a torque motor and
 * viscous damping.
 *
 * <p>Dynamics (links are uniform rods, q = (shoulder, elbow), tau = MAX_TORQUE * action):
 * <pre>
 *   M(q) qdd + c(q, qd) + DAMPING * qd = tau
 *   M11 = I1 + m1 lc1^2 + I2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos q2)
 *   M12 = M21 = I2 + m2 (lc2^2 + l1 lc2 cos q2),   M22 = I2 + m2 lc2^2
 *   c1 = -h (2 qd1 qd2 + qd2^2),   c2 = h qd1^2,   h = m2 l1 lc2 sin q2
 * </pre>
 * integrated by semi-implicit Euler with the damping taken implicitly (stable for any damping):
 * {@code (M + dt DAMPING) qd' = M qd + dt (tau - c)}, then {@code q' = q + dt qd'}.
 */
public final class ReacherEnv implements VectorEnv {

    /** Length of link 1 (shoulder to elbow), metres. */
    static final double LINK1 = 0.1;
    /** Length of link 2 (elbow to fingertip), metres. */
    static final double LINK2 = 0.11;
    /** Mass of each link, kg. */
    static final double LINK_MASS = 0.04;
    /** Largest joint torque, N m (action 1). */
    static final double MAX_TORQUE = 0.05;
    /** Viscous joint damping, N m s/rad: full torque gives a top speed of about 5 rad/s. */
    static final double DAMPING = 0.01;
    /** Joint speeds are clamped to this, rad/s (a safety bound; normal motion stays far below). */
    static final double MAX_JOINT_SPEED = 20.0;
    /** Physics time step, seconds. */
    static final double DT = 0.01;
    /** Physics steps per environment step (control at 50 Hz). */
    static final int FRAME_SKIP = 2;
    /** Steps per episode (2 seconds); there is no early termination. */
    static final int EPISODE_LENGTH = 100;
    /** Goals are drawn uniformly in the disc of this radius about the shoulder, metres. */
    static final double GOAL_RADIUS = 0.2;
    /** F counts the fingertip as on the goal within this distance, metres. */
    @HiddenFromContext
    static final double GOAL_TOLERANCE = 0.02;

    static final int OBSERVATION_SIZE = 10;

    // Rod constants derived once: centre of mass at half length, inertia about it m l^2 / 12.
    private static final double LC1 = LINK1 / 2;
    private static final double LC2 = LINK2 / 2;
    private static final double INERTIA1 = LINK_MASS * LINK1 * LINK1 / 12;
    private static final double INERTIA2 = LINK_MASS * LINK2 * LINK2 / 12;

    private final int copies;
    private final SplittableRandom random;
    private final ReacherState view = new ReacherState();

    // State per copy: joint angles (rad), joint velocities (rad/s), goal (m), last action.
    final double[] shoulderAngle;
    final double[] elbowAngle;
    final double[] shoulderVelocity;
    final double[] elbowVelocity;
    final double[] goalX;
    final double[] goalY;
    final double[] action0;
    final double[] action1;
    final int[] step;
    final boolean[] done;
    // Sines and cosines of the shoulder angle, the elbow angle and their sum, each computed once per angle.
    private final SinCos shoulderTrig;
    private final SinCos elbowTrig;
    private final SinCos tipTrig;
    // Scratch: shoulder plus elbow angle per copy.
    private final double[] tipAngle;

    @HiddenFromContext
    private final double[] fitness;

    public ReacherEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        shoulderAngle = new double[copies];
        elbowAngle = new double[copies];
        shoulderVelocity = new double[copies];
        elbowVelocity = new double[copies];
        goalX = new double[copies];
        goalY = new double[copies];
        action0 = new double[copies];
        action1 = new double[copies];
        step = new int[copies];
        done = new boolean[copies];
        shoulderTrig = new SinCos(copies);
        elbowTrig = new SinCos(copies);
        tipTrig = new SinCos(copies);
        tipAngle = new double[copies];
        fitness = new double[copies];
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

    /** Arm near straight along +x with a tiny random velocity (as Gymnasium Reacher), goal uniform in a disc. */
    private void resetCopy(int i) {
        shoulderAngle[i] = uniform(-0.1, 0.1);
        elbowAngle[i] = uniform(-0.1, 0.1);
        shoulderVelocity[i] = uniform(-0.005, 0.005);
        elbowVelocity[i] = uniform(-0.005, 0.005);
        double radius = GOAL_RADIUS * Math.sqrt(random.nextDouble());
        double bearing = uniform(-Math.PI, Math.PI);
        goalX[i] = radius * Math.cos(bearing);
        goalY[i] = radius * Math.sin(bearing);
        action0[i] = 0;
        action1[i] = 0;
        step[i] = 0;
        done[i] = false;
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            action0[i] = clampAction(actions[2 * i]);
            action1[i] = clampAction(actions[2 * i + 1]);
        }
        for (int k = 0; k < FRAME_SKIP; k++) {
            elbowTrig.update(elbowAngle); // every copy's elbow sine and cosine at once
            for (int i = 0; i < copies; i++) integrate(i, MAX_TORQUE * action0[i], MAX_TORQUE * action1[i]);
        }
        // the observation, the state view and F ask for the new angles' sines and cosines
        elbowTrig.update(elbowAngle);
        shoulderTrig.update(shoulderAngle);
        for (int i = 0; i < copies; i++) tipAngle[i] = shoulderAngle[i] + elbowAngle[i];
        tipTrig.update(tipAngle);
        for (int i = 0; i < copies; i++) {
            step[i]++;
            done[i] = step[i] >= EPISODE_LENGTH;
            fitnessAfterStep(i);
        }
    }

    /** One semi-implicit Euler step of the arm under joint torques tau1, tau2 (N m). */
    private void integrate(int i, double tau1, double tau2) {
        double q2 = elbowAngle[i];
        double qd1 = shoulderVelocity[i];
        double qd2 = elbowVelocity[i];
        double cos2 = elbowTrig.cos(i, q2);
        // Mass matrix M(q).
        double m22 = INERTIA2 + LINK_MASS * LC2 * LC2;
        double m12 = m22 + LINK_MASS * LINK1 * LC2 * cos2;
        double m11 = INERTIA1 + LINK_MASS * LC1 * LC1 + m22 + LINK_MASS * (LINK1 * LINK1 + 2 * LINK1 * LC2 * cos2);
        // Coriolis and centrifugal terms c(q, qd).
        double h = LINK_MASS * LINK1 * LC2 * elbowTrig.sin(i, q2);
        double c1 = -h * (2 * qd1 * qd2 + qd2 * qd2);
        double c2 = h * qd1 * qd1;
        // Solve (M + dt D) qd' = M qd + dt (tau - c) by Cramer's rule; M + dt D is positive definite.
        double a11 = m11 + DT * DAMPING;
        double a22 = m22 + DT * DAMPING;
        double b1 = m11 * qd1 + m12 * qd2 + DT * (tau1 - c1);
        double b2 = m12 * qd1 + m22 * qd2 + DT * (tau2 - c2);
        double det = a11 * a22 - m12 * m12;
        double next1 = clampSpeed((b1 * a22 - m12 * b2) / det);
        double next2 = clampSpeed((a11 * b2 - m12 * b1) / det);
        shoulderVelocity[i] = next1;
        elbowVelocity[i] = next2;
        shoulderAngle[i] = wrapAngle(shoulderAngle[i] + DT * next1);
        elbowAngle[i] = wrapAngle(q2 + DT * next2);
    }

    /** Clips to [-1, 1]; NaN counts as 0 so no action can poison the state. */
    static double clampAction(float a) {
        if (a >= 1) return 1;
        if (a <= -1) return -1;
        return a == a ? a : 0;
    }

    private static double clampSpeed(double v) {
        return Math.max(-MAX_JOINT_SPEED, Math.min(MAX_JOINT_SPEED, v));
    }

    /** Maps an angle to [-pi, pi). */
    static double wrapAngle(double a) {
        if (a > -3.14 && a < 3.14) return a; // the formula below gives a itself there
        return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
    }

    private double fingertipX(int i, double q1, double q2) {
        return LINK1 * shoulderTrig.cos(i, q1) + LINK2 * tipTrig.cos(i, q1 + q2);
    }

    private double fingertipY(int i, double q1, double q2) {
        return LINK1 * shoulderTrig.sin(i, q1) + LINK2 * tipTrig.sin(i, q1 + q2);
    }

    /**
     * Observation (10 floats): cos q1, cos q2, sin q1, sin q2, goal x, goal y, qd1, qd2, fingertip - goal (x, y).
     */
    private void observe(int i, float[] obs) {
        double q1 = shoulderAngle[i];
        double q2 = elbowAngle[i];
        int o = i * OBSERVATION_SIZE;
        obs[o] = (float) shoulderTrig.cos(i, q1);
        obs[o + 1] = (float) elbowTrig.cos(i, q2);
        obs[o + 2] = (float) shoulderTrig.sin(i, q1);
        obs[o + 3] = (float) elbowTrig.sin(i, q2);
        obs[o + 4] = (float) goalX[i];
        obs[o + 5] = (float) goalY[i];
        obs[o + 6] = (float) shoulderVelocity[i];
        obs[o + 7] = (float) elbowVelocity[i];
        obs[o + 8] = (float) (fingertipX(i, q1, q2) - goalX[i]);
        obs[o + 9] = (float) (fingertipY(i, q1, q2) - goalY[i]);
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        ReacherState s = view;
        double q1 = shoulderAngle[i];
        double q2 = elbowAngle[i];
        double qd1 = shoulderVelocity[i];
        double qd2 = elbowVelocity[i];
        s.action[0] = action0[i];
        s.action[1] = action1[i];
        s.shoulderAngle = q1;
        s.elbowAngle = q2;
        s.shoulderVelocity = qd1;
        s.elbowVelocity = qd2;
        s.fingertipX = fingertipX(i, q1, q2);
        s.fingertipY = fingertipY(i, q1, q2);
        // Fingertip velocity = Jacobian(q) * qd.
        double vx = -LINK1 * shoulderTrig.sin(i, q1) * qd1 - LINK2 * tipTrig.sin(i, q1 + q2) * (qd1 + qd2);
        double vy = LINK1 * shoulderTrig.cos(i, q1) * qd1 + LINK2 * tipTrig.cos(i, q1 + q2) * (qd1 + qd2);
        s.fingertipSpeed = Math.sqrt(vx * vx + vy * vy);
        s.goalX = goalX[i];
        s.goalY = goalY[i];
        double dx = s.fingertipX - goalX[i];
        double dy = s.fingertipY - goalY[i];
        s.distance = Math.sqrt(dx * dx + dy * dy);
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

    /** F is judged on the episode's last step only. */
    @HiddenFromContext
    private void fitnessAfterStep(int i) {
        if (!done[i]) return;
        double q1 = shoulderAngle[i];
        double q2 = elbowAngle[i];
        boolean onGoal =
                Hypot.below(fingertipX(i, q1, q2) - goalX[i], fingertipY(i, q1, q2) - goalY[i], GOAL_TOLERANCE);
        fitness[i] = onGoal ? 1 : 0;
    }

    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return fitness[copy];
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
            observe(i, obs);
        }
    }
}
