package dev.rewardsmith.task.mountaincar;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * Gymnasium's MountainCarContinuous-v0 over many copies: an underpowered car in a valley must rock back and forth
 * to build momentum and drive up the right hill to the flag at 0.45. Same equations, constants, clipping,
 * termination and reset distribution as Gymnasium, step for step, including its float32 storage of the state.
 */
public final class MountainCarEnv implements VectorEnv {

    static final double MIN_ACTION = -1.0;
    static final double MAX_ACTION = 1.0;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.45;
    static final double GOAL_VELOCITY = 0.0;
    static final double POWER = 0.0015; // velocity gained per step per unit of force
    static final double GRAVITY = 0.0025; // velocity lost per step on the slope, times cos(3 * position)
    static final int EPISODE_LENGTH = 999;
    static final int OBSERVATION_SIZE = 2;

    private final int copies;
    private final SplittableRandom random;

    // State of every copy (struct of arrays, indexed by copy).
    final double[] position;
    final double[] velocity;
    final double[] lastForce; // after clipping
    final int[] stepInEpisode;
    final boolean[] terminated;
    final boolean[] done;

    private final MountainCarState view = new MountainCarState();

    public MountainCarEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        position = new double[copies];
        velocity = new double[copies];
        lastForce = new double[copies];
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

    /** Gymnasium's reset: position uniform in [-0.6, -0.4] (near the valley floor), at rest. */
    private void resetCopy(int i) {
        position[i] = random.nextDouble(-0.6, -0.4);
        velocity[i] = 0.0;
        stepInEpisode[i] = 0;
        terminated[i] = false;
        done[i] = false;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            double force = Math.min(Math.max(actions[i], MIN_ACTION), MAX_ACTION);
            double p = position[i];
            // The engine pushes along the track; gravity pulls down the slope of the hills y = sin(3 x).
            double v = velocity[i] + (force * POWER - GRAVITY * Math.cos(3 * p));
            if (v > MAX_SPEED) v = MAX_SPEED;
            if (v < -MAX_SPEED) v = -MAX_SPEED;
            p += v;
            if (p > MAX_POSITION) p = MAX_POSITION;
            if (p < MIN_POSITION) p = MIN_POSITION;
            if (p == MIN_POSITION && v < 0) v = 0; // the left wall stops the car (inelastic)

            lastForce[i] = force;
            stepInEpisode[i]++;
            terminated[i] = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
            done[i] = terminated[i] || stepInEpisode[i] >= EPISODE_LENGTH;
            // Gymnasium stores the state as float32; the next step starts from the rounded values.
            position[i] = (float) p;
            velocity[i] = (float) v;
        }
    }

    @Override
    public MountainCarState stateView() {
        return view;
    }

    @Override
    public void loadStateView(int copy) {
        view.position = position[copy];
        view.velocity = velocity[copy];
        view.height = Math.sin(3 * position[copy]);
        view.action[0] = lastForce[copy];
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

    /** F: 1 when the episode reached the goal, else 0 (the average over episodes is the success rate). */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return terminated[copy] ? 1.0 : 0.0;
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
        }
        writeObservations(obs);
    }

    /** The policy observes Gymnasium's observation: [position, velocity] as floats. */
    private void writeObservations(float[] obs) {
        for (int i = 0; i < copies; i++) {
            obs[i * OBSERVATION_SIZE] = (float) position[i];
            obs[i * OBSERVATION_SIZE + 1] = (float) velocity[i];
        }
    }
}
