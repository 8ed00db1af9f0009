package dev.rewardsmith.task.cartpole;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * Gymnasium's CartPole-v1 over many copies: a pole hinged on a cart that moves along a frictionless track, the
 * agent pushes the cart left or right with a fixed force and must keep the pole upright for 500 steps. Same
 * equations (Barto, Sutton and Anderson 1983, with the corrected pole dynamics), constants, explicit Euler
 * integration, termination and reset distribution as Gymnasium, step for step.
 */
public final class CartPoleEnv implements VectorEnv {

    static final double GRAVITY = 9.8; // m/s^2
    static final double CART_MASS = 1.0; // kg
    static final double POLE_MASS = 0.1; // kg
    static final double TOTAL_MASS = POLE_MASS + CART_MASS;
    static final double POLE_HALF_LENGTH = 0.5; // m; Gymnasium's "length" is half the pole's length
    static final double POLE_MASS_LENGTH = POLE_MASS * POLE_HALF_LENGTH;
    static final double FORCE = 10.0; // N, pushed left (action 0) or right (action 1)
    static final double TAU = 0.02; // seconds per step
    static final double ANGLE_LIMIT = 12 * 2 * Math.PI / 360; // rad: the episode fails beyond 12 degrees
    static final double POSITION_LIMIT = 2.4; // m: the episode fails when the cart leaves [-2.4, 2.4]
    static final double RESET_BOUND = 0.05; // every state variable starts uniform in [-0.05, 0.05]
    static final int EPISODE_LENGTH = 500;
    static final int OBSERVATION_SIZE = 4;

    private final int copies;
    private final SplittableRandom random;

    // State of every copy (struct of arrays, indexed by copy).
    final double[] x; // cart position, m
    final double[] xDot; // cart velocity, m/s
    final double[] theta; // pole angle from vertical, rad
    final double[] thetaDot; // pole angular velocity, rad/s
    final int[] lastAction;
    final int[] stepInEpisode;
    final boolean[] terminated;
    final boolean[] done;

    private final CartPoleState view = new CartPoleState();

    public CartPoleEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        x = new double[copies];
        xDot = new double[copies];
        theta = new double[copies];
        thetaDot = new double[copies];
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

    /** Gymnasium's reset: all four state variables uniform in [-0.05, 0.05]. */
    private void resetCopy(int i) {
        x[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        xDot[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        theta[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        thetaDot[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        stepInEpisode[i] = 0;
        terminated[i] = false;
        done[i] = false;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            int action = (int) actions[i];
            double force = action == 1 ? FORCE : -FORCE;
            double cosTheta = Math.cos(theta[i]);
            double sinTheta = Math.sin(theta[i]);
            // Equations of motion of the cart-pole (Florian 2007 correction of Barto et al. 1983), as Gymnasium.
            double temp = (force + POLE_MASS_LENGTH * (thetaDot[i] * thetaDot[i]) * sinTheta) / TOTAL_MASS;
            double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                    / (POLE_HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * (cosTheta * cosTheta) / TOTAL_MASS));
            double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
            // Explicit Euler: positions advance with the old velocities.
            x[i] = x[i] + TAU * xDot[i];
            xDot[i] = xDot[i] + TAU * xAcc;
            theta[i] = theta[i] + TAU * thetaDot[i];
            thetaDot[i] = thetaDot[i] + TAU * thetaAcc;

            lastAction[i] = action;
            stepInEpisode[i]++;
            terminated[i] = x[i] < -POSITION_LIMIT
                    || x[i] > POSITION_LIMIT
                    || theta[i] < -ANGLE_LIMIT
                    || theta[i] > ANGLE_LIMIT;
            done[i] = terminated[i] || stepInEpisode[i] >= EPISODE_LENGTH;
        }
    }

    @Override
    public CartPoleState stateView() {
        return view;
    }

    @Override
    public void loadStateView(int copy) {
        view.cartPosition = x[copy];
        view.cartVelocity = xDot[copy];
        view.poleAngle = theta[copy];
        view.poleAngularVelocity = thetaDot[copy];
        view.action = lastAction[copy];
        view.step = stepInEpisode[copy];
        view.failed = terminated[copy];
    }

    @Override
    public boolean terminated(int copy) {
        return terminated[copy];
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    /** F: the fraction of the 500 steps the pole stayed up (Gymnasium's return divided by 500). */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return stepInEpisode[copy] / (double) EPISODE_LENGTH;
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
        }
        writeObservations(obs);
    }

    /** The policy observes Gymnasium's observation: [x, xDot, theta, thetaDot] as floats. */
    private void writeObservations(float[] obs) {
        for (int i = 0; i < copies; i++) {
            int o = i * OBSERVATION_SIZE;
            obs[o] = (float) x[i];
            obs[o + 1] = (float) xDot[i];
            obs[o + 2] = (float) theta[i];
            obs[o + 3] = (float) thetaDot[i];
        }
    }
}
