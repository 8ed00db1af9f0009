package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PpoTrainerTest {

    private static final RewardFunction SCORE = Rewards.of("score", s -> ((ToyEnv.State) s).score);

    private static PpoConfig discrete(long steps) {
        return PpoConfig.discreteDefaults().toBuilder()
                .totalTimesteps(steps)
                .numEnvs(8)
                .numSteps(64)
                .learningRate(1e-2)
                .build();
    }

    private static PpoConfig continuous(long steps) {
        return PpoConfig.continuousDefaults().toBuilder()
                .totalTimesteps(steps)
                .numEnvs(8)
                .numSteps(64)
                .numMinibatches(4)
                .updateEpochs(4)
                .learningRate(1e-2)
                .build();
    }

    private static final class Recorder implements MetricsListener {
        final List<MetricsRecord> epochs = new ArrayList<>();
        final List<double[]> checkpoints = new ArrayList<>();

        @Override
        public void onEpoch(MetricsRecord record) {
            epochs.add(record);
        }

        @Override
        public void onCheckpoint(int index, long globalStep, double fitness) {
            checkpoints.add(new double[] {index, globalStep, fitness});
        }
    }

    @Test
    void discreteToyTaskLearnsInSeconds() {
        Recorder rec = new Recorder();
        TrainingResult r = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(20_480), 1, null),
                        rec,
                        () -> false);
        assertTrue(
                rec.epochs.get(0).fitness() < 0.7,
                "starts near chance: " + rec.epochs.get(0).fitness());
        assertTrue(r.fitness() >= 0.95, "fitness " + r.fitness());
        assertTrue(rec.epochs.get(rec.epochs.size() - 1).episodicReturn() > 7, "return goes up to ~8");
    }

    @Test
    void continuousToyTaskLearnsInSeconds() {
        Recorder rec = new Recorder();
        TrainingResult r = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(true), SCORE, null, continuous(40_960), 2, null),
                        rec,
                        () -> false);
        assertTrue(
                rec.epochs.get(0).fitness() < 0.8,
                "starts low: " + rec.epochs.get(0).fitness());
        assertTrue(r.fitness() >= 0.9, "fitness " + r.fitness());
    }

    @Test
    void aConstantRewardDoesNotLearn() {
        TrainingResult r = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), Rewards.constant(1), null, discrete(20_480), 1, null),
                        MetricsListener.none(),
                        () -> false);
        assertTrue(r.fitness() < 0.8, "fitness " + r.fitness());
    }

    @Test
    void sameSeedAndConfigGiveBitIdenticalMetricsAndPolicy() {
        for (boolean cont : new boolean[] {false, true}) {
            PpoConfig cfg = cont ? continuous(4096) : discrete(4096);
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            RewardFunction human = Rewards.of("h", s -> -((ToyEnv.State) s).target);
            TrainingResult ra = new PpoTrainer()
                    .train(new TrainingRequest(new ToyEnv(cont), SCORE, human, cfg, 42, null), a, () -> false);
            TrainingResult rb = new PpoTrainer()
                    .train(new TrainingRequest(new ToyEnv(cont), SCORE, human, cfg, 42, null), b, () -> false);
            assertEquals(a.epochs.size(), b.epochs.size());
            for (int i = 0; i < a.epochs.size(); i++) {
                Map<String, Double> x = a.epochs.get(i).byName();
                Map<String, Double> y = b.epochs.get(i).byName();
                x.remove(MetricNames.STEPS_PER_SECOND);
                y.remove(MetricNames.STEPS_PER_SECOND);
                assertEquals(x, y, "epoch " + i);
            }
            assertArrayEquals(ra.checkpointFitness(), rb.checkpointFitness());
            assertArrayEquals(ra.bestPolicy(), rb.bestPolicy());
            TrainingResult rc = new PpoTrainer()
                    .train(
                            new TrainingRequest(new ToyEnv(cont), SCORE, human, cfg, 43, null),
                            MetricsListener.none(),
                            () -> false);
            assertNotEquals(
                    ra.checkpointFitness()[7] + " " + java.util.Arrays.hashCode(ra.bestPolicy()),
                    rc.checkpointFitness()[7] + " " + java.util.Arrays.hashCode(rc.bestPolicy()),
                    "seed matters");
        }
    }

    @Test
    void oneThreadReproducesTheReferenceTrajectoryBitForBit() {
        // reference values printed by the trainer at abd9fe2 (feature-major MLP passes); the row-major kernels add
        // every term in the same order, so a change here means the numerics changed, not just the speed
        long[] policyHash = {-1337052192, 1887967311};
        double[] policyLoss = {-6.288475330407755E-4, -0.008763803833289466};
        double[] valueLoss = {3.3638430355261937, 0.00508937051336207};
        for (int c = 0; c < 2; c++) {
            boolean cont = c == 1;
            Recorder rec = new Recorder();
            TrainingResult r = new PpoTrainer()
                    .train(
                            new TrainingRequest(
                                    new ToyEnv(cont), SCORE, null, cont ? continuous(4096) : discrete(4096), 42, null),
                            rec,
                            () -> false);
            MetricsRecord last = rec.epochs.get(rec.epochs.size() - 1);
            assertEquals(policyHash[c], java.util.Arrays.hashCode(r.bestPolicy()), "policy bytes, continuous " + cont);
            assertEquals(policyLoss[c], last.policyLoss(), "continuous " + cont);
            assertEquals(valueLoss[c], last.valueLoss(), "continuous " + cont);
        }
    }

    @Test
    void twoUpdateThreadsAreDeterministicAndLearn() {
        TrainingResult[] runs = new TrainingResult[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = new PpoTrainer(2)
                    .train(
                            new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(20_480), 1, null),
                            MetricsListener.none(),
                            () -> false);
        }
        assertArrayEquals(runs[0].bestPolicy(), runs[1].bestPolicy());
        assertArrayEquals(runs[0].checkpointFitness(), runs[1].checkpointFitness());
        assertTrue(runs[0].fitness() >= 0.95, "fitness " + runs[0].fitness());
        assertThrows(IllegalArgumentException.class, () -> new PpoTrainer(3));
        assertThrows(IllegalArgumentException.class, () -> new PpoTrainer(0));
    }

    /** Lends a second core on every other iteration, as a pool does when trainings start and end. */
    private static final class Alternating implements SpareCores {
        int asked;
        int held;

        @Override
        public boolean tryTake() {
            asked++;
            if (asked % 2 == 0) return false;
            held++;
            return true;
        }

        @Override
        public boolean wanted() {
            asked++;
            return asked % 2 == 0;
        }

        @Override
        public void giveBack() {
            held--;
        }
    }

    @Test
    void aSecondCoreGivesTheOneThreadFloatsBitForBit() {
        // 32 copies: the rollout's forward passes of each step split too; 8 copies: the critic's values follow the
        // rollout, half of its rows on each core (PpoRollouts.SPLIT_MIN_COPIES)
        for (int copies : new int[] {32, 8})
            for (boolean cont : new boolean[] {false, true}) {
                PpoConfig cfg = (cont ? continuous(8192) : discrete(8192))
                        .toBuilder().numEnvs(copies).numSteps(1024 / copies).build();
                Recorder one = new Recorder();
                Recorder two = new Recorder();
                Recorder lent = new Recorder();
                RewardFunction human = Rewards.of("h", s -> -((ToyEnv.State) s).target);
                TrainingRequest request = new TrainingRequest(new ToyEnv(cont), SCORE, human, cfg, 7, null);
                TrainingResult r1 = new PpoTrainer(1).train(request, one, () -> false);
                TrainingResult r2 = new PpoTrainer(2).train(request, two, () -> false);
                Alternating cores = new Alternating();
                TrainingResult r3 = new PpoTrainer(cores).train(request, lent, () -> false);
                assertEquals(8, one.epochs.size());
                for (Recorder other : List.of(two, lent)) {
                    assertEquals(one.epochs.size(), other.epochs.size());
                    for (int i = 0; i < one.epochs.size(); i++) {
                        Map<String, Double> x = one.epochs.get(i).byName();
                        Map<String, Double> y = other.epochs.get(i).byName();
                        x.remove(MetricNames.STEPS_PER_SECOND);
                        y.remove(MetricNames.STEPS_PER_SECOND);
                        assertEquals(x, y, "epoch " + i + ", continuous " + cont + ", copies " + copies);
                    }
                }
                assertArrayEquals(r1.bestPolicy(), r2.bestPolicy());
                assertArrayEquals(r1.bestPolicy(), r3.bestPolicy());
                assertArrayEquals(r1.checkpointFitness(), r3.checkpointFitness());
                assertEquals(8, cores.asked, "asked before every iteration");
                assertEquals(0, cores.held, "every borrowed core given back");
            }
    }

    @Test
    void aFailureOnTheSecondCoreReachesTheCaller() {
        try (SecondCore second = new SecondCore("test-second-core")) {
            int[] ran = new int[2];
            second.runBoth(() -> ran[0]++, () -> ran[1]++);
            assertArrayEquals(new int[] {1, 1}, ran);
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> second.runBoth(() -> ran[0]++, () -> {
                        throw new IllegalStateException("critic failed");
                    }));
            assertEquals("critic failed", e.getMessage());
            second.runBoth(() -> ran[0]++, () -> ran[1]++);
            assertArrayEquals(new int[] {3, 2}, ran, "usable after a failure");
        }
    }

    @Test
    void metricsAndCheckpointsAreReportedAsDescribed() {
        Recorder rec = new Recorder();
        RewardFunction human = Rewards.of("h", s -> ((ToyEnv.State) s).target > 0 ? 2 : 0);
        PpoConfig cfg = discrete(8 * 64 * 20); // 20 epochs of 512 transitions
        TrainingResult r = new PpoTrainer()
                .train(new TrainingRequest(new ToyEnv(false), SCORE, human, cfg, 3, null), rec, () -> false);
        assertEquals(20, rec.epochs.size());
        MetricsRecord first = rec.epochs.get(0);
        assertEquals(1, first.epoch());
        assertEquals(512, first.globalStep());
        assertEquals(List.of("score"), first.componentNames());
        // 512 transitions, 64 episodes of 8 steps finish in every epoch
        assertEquals(8.0, first.episodeLength());
        assertEquals(first.componentMeans()[0] * 8, first.episodicReturn(), 1e-9);
        assertEquals(first.componentMeans()[0], first.fitness(), 1e-9);
        assertEquals(1.0, first.humanReward(), 0.15, "targets are positive half the time");
        // the reward's total is its one component: the same mean per transition
        assertEquals(first.componentMeans()[0], first.rewardMean(), 1e-12);
        assertEquals(1e-2, first.learningRate(), 1e-15);
        assertEquals(1e-2 * (1 - 19.0 / 20), rec.epochs.get(19).learningRate(), 1e-15);
        assertTrue(first.entropy() > 0.6 && first.entropy() <= Math.log(2), "near-uniform policy at start");
        assertTrue(Double.isFinite(first.policyLoss()) && first.valueLoss() > 0 && first.approxKl() >= 0);
        assertTrue(first.clipFraction() >= 0 && first.clipFraction() <= 1);

        assertEquals(10, rec.checkpoints.size());
        assertEquals(10, r.checkpointFitness().length);
        for (int i = 0; i < 10; i++) {
            assertEquals(i, rec.checkpoints.get(i)[0]);
            assertEquals(512 * 2 * (i + 1), rec.checkpoints.get(i)[1], "every other epoch");
            assertEquals(r.checkpointFitness()[i], rec.checkpoints.get(i)[2]);
        }
        double max = java.util.Arrays.stream(r.checkpointFitness()).max().orElseThrow();
        assertEquals(max, r.fitness());
        assertEquals(max, r.checkpointFitness()[r.bestCheckpoint()]);
        assertEquals(512 * 20, r.globalSteps());
        double replay = PolicyEvaluation.fitness(Policy.fromBytes(r.bestPolicy()), new ToyEnv(false), 16, 99);
        assertTrue(replay >= 0.9, "the best policy is kept: " + replay);
    }

    @Test
    void fewerEpochsThanCheckpointsGiveOneCheckpointPerEpoch() {
        TrainingResult r = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(512 * 3), 3, null),
                        MetricsListener.none(),
                        () -> false);
        assertEquals(3, r.checkpointFitness().length);
    }

    @Test
    void aNonFiniteRewardStopsTrainingWithTheComponentAndStep() {
        RewardFunction failing = new RewardFunction() {
            int calls;

            @Override
            public List<String> componentNames() {
                return List.of("fine", "log_of_negative");
            }

            @Override
            public double evaluate(Object state, double[] c) {
                calls++;
                c[0] = 1;
                c[1] = calls == 1000 ? Math.log(-1) : 0;
                return c[0] + c[1];
            }
        };
        Recorder rec = new Recorder();
        NonFiniteRewardException e = assertThrows(NonFiniteRewardException.class, () -> new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), failing, null, discrete(100_000), 1, null),
                        rec,
                        () -> false));
        assertEquals("log_of_negative", e.component());
        assertEquals(999, e.step());
        assertTrue(Double.isNaN(e.value()));
        assertEquals(1, rec.epochs.size(), "stopped in the second epoch's rollout");
    }

    @Test
    void cancellationStopsBetweenEpochs() {
        Recorder rec = new Recorder();
        TrainingCancelledException e = assertThrows(TrainingCancelledException.class, () -> new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(100_000), 1, null),
                        rec,
                        () -> rec.epochs.size() == 3));
        assertEquals(3, e.epoch());
        assertEquals(3, rec.epochs.size());
    }

    @Test
    void fineTuningStartsFromTheGivenPolicy() {
        TrainingResult trained = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(20_480), 1, null),
                        MetricsListener.none(),
                        () -> false);
        Recorder rec = new Recorder();
        new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(512), 9, trained.bestPolicy()),
                        rec,
                        () -> false);
        assertTrue(
                rec.epochs.get(0).fitness() >= 0.9,
                "already good: " + rec.epochs.get(0).fitness());
        byte[] wrongShape = new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(true), SCORE, null, continuous(512), 1, null),
                        MetricsListener.none(),
                        () -> false)
                .bestPolicy();
        assertThrows(IllegalArgumentException.class, () -> new PpoTrainer()
                .train(
                        new TrainingRequest(new ToyEnv(false), SCORE, null, discrete(512), 1, wrongShape),
                        MetricsListener.none(),
                        () -> false));
    }
}
