package dev.rewardsmith.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerWire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker messages keep every bit and refuse what is malformed; the worker command checks its arguments. */
class BrokerWireTest {

    private static final PpoConfig PPO =
            new TaskRegistry().find("cartpole").orElseThrow().ppoDefaults();

    @Test
    void aJobKeepsEverySettingAndItsPolicy() {
        byte[] policy = new byte[10_000];
        Arrays.fill(policy, (byte) 7);
        TrainingJob job = new TrainingJob("c1", 3, "cartpole", "double reward(...) {}", "human", PPO, -5L, policy);
        BrokerWire.JobMessage back = BrokerWire.decodeJob(BrokerWire.encodeJob("job-1", job));
        assertEquals("job-1", back.jobId());
        assertEquals(job.config(), back.job().config());
        assertEquals(
                List.of("c1", 3, "cartpole", "double reward(...) {}", "human", -5L),
                List.of(
                        back.job().candidateId(),
                        back.job().attempt(),
                        back.job().task(),
                        back.job().program(),
                        back.job().humanReward(),
                        back.job().seed()));
        assertArrayEquals(policy, back.job().initialPolicy());
        // 10,000 equal bytes deflate to far less than they are
        assertTrue(BrokerWire.encodeJob("job-1", job).length < 1_000);
    }

    @Test
    void reportsKeepNaNsAndEveryBit() {
        MetricsRecord r = new MetricsRecord(
                4,
                2048,
                1234.5,
                Double.NaN,
                12.0,
                0.1 + 0.2,
                List.of("upright"),
                new double[] {-0.0},
                Double.NaN,
                1e-300,
                2,
                3,
                4,
                5,
                6);
        var epoch =
                (BrokerWire.Epoch) BrokerWire.decodeReport(BrokerWire.encode(new BrokerWire.Epoch("j", "r", "w", r)));
        assertEquals(r.byName().toString(), epoch.record().byName().toString());
        assertEquals(
                Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(epoch.record().componentMeans()[0]));
        TrainingResult result = new TrainingResult(
                0.30000000000000004, new double[] {0.1, 0.30000000000000004}, 1, new byte[] {1, 2, 3}, 5000, 1.5);
        var fin = (BrokerWire.Finished)
                BrokerWire.decodeReport(BrokerWire.encode(new BrokerWire.Finished("j", "r", "w", result)));
        assertEquals(0.30000000000000004, fin.result().fitness());
        assertArrayEquals(new double[] {0.1, 0.30000000000000004}, fin.result().checkpointFitness());
        assertArrayEquals(new byte[] {1, 2, 3}, fin.result().bestPolicy());
        var failed = (BrokerWire.Failed) BrokerWire.decodeReport(
                BrokerWire.encode(new BrokerWire.Failed("j", "r", "w", true, "step 3: upright is NaN")));
        assertEquals("step 3: upright is NaN", failed.reason());
        assertTrue(failed.rewardsFault());
        var started = (BrokerWire.Started) BrokerWire.decodeReport(
                BrokerWire.encode(new BrokerWire.Started("j", "r", "w", "cpu", "GPU unavailable: no CUDA driver")));
        assertEquals("cpu", started.device());
        assertEquals("GPU unavailable: no CUDA driver", started.deviceReason());
        var unknown = (BrokerWire.Started)
                BrokerWire.decodeReport(BrokerWire.encode(new BrokerWire.Started("j", "r", "w", null, null)));
        assertEquals(null, unknown.device());
        assertEquals(null, unknown.deviceReason());
    }

    @Test
    void malformedMessagesAreRefused() {
        byte[] good = BrokerWire.encode(new BrokerWire.Started("j", "r", "w", "cpu", "no device"));
        assertThrows(
                IllegalArgumentException.class, () -> BrokerWire.decodeReport(Arrays.copyOf(good, good.length - 1)));
        assertThrows(
                IllegalArgumentException.class, () -> BrokerWire.decodeReport(Arrays.copyOf(good, good.length + 1)));
        byte[] otherVersion = good.clone();
        otherVersion[3] = 9;
        assertThrows(IllegalArgumentException.class, () -> BrokerWire.decodeReport(otherVersion));
        assertThrows(IllegalArgumentException.class, () -> BrokerWire.decodeJob(good));
        assertThrows(IllegalArgumentException.class, () -> BrokerWire.decodeHeartbeat(new byte[0]));
    }

    @Test
    void theWorkerCommandRefusesBadArguments() {
        assertEquals(2, run("--concurrency", "0", "--broker", "amqp://x"));
        assertEquals(2, run("--broker", "http://host"));
        assertEquals(2, run("--broker", "amqp://x", "--name", "no spaces"));
        assertEquals(2, run("--bogus", "1"));
        assertEquals(0, run("--help"));
    }

    private static int run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return WorkerMain.run(args, out, out);
    }
}
