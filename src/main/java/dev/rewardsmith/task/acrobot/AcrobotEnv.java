package dev.rewardsmith.task.acrobot;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * Gymnasium's Acrobot-v1 over many copies: two links hang from a pivot, only the elbow between them is actuated,
 * and the agent must swing the tip above a line one link length above the pivot. Same dynamics (Sutton and Barto's
 * book version), fourth-order Runge-Kutta integration over dt = 0.2 s, angle wrapping, velocity bounds,
 * termination and reset distribution as Gymnasium, step for step. Comments quote Gymnasium v0.29.1's
 * gymnasium/envs/classic_control/acrobot.py by line; GymnasiumConformance checks us against trajectories recorded
 * from it (docs/tasks.md).
 */
public final class AcrobotEnv implements VectorEnv {

    static final double DT = 0.2; // seconds per step, integrated by one rk4 step
    static final double LINK_LENGTH_1 = 1.0; // m
    static final double LINK_MASS_1 = 1.0; // kg
    static final double LINK_MASS_2 = 1.0; // kg
    static final double LINK_COM_POS_1 = 0.5; // m, pivot to the first link's centre of mass
    static final double LINK_COM_POS_2 = 0.5; // m, elbow to the second link's centre of mass
    static final double LINK_MOI = 1.0; // moment of inertia of each link about its centre, kg m^2
    static final double GRAVITY = 9.8; // m/s^2
    static final double MAX_VEL_1 = 4 * Math.PI; // rad/s
    static final double MAX_VEL_2 = 9 * Math.PI; // rad/s
    static final double[] AVAILABLE_TORQUE = {-1.0, 0.0, +1.0}; // N m, indexed by the action
    static final double GOAL_HEIGHT = 1.0; // m: the tip must rise above this height over the pivot
    static final double RESET_BOUND = 0.1; // every state variable starts uniform in [-0.1, 0.1]
    static final int EPISODE_LENGTH = 500;
    /** F counts the goal only when reached within this many steps (Acrobot-v1's reward threshold of -100). */
    @HiddenFromContext
    static final int FITNESS_STEPS = 100;

    static final int OBSERVATION_SIZE = 6;

    private final int copies;
    private final SplittableRandom random;

    // State of every copy (struct of arrays, indexed by copy).
    final double[] theta1; // shoulder angle, rad, 0 hanging down
    final double[] theta2; // elbow angle relative to the first link, rad
    final double[] dtheta1; // rad/s
    final double[] dtheta2; // rad/s
    final int[] lastAction;
    final int[] stepInEpisode;
    final boolean[] terminated;
    final boolean[] done;

