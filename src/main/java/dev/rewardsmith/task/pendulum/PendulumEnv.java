package dev.rewardsmith.task.pendulum;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * Gymnasium's Pendulum-v1 over many copies: an underactuated pendulum on a motorised pivot starts at a random angle
 * and must be swung up and held upright; the torque (at most 2 N m) is too weak to lift it directly. Same
 * equations, constants, semi-implicit Euler update, clipping and reset distribution as Gymnasium, step for step.
 * The episode always lasts 200 steps (no termination).
 */
public final class PendulumEnv implements VectorEnv {

    static final double GRAVITY = 10.0; // m/s^2
    static final double MASS = 1.0; // kg, at the rod's end
    static final double LENGTH = 1.0; // m
    static final double DT = 0.05; // seconds per step
    static final double MAX_SPEED = 8.0; // rad/s: the angular velocity is clipped to [-8, 8]
    static final double MAX_TORQUE = 2.0; // N m: the action is clipped to [-2, 2]
    static final double RESET_SPEED_BOUND = 1.0; // the angular velocity starts uniform in [-1, 1]

    @HiddenFromContext
    static final double UPRIGHT_TOLERANCE = 0.2; // rad, F's upright band

    static final int EPISODE_LENGTH = 200;
    static final int OBSERVATION_SIZE = 3;

    private final int copies;
    private final SplittableRandom random;

    // State of every copy (struct of arrays, indexed by copy).
    final double[] theta; // angle from upright, rad, counter-clockwise; not wrapped (as in Gymnasium)
    final double[] thetaDot; // angular velocity, rad/s
    final double[] lastTorque; // N m, after clipping
    final int[] stepInEpisode;
    final boolean[] done;

    @HiddenFromContext
    final int[] fitnessUprightSteps;

    private final PendulumState view = new PendulumState();

    public PendulumEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        theta = new double[copies];
        thetaDot = new double[copies];
        lastTorque = new double[copies];
        stepInEpisode = new int[copies];
        done = new boolean[copies];
        fitnessUprightSteps = new int[copies];
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

    /** Gymnasium's reset: angle uniform in [-pi, pi], angular velocity uniform in [-1, 1]. */
    private void resetCopy(int i) {
        theta[i] = random.nextDouble(-Math.PI, Math.PI);
        thetaDot[i] = random.nextDouble(-RESET_SPEED_BOUND, RESET_SPEED_BOUND);
        stepInEpisode[i] = 0;
        done[i] = false;
        fitnessUprightSteps[i] = 0;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            double torque = Math.clamp(actions[i], -MAX_TORQUE, MAX_TORQUE);
            // theta'' = 3 g / (2 l) sin(theta) + 3 / (m l^2) torque; semi-implicit Euler: velocity first, clipped,
            // then the angle advances with the new velocity.
            double newThetaDot = thetaDot[i]
                    + (3 * GRAVITY / (2 * LENGTH) * Math.sin(theta[i]) + 3.0 / (MASS * LENGTH * LENGTH) * torque) * DT;
            newThetaDot = Math.clamp(newThetaDot, -MAX_SPEED, MAX_SPEED);
            theta[i] = theta[i] + newThetaDot * DT;
            thetaDot[i] = newThetaDot;

            lastTorque[i] = torque;
            stepInEpisode[i]++;
            done[i] = stepInEpisode[i] >= EPISODE_LENGTH;
            countFitness(i);
        }
    }

    /** F counts the steps of the second half (101..200) that end within 0.2 rad of upright. */
    @HiddenFromContext
    private void countFitness(int i) {
        if (stepInEpisode[i] > EPISODE_LENGTH / 2 && Math.abs(normalizeAngle(theta[i])) < UPRIGHT_TOLERANCE) {
            fitnessUprightSteps[i]++;
        }
    }

    /** Wraps an angle to [-pi, pi) like Gymnasium's angle_normalize ((x + pi) mod 2 pi) - pi. */
    static double normalizeAngle(double x) {
        double m = x + Math.PI;
        if (m < 0 || m >= 2 * Math.PI) { // the remainder is slow, and returns m unchanged inside [0, 2 pi)
            m = m % (2 * Math.PI);
            if (m < 0) m += 2 * Math.PI; // Python's % takes the sign of the divisor
        }
        return m - Math.PI;
    }

    @Override
    public PendulumState stateView() {
        return view;
    }

    @Override
    public void loadStateView(int copy) {
        double angle = normalizeAngle(theta[copy]);
        view.angle = angle;
        view.angularVelocity = thetaDot[copy];
        view.cosAngle = Math.cos(theta[copy]);
        view.sinAngle = Math.sin(theta[copy]);
        view.action[0] = lastTorque[copy];
        view.step = stepInEpisode[copy];
    }

    /** The pendulum never terminates; every episode is truncated after 200 steps. */
    @Override
    public boolean terminated(int copy) {
        return false;
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    /** F: the fraction of the second half of the episode spent within 0.2 rad of upright. */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return fitnessUprightSteps[copy] / (double) (EPISODE_LENGTH / 2);
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
        }
        writeObservations(obs);
    }

    /** The policy observes Gymnasium's observation: [cos(theta), sin(theta), thetaDot] as floats. */
    private void writeObservations(float[] obs) {
        for (int i = 0; i < copies; i++) {
            int o = i * OBSERVATION_SIZE;
            obs[o] = (float) Math.cos(theta[i]);
            obs[o + 1] = (float) Math.sin(theta[i]);
            obs[o + 2] = (float) thetaDot[i];
        }
    }
}
