package dev.rewardsmith.task.cartpole;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskResources;
import java.util.ArrayList;
import java.util.List;

/**
 * Gymnasium CartPole-v1: keep a pole upright on a cart for 500 steps by pushing left or right. Fitness F is the
 * fraction of the 500-step episode balanced (episode length / 500).
 */
public final class CartPoleTask implements Task {

    private static final ActionSpace ACTIONS = new ActionSpace.Discrete(2);

    public CartPoleTask() {}

    @Override
    public String id() {
        return "cartpole";
    }

    @Override
    public String description() {
        return "Push the cart left or right to keep the pole upright and the cart on the track for 500 steps.";
    }

    @Override
    public int observationSize() {
        return CartPoleEnv.OBSERVATION_SIZE;
    }

    @Override
    public ActionSpace actionSpace() {
        return ACTIONS;
    }

    @Override
    public int episodeLength() {
        return CartPoleEnv.EPISODE_LENGTH;
    }

    @Override
    public CartPoleEnv createEnv(int copies, long seed) {
        return new CartPoleEnv(copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return CartPoleState.class;
    }

    @Override
    public String humanReward() {
        return TaskResources.read(CartPoleTask.class, "human-reward.java");
    }

    @Override
    public String sparseReward() {
        return TaskResources.read(CartPoleTask.class, "sparse-reward.java");
    }

    /** The RL Zoo's budget for CartPole-v1, at which the sparse reward learns too (see {@link #ppoDefaults()}). */
    public static final int RL_ZOO_TIMESTEPS = 100_000;

    /**
     * The RL Zoo's tuned CartPole-v1 PPO (8 copies, 32-step rollouts, 20 epochs, lr 1e-3, gamma 0.98, lambda 0.8,
     * no entropy bonus) with a budget of 2e4 steps instead of its 1e5: at 1e5 the sparse reward (CartPole's own
     * alive bonus) balances as well as the human reward (F 0.90 against 1.00 over 5 seeds), so F could not tell
     * reward designs apart; at 2e4 the human reward balances (F 0.97) while the sparse one does not yet (F 0.48),
     * measured over the suite's 5 evaluation seeds (docs/tasks.md).
     */
    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.discreteDefaults().toBuilder()
                .totalTimesteps(20_000)
                .learningRate(1e-3)
                .numEnvs(8)
                .numSteps(32)
                .numMinibatches(1)
                .updateEpochs(20)
                .gamma(0.98)
                .gaeLambda(0.8)
                .entCoef(0.0)
                .build();
    }

    /** The human reward balances most episodes to the end: F of at least 0.8 within the default budget. */
    @Override
    public double fitnessThreshold() {
        return 0.8;
    }

    /** Track with its limits, the cart, and the pole (1 m long) from the cart's top; x in metres. */
    @Override
    public Frame render(Object stateView) {
        CartPoleState s = (CartPoleState) stateView;
        double limit = CartPoleEnv.POSITION_LIMIT;
        double cartTop = 0.15;
        double poleLength = 2 * CartPoleEnv.POLE_HALF_LENGTH;
        List<Frame.Shape> shapes = new ArrayList<>();
        shapes.add(new Frame.Line(-limit - 0.4, 0, limit + 0.4, 0, 0.02, "#555555"));
        shapes.add(new Frame.Line(-limit, -0.15, -limit, 0.15, 0.02, "#cc3333"));
        shapes.add(new Frame.Line(limit, -0.15, limit, 0.15, 0.02, "#cc3333"));
        shapes.add(new Frame.Rect(s.cartPosition, 0.075, 0.5, 0.15, 0, "#333333"));
        double tipX = s.cartPosition + poleLength * Math.sin(s.poleAngle);
        double tipY = cartTop + poleLength * Math.cos(s.poleAngle);
        String poleColor = s.failed ? "#cc3333" : "#c87f3a";
        shapes.add(new Frame.Line(s.cartPosition, cartTop, tipX, tipY, 0.08, poleColor));
        shapes.add(new Frame.Circle(s.cartPosition, cartTop, 0.04, "#8888cc", null));
        double arrow = s.action == 1 ? 0.35 : -0.35;
        shapes.add(new Frame.Line(s.cartPosition, -0.12, s.cartPosition + arrow, -0.12, 0.03, "#3377cc"));
        shapes.add(new Frame.Text(-limit - 0.3, 1.45, 0.12, "step " + s.step, "#333333"));
        return new Frame(-limit - 0.5, -0.4, limit + 0.5, 1.6, shapes);
    }
}
