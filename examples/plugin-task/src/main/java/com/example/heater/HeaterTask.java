package com.example.heater;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskResources;
import java.util.List;
import java.util.Locale;

/**
 * An example task from a plugin jar (docs/tasks.md, Task SDK): warm a cold room to its set point with an
 * electric heater and hold it there. Fitness F is the fraction of the episode's last hour spent within 0.5
 * degrees of the set point.
 */
public final class HeaterTask implements Task {

    /** ServiceLoader creates the task through this constructor. */
    public HeaterTask() {}

    @Override
    public String id() {
        return "heater";
    }

    @Override
    public String description() {
        return "Drive an electric heater to warm a cold room to its set point and keep it there.";
    }

    @Override
    public int observationSize() {
        return HeaterEnv.OBSERVATION_SIZE;
    }

    @Override
    public ActionSpace actionSpace() {
        return new ActionSpace.Continuous(new double[] {-1}, new double[] {1});
    }

    @Override
    public int episodeLength() {
        return HeaterEnv.EPISODE_LENGTH;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new HeaterEnv(copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return HeaterState.class;
    }

    @Override
    public String humanReward() {
        return TaskResources.read(HeaterTask.class, "human-reward.java");
    }

    @Override
    public String sparseReward() {
        return TaskResources.read(HeaterTask.class, "sparse-reward.java");
    }

    /** CleanRL's continuous PPO with 8 rooms x 120-step rollouts (one episode per rollout) and a small budget. */
    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.continuousDefaults().toBuilder()
                .totalTimesteps(30_720)
                .numEnvs(8)
                .numSteps(120)
                .numMinibatches(8)
                .build();
    }

    @Override
    public double fitnessThreshold() {
        return 0.5;
    }

    /** A thermometer: the room's temperature as a bar against the set point, the heater's power beside it. */
    @Override
    public Frame render(Object stateView) {
        HeaterState s = (HeaterState) stateView;
        double t = Math.max(-10, Math.min(40, s.temperature));
        return new Frame(
                -1,
                -12,
                3,
                42,
                List.of(
                        new Frame.Rect(0, (t - 10) / 2, 0.4, t + 10, 0, "#cc4c4c"),
                        new Frame.Line(-0.4, s.setPoint, 0.4, s.setPoint, 0.2, "#2e8b57"),
                        new Frame.Rect(1.5, 15 * s.power - 10, 0.4, 30 * s.power, 0, "#e0a030"),
                        new Frame.Text(
                                -0.9,
                                40,
                                1.2,
                                String.format(Locale.ROOT, "%.1f C, power %.0f%%", s.temperature, 100 * s.power),
                                "#333333")));
    }
}