    // Runge-Kutta scratch: the four slopes and the intermediate state (theta1, theta2, dtheta1, dtheta2).
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];

    private final AcrobotState view = new AcrobotState();

    public AcrobotEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        theta1 = new double[copies];
        theta2 = new double[copies];
        dtheta1 = new double[copies];
        dtheta2 = new double[copies];
        lastAction = new int[copies];
        stepInEpisode = new int[copies];
        terminated = new boolean[copies];
        done = new boolean[copies];
    }

    @Override
    public int copies() {
        return copies;
    }

    @Override
    public void reset(float[] obs) {
        for (int i = 0; i < copies; i++) resetCopy(i);
        writeObservations(obs);
    }

    /**
     * Gymnasium's reset: all four variables uniform in [-0.1, 0.1], rounded to float32 as Gymnasium does
     * ("self.np_random.uniform(low=low, high=high, size=(4,)).astype(np.float32)", acrobot.py line 193).
     */
    private void resetCopy(int i) {
        theta1[i] = (float) random.nextDouble(-RESET_BOUND, RESET_BOUND);
        theta2[i] = (float) random.nextDouble(-RESET_BOUND, RESET_BOUND);
        dtheta1[i] = (float) random.nextDouble(-RESET_BOUND, RESET_BOUND);
        dtheta2[i] = (float) random.nextDouble(-RESET_BOUND, RESET_BOUND);
        stepInEpisode[i] = 0;
        terminated[i] = false;
        done[i] = false;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            int action = (int) actions[i];
            double torque = AVAILABLE_TORQUE[action]; // "torque = self.AVAIL_TORQUE[a]" (line 204)
            double s0 = theta1[i], s1 = theta2[i], s2 = dtheta1[i], s3 = dtheta2[i];
            // No torque noise: "torque_noise_max = 0.0" (acrobot.py line 163). One rk4 step over [0, dt]:
            // "ns = rk4(self._dsdt, s_augmented, [0, self.dt])" (line 216), its slopes k1..k4 as lines 460-467.
            double h = DT - 0;
            double h2 = h / 2.0;
            derivatives(s0, s1, s2, s3, torque, k1);
            derivatives(s0 + h2 * k1[0], s1 + h2 * k1[1], s2 + h2 * k1[2], s3 + h2 * k1[3], torque, k2);
            derivatives(s0 + h2 * k2[0], s1 + h2 * k2[1], s2 + h2 * k2[2], s3 + h2 * k2[3], torque, k3);
            derivatives(s0 + h * k3[0], s1 + h * k3[1], s2 + h * k3[2], s3 + h * k3[3], torque, k4);
            // "yout[i + 1] = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)" (line 468)
            double w = h / 6.0;
            double n0 = s0 + w * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
            double n1 = s1 + w * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
            double n2 = s2 + w * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
            double n3 = s3 + w * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]);
            // "ns[0] = wrap(ns[0], -pi, pi)", "ns[1] = wrap(ns[1], -pi, pi)" (lines 218-219)
            theta1[i] = wrap(n0, -Math.PI, Math.PI);
            theta2[i] = wrap(n1, -Math.PI, Math.PI);
            // "ns[2] = bound(ns[2], -self.MAX_VEL_1, self.MAX_VEL_1)", same for ns[3] (lines 220-221, 421)
            dtheta1[i] = Math.min(Math.max(n2, -MAX_VEL_1), MAX_VEL_1);
            dtheta2[i] = Math.min(Math.max(n3, -MAX_VEL_2), MAX_VEL_2);

            lastAction[i] = action;
            stepInEpisode[i]++;
            // "return bool(-cos(s[0]) - cos(s[1] + s[0]) > 1.0)" (line 240)
            terminated[i] = -Math.cos(theta1[i]) - Math.cos(theta2[i] + theta1[i]) > GOAL_HEIGHT;
            done[i] = terminated[i] || stepInEpisode[i] >= EPISODE_LENGTH;
        }
    }

    /**
     * The book's equations of motion (Sutton and Barto, Reinforcement Learning, 1998), Gymnasium's {@code _dsdt}
     * with {@code book_or_nips = "book"} (acrobot.py line 168): writes (dtheta1, dtheta2, ddtheta1, ddtheta2) into
     * {@code out}. Each line keeps Gymnasium's order of operations, so the roundings agree.
     */
    static void derivatives(double t1, double t2, double dt1, double dt2, double torque, double[] out) {
        double m1 = LINK_MASS_1, m2 = LINK_MASS_2, l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1, lc2 = LINK_COM_POS_2, i1 = LINK_MOI, i2 = LINK_MOI, g = GRAVITY;
        double cos2 = Math.cos(t2);
        double sin2 = Math.sin(t2);
        // "m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos(theta2)) + I1 + I2" (lines 257-262)
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        // "d2 = m2 * (lc2**2 + l1 * lc2 * cos(theta2)) + I2" (line 263)
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        // "phi2 = m2 * lc2 * g * cos(theta1 + theta2 - pi / 2.0)" (line 264), cos, not sin: roundings differ
        double phi2 = m2 * lc2 * g * Math.cos(t1 + t2 - Math.PI / 2.0);
        // "-m2 * l1 * lc2 * dtheta2**2 * sin(theta2) - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
        //  + (m1 * lc1 + m2 * l1) * g * cos(theta1 - pi / 2) + phi2" (lines 265-270)
        double phi1 = -m2 * l1 * lc2 * (dt2 * dt2) * sin2
                - 2 * m2 * l1 * lc2 * dt2 * dt1 * sin2
                + (m1 * lc1 + m2 * l1) * g * Math.cos(t1 - Math.PI / 2)
                + phi2;
        // the book's line: "(a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * sin(theta2) - phi2)
        //  / (m2 * lc2**2 + I2 - d2**2 / d1)" (lines 278-280)
        double ddt2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * (dt1 * dt1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        // "ddtheta1 = -(d2 * ddtheta2 + phi1) / d1" (line 281): the coupling inertia d2, not d1, multiplies ddtheta2
        double ddt1 = -(d2 * ddt2 + phi1) / d1;
        // "return dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0" (line 282)
        out[0] = dt1;
        out[1] = dt2;
        out[2] = ddt1;
        out[3] = ddt2;
    }

    /** Gymnasium's wrap (acrobot.py lines 397-402): shifts x by whole periods "diff = M - m" into [m, M]. */
    static double wrap(double x, double m, double max) {
        double diff = max - m;
        while (x > max) x = x - diff;
        while (x < m) x = x + diff;
        return x;
    }

    @Override
    public AcrobotState stateView() {
        return view;
    }

    @Override
    public void loadStateView(int copy) {
        view.theta1 = theta1[copy];
        view.theta2 = theta2[copy];
        view.theta1Velocity = dtheta1[copy];
        view.theta2Velocity = dtheta2[copy];
        view.elbowHeight = -Math.cos(theta1[copy]);
        view.tipHeight = -Math.cos(theta1[copy]) - Math.cos(theta2[copy] + theta1[copy]);
        view.action = lastAction[copy];
        view.torque = AVAILABLE_TORQUE[lastAction[copy]];
        view.step = stepInEpisode[copy];
        view.atGoal = terminated[copy];
    }

    @Override
    public boolean terminated(int copy) {
        return terminated[copy];
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    /**
     * F: 1 when the episode lifted the tip above the goal line within its first {@link #FITNESS_STEPS} steps, else
     * 0; Gymnasium counts Acrobot-v1 as solved at a return of -100, i.e. the goal reached within 100 steps.
     */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return terminated[copy] && stepInEpisode[copy] <= FITNESS_STEPS ? 1.0 : 0.0;
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
        }
        writeObservations(obs);
    }

    /** The policy observes [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2] as floats. */
    private void writeObservations(float[] obs) {
        for (int i = 0; i < copies; i++) {
            int o = i * OBSERVATION_SIZE;
            obs[o] = (float) Math.cos(theta1[i]);
            obs[o + 1] = (float) Math.sin(theta1[i]);
            obs[o + 2] = (float) Math.cos(theta2[i]);
            obs[o + 3] = (float) Math.sin(theta2[i]);
            obs[o + 4] = (float) dtheta1[i];
            obs[o + 5] = (float) dtheta2[i];
        }
    }
}
