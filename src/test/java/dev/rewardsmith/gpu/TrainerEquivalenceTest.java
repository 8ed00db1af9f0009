package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.acrobot.AcrobotTask;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host build of the whole device trainer against the JVM trainer (rl.PpoTrainer) on the same seed: the same
 * initialization, the same resets, the same sampled actions and the same shuffles give the same episodes (return,
 * length, F and components to double rounding of their sums, checkpoint F exactly) and the same losses and
 * parameters to float rounding (see the tolerances). Discrete tasks only: the Gaussian policy samples by
 * Box-Muller on the device, the JVM trainer by Java's ziggurat.
 */
class TrainerEquivalenceTest {

    /**
     * Relative (to |value| + 0.01) tolerance of the minibatch losses. Both trainers sum the same float terms; the
     * gradient sums run in another order (the JVM's blocked accumulation, the kernels' one thread per parameter
     * over the rows), each float sum of a 256-row minibatch carrying about 256 * 6e-8 of relative rounding, so the
     * parameters drift apart by an ulp or two per Adam step and the losses of later minibatches follow. Measured
     * here: at most 2e-6 relative (cartpole's third epoch policy loss). 1e-5 keeps a margin of five.
     */
    private static final double LOSS_TOLERANCE = 1e-5;

    /** Parameters of order 1 after 60 Adam steps: measured at most 6e-8 apart (half a float ulp at 1). */
    private static final double PARAMETER_TOLERANCE = 1e-6;

    private static HostBackend host;

    @BeforeAll
    static void load() {
        host = GpuTestSupport.host();
    }

    @AfterAll
    static void close() {
        host.close();
    }

    static final class Recorder implements MetricsListener {
        final List<MetricsRecord> epochs = new ArrayList<>();
        final List<Double> checkpoints = new ArrayList<>();

        @Override
        public void onEpoch(MetricsRecord record) {
            epochs.add(record);
        }

        @Override
        public void onCheckpoint(int index, long globalStep, double fitness) {
            checkpoints.add(fitness);
        }
    }

    @Test
    void cartpoleFollowsTheJvmTrainer() {
        Task task = new CartPoleTask();
        PpoConfig cfg = task.ppoDefaults().toBuilder().totalTimesteps(3 * 256).build();
        compare(task, cfg, 11);
    }

    @Test
    void acrobotWithNormalizationFollowsTheJvmTrainer() {
        Task task = new AcrobotTask();
        PpoConfig base = task.ppoDefaults();
        PpoConfig cfg = base.toBuilder()
                .numEnvs(8)
                .numSteps(64)
                .numMinibatches(2)
                .updateEpochs(4)
                .totalTimesteps(2 * 8 * 64)
                .normObs(true)
                .normReward(true)
                .build();
        compare(task, cfg, 5);
    }

    @Test
    void aNonFiniteRewardFailsAtTheSameStepAsTheJvmTrainer() {
        Task task = new CartPoleTask();
        PpoConfig cfg = task.ppoDefaults().toBuilder().totalTimesteps(256).build();
        CompiledReward reward = GpuTestSupport.compile(
                """
                double reward(CartPoleState s, Components c) {
                    double blowUp = 1.0 / (s.step - 3);
                    c.put("blowUp", blowUp);
                    return blowUp;
                }
                """,
                task);
        NonFiniteRewardException java = assertThrows(NonFiniteRewardException.class, () -> new PpoTrainer()
                .train(new TrainingRequest(task, reward.function(), null, cfg, 3, null), new Recorder(), () -> false));
        NonFiniteRewardException device = assertThrows(NonFiniteRewardException.class, () -> new DeviceTrainer(host)
                .train(new DeviceTrainer.Request(task, reward, null, cfg, 3, null, 0), new Recorder(), () -> false));
        // the third step of the first copy: 2 steps of 8 copies before it
        assertEquals(16, java.step());
        assertEquals(java.step(), device.step());
        assertEquals("blowUp", device.component());
        assertEquals(Double.POSITIVE_INFINITY, device.value());
    }

    private static void compare(Task task, PpoConfig cfg, long seed) {
        CompiledReward reward = GpuTestSupport.human(task);
        Recorder java = new Recorder();
        TrainingResult expected = new PpoTrainer()
                .train(
                        new TrainingRequest(task, reward.function(), reward.function(), cfg, seed, null),
                        java,
                        () -> false);
        Recorder device = new Recorder();
        TrainingResult actual = new DeviceTrainer(host)
                .train(new DeviceTrainer.Request(task, reward, reward, cfg, seed, null, 0), device, () -> false);

        assertEquals(java.epochs.size(), device.epochs.size());
        for (int i = 0; i < java.epochs.size(); i++) {
            MetricsRecord j = java.epochs.get(i);
            MetricsRecord d = device.epochs.get(i);
            String where = task.id() + " epoch " + (i + 1) + ": ";
            assertEquals(j.globalStep(), d.globalStep(), where + "global step");
            // the same trajectories: the episode statistics differ only by the order of their double sums
            close(j.episodicReturn(), d.episodicReturn(), 1e-12, where + "return");
            close(j.episodeLength(), d.episodeLength(), 1e-12, where + "length");
            close(j.fitness(), d.fitness(), 1e-12, where + "F");
            assertEquals(j.clipFraction(), d.clipFraction(), where + "clip fraction");
            for (int c = 0; c < j.componentMeans().length; c++) {
                close(j.componentMeans()[c], d.componentMeans()[c], 1e-12, where + "component " + c);
            }
            close(j.humanReward(), d.humanReward(), 1e-12, where + "human reward");
            close(j.policyLoss(), d.policyLoss(), LOSS_TOLERANCE, where + "policy loss");
            close(j.valueLoss(), d.valueLoss(), LOSS_TOLERANCE, where + "value loss");
            close(j.entropy(), d.entropy(), LOSS_TOLERANCE, where + "entropy");
            close(j.approxKl(), d.approxKl(), LOSS_TOLERANCE, where + "approx KL");
        }
        assertEquals(java.checkpoints, device.checkpoints, "checkpoint F");
        float[] pj = codec(task, cfg).fromBytes(expected.bestPolicy()).params();
        float[] pd = codec(task, cfg).fromBytes(actual.bestPolicy()).params();
        for (int i = 0; i < pj.length; i++) {
            assertEquals(pj[i], pd[i], PARAMETER_TOLERANCE, task.id() + " parameter " + i);
        }
    }

    private static void close(double expected, double actual, double tolerance, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) return;
        double scale = Math.abs(expected) + 1e-2;
        if (!(Math.abs(expected - actual) <= tolerance * scale)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual);
        }
    }

    private static PolicyCodec codec(Task task, PpoConfig cfg) {
        return new PolicyCodec(task.observationSize(), task.actionSpace(), cfg.hidden());
    }
}
