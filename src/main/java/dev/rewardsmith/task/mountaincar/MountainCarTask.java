package dev.rewardsmith.task.mountaincar;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskResources;
import java.util.ArrayList;
import java.util.List;

/**
 * Gymnasium MountainCarContinuous-v0: rock an underpowered car out of a valley up to the flag. Fitness F is 1 when
 * the episode reaches the goal (position 0.45, velocity >= 0) within 999 steps, else 0; averaged, the success rate.
 */
public final class MountainCarTask implements Task {

    private static final ActionSpace ACTIONS = new ActionSpace.Continuous(
            new double[] {MountainCarEnv.MIN_ACTION}, new double[] {MountainCarEnv.MAX_ACTION});

    public MountainCarTask() {}

    @Override
    public String id() {
        return "mountain-car";
    }

    @Override
    public String description() {
        return "Drive an underpowered car back and forth to build momentum and reach the flag on the right hill.";
    }

    @Override
    public int observationSize() {
        return MountainCarEnv.OBSERVATION_SIZE;
    }

    @Override
    public ActionSpace actionSpace() {
        return ACTIONS;
    }

    @Override
    public int episodeLength() {
        return MountainCarEnv.EPISODE_LENGTH;
    }

    @Override
    public MountainCarEnv createEnv(int copies, long seed) {
        return new MountainCarEnv(copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return MountainCarState.class;
    }

    @Override
    public String humanReward() {
        return TaskResources.read(MountainCarTask.class, "human-reward.java");
    }

    @Override
    public String sparseReward() {
        return TaskResources.read(MountainCarTask.class, "sparse-reward.java");
    }

    /**
     * After the RL Zoo's MountainCarContinuous-v0 PPO (normalization on, gamma 0.9999, lambda 0.9, clip 0.1, 10
     * epochs, vf 0.19, max grad norm 5) with 8 copies of 256-step rollouts instead of its state-dependent
     * exploration; the energy-shaped human reward makes the goal reachable without it. The budget is 30,720 steps
     * (15 batches): at 1e5 the sparse reward finds the flag by chance and learns it in 4 of the suite's 5
     * evaluation seeds (F 0.80; the human reward reached 1.00 there over 2 seeds); at 30,720 the human reward reaches it in every
     * seed (F 1.00) and the sparse one in 3 (F 0.60), docs/tasks.md.
     */
    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.continuousDefaults().toBuilder()
                .totalTimesteps(30_720)
                .learningRate(3e-4)
                .numEnvs(8)
                .numSteps(256)
                .numMinibatches(8)
                .updateEpochs(10)
                .gamma(0.9999)
                .gaeLambda(0.9)
                .clipCoef(0.1)
                .entCoef(0.004)
                .vfCoef(0.19)
                .maxGradNorm(5.0)
                .build();
    }

    /** The human reward reaches the flag in most episodes: F (success rate) of at least 0.9. */
    @Override
    public double fitnessThreshold() {
        return 0.9;
    }

    /** The hills y = 0.45 sin(3 x) + 0.55 (Gymnasium's drawing), the flag at 0.45 and the car as a disc. */
    @Override
    public Frame render(Object stateView) {
        MountainCarState s = (MountainCarState) stateView;
        List<Frame.Shape> shapes = new ArrayList<>();
        int segments = 60;
        double[] ground = new double[2 * (segments + 3)];
        for (int k = 0; k <= segments; k++) {
            double x = MountainCarEnv.MIN_POSITION
                    + k * (MountainCarEnv.MAX_POSITION - MountainCarEnv.MIN_POSITION) / segments;
            ground[2 * k] = x;
            ground[2 * k + 1] = trackY(x);
        }
        ground[2 * segments + 2] = MountainCarEnv.MAX_POSITION;
        ground[2 * segments + 3] = 0;
        ground[2 * segments + 4] = MountainCarEnv.MIN_POSITION;
        ground[2 * segments + 5] = 0;
        shapes.add(new Frame.Polygon(ground, "#d9cfa8", "#8a7b4f"));
        double flagY = trackY(MountainCarEnv.GOAL_POSITION);
        shapes.add(new Frame.Line(
                MountainCarEnv.GOAL_POSITION, flagY, MountainCarEnv.GOAL_POSITION, flagY + 0.12, 0.008, "#333333"));
        shapes.add(new Frame.Polygon(
                new double[] {
                    MountainCarEnv.GOAL_POSITION,
                    flagY + 0.12,
                    MountainCarEnv.GOAL_POSITION + 0.06,
                    flagY + 0.1,
                    MountainCarEnv.GOAL_POSITION,
                    flagY + 0.08
                },
                "#e8c020",
                null));
        double carY = trackY(s.position) + 0.04;
        shapes.add(new Frame.Circle(s.position, carY, 0.04, s.atGoal ? "#33aa55" : "#3366cc", "#223355"));
        shapes.add(new Frame.Line(s.position, carY, s.position + 0.08 * s.action[0], carY, 0.01, "#cc3333"));
        shapes.add(new Frame.Text(-1.15, 1.12, 0.05, "step " + s.step, "#333333"));
        return new Frame(MountainCarEnv.MIN_POSITION, 0, MountainCarEnv.MAX_POSITION, 1.2, shapes);
    }

    private static double trackY(double x) {
        return 0.45 * Math.sin(3 * x) + 0.55;
    }
}
