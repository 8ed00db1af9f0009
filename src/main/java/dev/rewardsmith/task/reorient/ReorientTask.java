package dev.rewardsmith.task.reorient;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code reorient} task: turn a pen by torques to random target attitudes, one after another; F is the
 * number of targets reached (within 0.1 rad) in the 300-step episode, a count and not a fraction.
 */
public final class ReorientTask implements Task {

    @Override
    public String id() {
        return "reorient";
    }

    @Override
    public String description() {
        return "Turn a pen with torques to match random target orientations within 0.1 rad, as many as possible.";
    }

    @Override
    public int observationSize() {
        return ReorientEnv.OBSERVATION_SIZE;
    }

    @Override
    public ActionSpace actionSpace() {
        return new ActionSpace.Continuous(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
    }

    @Override
    public int episodeLength() {
        return ReorientEnv.EPISODE_LENGTH;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new ReorientEnv(copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return ReorientState.class;
    }

    @Override
    public String humanReward() {
        return TaskResources.read(ReorientTask.class, "human-reward.java");
    }

    @Override
    public String sparseReward() {
        return TaskResources.read(ReorientTask.class, "sparse-reward.java");
    }

    /**
     * CleanRL continuous PPO with 16 copies x 256 steps (4096 transitions per epoch). Measured with the ppo
     * branch's trainer (seed 1): checkpoint F 6.8 at 197k steps, 11.9 at 356k, 18.3 at 397k (a proportional
     * controller on the error vector reaches about 10); 500k leaves a margin.
     */
    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.continuousDefaults().toBuilder()
                .totalTimesteps(500_000)
                .numEnvs(16)
                .numSteps(256)
                .numMinibatches(32)
                .updateEpochs(10)
                .gamma(0.99)
                .build();
    }

    /**
     * Targets reached per episode (F is a count here, not in [0, 1]): a target takes at most about 0.6 s of the
     * 12 s episode for a good policy, so 5 means the policy reliably chains targets.
     */
    @Override
    public double fitnessThreshold() {
        return 5;
    }

    /** Isometric view of the pen (blue, orange tip) over a ghost of the target attitude. */
    @Override
    public Frame render(Object stateView) {
        ReorientState s = (ReorientState) stateView;
        List<Frame.Shape> shapes = new ArrayList<>();
        PenPicture.addAxes(shapes);
        PenPicture.addPen(shapes, s.target, 0.008, "#cfd8e3", s.success ? "#7fd27f" : "#f3c89a");
        PenPicture.addPen(shapes, s.orientation, 0.006, "#2c5d8f", "#e67e22");
        double h = PenPicture.VIEW_HALF_SIZE;
        shapes.add(new Frame.Text(
                -0.95 * h,
                0.9 * h,
                0.008,
                String.format(Locale.ROOT, "step %d  error %.2f rad  reached %d", s.step, s.rotationError, s.successes),
                "#333333"));
        return new Frame(-h, -h, h, h, shapes);
    }
}
