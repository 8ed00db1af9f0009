package com.example.heater;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.util.SplittableRandom;

/**
 * A room heated by an electric heater, many rooms at once (struct of arrays). The room loses heat to the outside
 * in proportion to the temperature difference and gains it from the heater (Newton's law of cooling, explicit
 * Euler over one 3-minute step):
 * <pre>
 *   T' = T + (DT / TIME_CONSTANT) * (HEATER_RISE * power - (T - outside))
 * </pre>
 * where power in [0, 1] is the heater's share of full power and HEATER_RISE the steady-state rise above the
 * outside temperature at full power. Episodes last 120 steps (6 hours); nothing terminates them early.
 */
public final class HeaterEnv implements VectorEnv {

    /** Step length over the room's thermal time constant (3 min / 60 min). */
    static final double DT_OVER_TIME_CONSTANT = 0.05;
    /** Steady-state rise above the outside temperature at full power, degrees Celsius. */
    static final double HEATER_RISE = 30.0;
    static final int EPISODE_LENGTH = 120;
    static final int OBSERVATION_SIZE = 3;

    /** F counts the last this many steps (the last hour). */
    @HiddenFromContext
    static final int FITNESS_WINDOW = 20;

    /** F counts a step within this many degrees of the set point. */
    @HiddenFromContext
    static final double FITNESS_BAND = 0.5;

    private final int copies;
    private final SplittableRandom random;
    private final HeaterState view = new HeaterState();

    final double[] temperature;
    final double[] setPoint;
    final double[] outside;
    final double[] action;
    final int[] step;

    @HiddenFromContext
    private final int[] fitnessSteps;

    public HeaterEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        temperature = new double[copies];
        setPoint = new double[copies];
        outside = new double[copies];
        action = new double[copies];
        step = new int[copies];
        fitnessSteps = new int[copies];
    }

    @Override
    public int copies() {
        return copies;
    }

    @Override
    public void reset(float[] obs) {
        for (int i = 0; i < copies; i++) resetCopy(i);
        observe(obs);
    }

    /** A cold room (10 to 16 degrees), a set point in [19, 23] and an outside temperature in [-5, 10]. */
    private void resetCopy(int i) {
        temperature[i] = random.nextDouble(10, 16);
        setPoint[i] = random.nextDouble(19, 23);
        outside[i] = random.nextDouble(-5, 10);
        action[i] = 0;
        step[i] = 0;
        fitnessSteps[i] = 0;
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            double a = actions[i] >= 1 ? 1 : actions[i] <= -1 ? -1 : actions[i] == actions[i] ? actions[i] : -1;
            action[i] = a;
            double power = (a + 1) / 2;
            temperature[i] += DT_OVER_TIME_CONSTANT * (HEATER_RISE * power - (temperature[i] - outside[i]));
            step[i]++;
            countFitness(i);
        }
    }

    @HiddenFromContext
    private void countFitness(int i) {
        if (step[i] > EPISODE_LENGTH - FITNESS_WINDOW && Math.abs(temperature[i] - setPoint[i]) < FITNESS_BAND) {
            fitnessSteps[i]++;
        }
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        view.temperature = temperature[i];
        view.setPoint = setPoint[i];
        view.outside = outside[i];
        view.action[0] = action[i];
        view.power = (action[i] + 1) / 2;
        view.step = step[i];
    }

    @Override
    public boolean terminated(int copy) {
        return false;
    }

    @Override
    public boolean done(int copy) {
        return step[copy] >= EPISODE_LENGTH;
    }

    /** F: the fraction of the last hour (20 steps) spent within 0.5 degrees of the set point. */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return fitnessSteps[copy] / (double) FITNESS_WINDOW;
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done(i)) resetCopy(i);
        }
        observe(obs);
    }

    /** The policy observes, scaled to about [-1, 1]: set point minus temperature, the outside gap, the last power. */
    private void observe(float[] obs) {
        for (int i = 0; i < copies; i++) {
            int o = i * OBSERVATION_SIZE;
            obs[o] = (float) ((setPoint[i] - temperature[i]) / 10);
            obs[o + 1] = (float) ((setPoint[i] - outside[i]) / 30);
            obs[o + 2] = (float) ((action[i] + 1) / 2);
        }
    }
}
