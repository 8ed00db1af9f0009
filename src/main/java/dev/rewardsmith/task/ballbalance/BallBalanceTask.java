package dev.rewardsmith.task.ballbalance;

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
 * The {@code ball-balance} task: tilt a square table on two axes to bring a rolling ball to the centre and keep
 * it there; F is the fraction of the episode with the ball on the table and within 0.1 m of the centre.
 */
public final class BallBalanceTask implements Task {

    @Override
    public String id() {
        return "ball-balance";
    }

    @Override
    public String description() {
        return "Tilt a square table on two axes to roll a ball to its centre and keep it there.";
    }

    @Override
    public int observationSize() {
        return BallBalanceEnv.OBSERVATION_SIZE;
    }

    @Override
    public ActionSpace actionSpace() {
        return new ActionSpace.Continuous(new double[] {-1, -1}, new double[] {1, 1});
    }

    @Override
    public int episodeLength() {
        return BallBalanceEnv.EPISODE_LENGTH;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new BallBalanceEnv(copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return BallBalanceState.class;
    }

    @Override
    public String humanReward() {
        return TaskResources.read(BallBalanceTask.class, "human-reward.java");
    }

    @Override
    public String sparseReward() {
        return TaskResources.read(BallBalanceTask.class, "sparse-reward.java");
    }

    /**
     * CleanRL continuous PPO with 8 copies x 256 steps per batch: the dynamics are two decoupled double
     * integrators with a servo lag. The budget is 4e4 steps: at 2e5 the sparse reward, which the ball meets by
     * chance from its start within 0.3 m of the centre, centres the ball as well as the human reward (F 0.890
     * against 0.891 over the suite's 5 evaluation seeds); at 4e4 the human reward centres it (F 0.81) while the
     * sparse one mostly has not found the centre yet (F 0.24), docs/tasks.md.
     */
    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.continuousDefaults().toBuilder()
                .totalTimesteps(40_000)
                .numEnvs(8)
                .numSteps(256)
                .numMinibatches(32)
                .updateEpochs(10)
                .gamma(0.99)
                .build();
    }

    /**
     * Fraction of the episode centred; a ball starting up to 0.42 m out needs about a second to arrive, so
     * 0.6 means the policy centres it quickly and holds it.
     */
    @Override
    public double fitnessThreshold() {
        return 0.6;
    }

    /** Top view: table (shaded by tilt), the 0.1 m centre zone, the ball, and the tilt as an arrow. */
    @Override
    public Frame render(Object stateView) {
        BallBalanceState s = (BallBalanceState) stateView;
        double h = BallBalanceEnv.TABLE_HALF_SIZE;
        List<Frame.Shape> shapes = new ArrayList<>();
        shapes.add(new Frame.Rect(0, 0, 2 * h, 2 * h, 0, "#d9c7a3"));
        shapes.add(new Frame.Polygon(new double[] {-h, -h, h, -h, h, h, -h, h}, null, "#8a6d3b"));
        shapes.add(new Frame.Circle(
                0,
                0,
                BallBalanceEnv.CENTRE_RADIUS,
                s.onTable && s.distance < BallBalanceEnv.CENTRE_RADIUS ? "#b9e4b9" : "#efe3c8",
                "#4f8a4f"));
        // Tilt arrow: from the centre towards the low side, full length at the tilt limit.
        double ax = 0.4 * s.tiltX / BallBalanceEnv.MAX_TILT;
        double ay = 0.4 * s.tiltY / BallBalanceEnv.MAX_TILT;
        shapes.add(new Frame.Line(0, 0, ax, ay, 0.012, "#7a5a9a"));
        shapes.add(new Frame.Circle(ax, ay, 0.015, "#7a5a9a", "#7a5a9a"));
        shapes.add(new Frame.Circle(s.ballX, s.ballY, 0.03, s.onTable ? "#c0392b" : "#888888", "#5a1a12"));
        shapes.add(new Frame.Text(
                -0.58, 0.55, 0.04, String.format(Locale.ROOT, "step %d  r=%.3f m", s.step, s.distance), "#333333"));
        return new Frame(-0.6, -0.6, 0.6, 0.6, shapes);
    }
}
