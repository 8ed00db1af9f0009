package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Potential-based shaping in the trainer and the rollout recorder: each step adds gamma * phi(s') - phi(s), where
 * s' is the state the policy sees next (ToyEnv shows a new target after every step, without ending the episode)
 * and, at the episode's length (a truncation), the step's own last state. The expected values are written from
 * that definition over the targets the environment showed, not from the implementation.
 */
class PotentialShapingTest {

    /** The toy task's score, with the shown target as its potential. */
    static RewardFunction scoreWithPotential(ToDoubleFunction<Object> potential) {
        return new RewardFunction() {
            @Override
            public List<String> componentNames() {
                return List.of("score", "potential_shaping");
            }

            @Override
            public double evaluate(Object state, double[] components) {
                components[0] = ((ToyEnv.State) state).score;
                components[1] = 0;
                return components[0];
            }

            @Override
            public boolean hasPotential() {
                return true;
            }

            @Override
            public double potential(Object state) {
                return potential.applyAsDouble(state);
            }
        };
    }

    @Test
    void theRecorderAddsEachStepsShapingTerm() {
        double gamma = 0.9;
        Rollout r = new RolloutRecorder()
                .record(
                        new ToyEnv(false),
                        Policy.initial(1, new ActionSpace.Discrete(2), List.of(4), false, 0, new SplittableRandom(1))
                                .toBytes(),
                        scoreWithPotential(s -> ((ToyEnv.State) s).target),
                        gamma,
                        77,
                        s -> "",
                        s -> "");
        assertEquals(List.of("score", "potential_shaping"), r.componentNames());
        // ToyEnv draws the first target at the reset and a new one after every step, from the seed
        SplittableRandom draws = new SplittableRandom(77);
        double[] shown = new double[ToyEnv.LENGTH];
        for (int k = 0; k < ToyEnv.LENGTH; k++) shown[k] = draws.nextDouble(-1, 1);
        assertEquals(ToyEnv.LENGTH, r.steps().size());
        for (int k = 0; k < ToyEnv.LENGTH; k++) {
            RolloutStep step = r.steps().get(k);
            boolean last = k == ToyEnv.LENGTH - 1; // truncated: the last state's own potential
            double term = last ? gamma * shown[k] - shown[k] : gamma * shown[k + 1] - shown[k];
            assertEquals(term, step.components()[1], 0.0, "step " + k);
            assertEquals(step.components()[0] + term, step.reward(), 0.0, "step " + k);
        }
    }

    /** ToyEnv, recording the target every copy shows after each reset and auto-reset. */
    private static final class Watched extends EnvironmentWrapper {
        final ToyEnv toy;
        final List<double[]> shown = new ArrayList<>();

        Watched() {
            this(new ToyEnv(false));
        }

        private Watched(ToyEnv toy) {
            super(toy);
            this.toy = toy;
        }

        @Override
        public VectorEnv createEnv(int copies, long seed) {
            VectorEnv env = toy.createEnv(copies, seed);
            return new VectorEnv() {
                private void record() {
                    double[] targets = new double[copies];
                    for (int i = 0; i < copies; i++) {
                        env.loadStateView(i);
                        targets[i] = ((ToyEnv.State) env.stateView()).target;
                    }
                    shown.add(targets);
                }

                @Override
                public int copies() {
                    return copies;
                }

                @Override
                public void reset(float[] obs) {
                    env.reset(obs);
                    record();
                }

                @Override
                public void step(float[] actions) {
                    env.step(actions);
                }

                @Override
                public Object stateView() {
                    return env.stateView();
                }

                @Override
                public void loadStateView(int copy) {
                    env.loadStateView(copy);
                }

                @Override
                public boolean terminated(int copy) {
                    return env.terminated(copy);
                }

                @Override
                public boolean done(int copy) {
                    return env.done(copy);
                }

                @Override
                public double episodeFitness(int copy) {
                    return env.episodeFitness(copy);
                }

                @Override
                public void autoReset(float[] obs) {
                    env.autoReset(obs);
                    record();
                }
            };
        }
    }

    @Test
    void theTrainerAddsTheShapingTermToTheRewardAndRecordsItsComponent() {
        Watched env = new Watched();
        PpoConfig cfg = PpoConfig.discreteDefaults().toBuilder()
                .totalTimesteps(8 * 64)
                .numEnvs(8)
                .numSteps(64)
                .gamma(0.95)
                .build();
        List<MetricsRecord> epochs = new ArrayList<>();
        new PpoTrainer()
                .train(
                        new TrainingRequest(
                                env, scoreWithPotential(s -> ((ToyEnv.State) s).target), null, cfg, 5, null),
                        new MetricsListener() {
                            @Override
                            public void onEpoch(MetricsRecord record) {
                                epochs.add(record);
                            }

                            @Override
                            public void onCheckpoint(int index, long globalStep, double fitness) {}
                        },
                        () -> false);
        MetricsRecord first = epochs.get(0);
        assertEquals(List.of("score", "potential_shaping"), first.componentNames());
        // the rollout's first 64 steps: shown.get(k) is what the copies showed before step k
        double sum = 0;
        for (int k = 0; k < 64; k++) {
            for (int e = 0; e < 8; e++) {
                boolean truncated = (k + 1) % ToyEnv.LENGTH == 0;
                double now = env.shown.get(k)[e];
                double next = truncated ? now : env.shown.get(k + 1)[e];
                sum += 0.95 * next - now;
            }
        }
        assertTrue(Math.abs(sum) > 1e-3, "a test that can fail: the terms do not cancel");
        assertEquals(sum / 512, first.componentMeans()[1], 1e-12);
        assertEquals(first.componentMeans()[0] + first.componentMeans()[1], first.rewardMean(), 1e-12);
    }

    @Test
    void aNonFinitePotentialStopsTrainingNamingTheShaping() {
        int[] calls = {0};
        RewardFunction failing = scoreWithPotential(s -> ++calls[0] == 300 ? Double.NaN : 0.5);
        NonFiniteRewardException e = assertThrows(NonFiniteRewardException.class, () -> new PpoTrainer()
                .train(
                        new TrainingRequest(
                                new ToyEnv(false),
                                failing,
                                null,
                                PpoConfig.discreteDefaults().toBuilder()
                                        .totalTimesteps(100_000)
                                        .numEnvs(8)
                                        .numSteps(64)
                                        .build(),
                                1,
                                null),
                        MetricsListener.none(),
                        () -> false));
        assertEquals("potential_shaping", e.component());
        assertTrue(Double.isNaN(e.value()));
        // 8 calls at the first reset, then 8 per step and 8 more (the truncated copies' last states) at every
        // eighth: 72 per episode, so call 300 = 8 + 4 * 72 + 4 is copy 3 of step 32 (global step 32 * 8 + 3)
        assertEquals(32 * 8 + 3, e.step());
    }
}
