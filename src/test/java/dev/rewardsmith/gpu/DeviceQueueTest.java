package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import dev.rewardsmith.task.reacher.ReacherTask;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The training pool behind the search's TrainingQueue port runs a job on the device trainer when the device
 * choice says so (here the host build stands in for the device) and on the JVM trainer otherwise; on the same
 * job both give the same checkpoint F (TrainerEquivalenceTest says why).
 */
class DeviceQueueTest {

    @Test
    void thePoolTrainsOnTheChosenDevice() throws Exception {
        CartPoleTask task = new CartPoleTask();
        PpoConfig cfg = task.ppoDefaults().toBuilder().totalTimesteps(3 * 256).build();
        TrainingJob job = new TrainingJob("c1", 1, "cartpole", task.humanReward(), task.humanReward(), cfg, 9, null);
        try (HostBackend host = GpuTestSupport.host()) {
            List<TrainingEvent.Started> startedOnDevice = new ArrayList<>();
            TrainingResult device = run(
                    new TrainingDevice(TrainingDevice.Setting.GPU, () -> new CudaBackend.Opened(host, null)),
                    job,
                    startedOnDevice);
            List<TrainingEvent.Started> startedOnCpu = new ArrayList<>();
            TrainingResult cpu = run(
                    new TrainingDevice(TrainingDevice.Setting.AUTO, () -> new CudaBackend.Opened(null, "no device")),
                    job,
                    startedOnCpu);
            assertEquals(3, device.checkpointFitness().length);
            assertArrayEquals(cpu.checkpointFitness(), device.checkpointFitness());
            assertEquals(cpu.globalSteps(), device.globalSteps());
            // the Started event says where the training runs, and why the CPU stood in (the candidate shows it)
            assertEquals(1, startedOnDevice.size());
            assertEquals("gpu", startedOnDevice.get(0).device());
            assertNull(startedOnDevice.get(0).deviceReason());
            assertEquals("cpu", startedOnCpu.get(0).device());
            assertEquals("GPU unavailable: no device", startedOnCpu.get(0).deviceReason());
        }
    }

    @Test
    void aTaskWithoutKernelsTrainsOnTheCpuAndSaysWhy() throws Exception {
        ReacherTask task = new ReacherTask();
        PpoConfig cfg = task.ppoDefaults().toBuilder().totalTimesteps(2048).build();
        TrainingJob job = new TrainingJob("c2", 1, "reacher", task.humanReward(), task.humanReward(), cfg, 3, null);
        List<TrainingEvent.Started> started = new ArrayList<>();
        run(
                new TrainingDevice(TrainingDevice.Setting.GPU, () -> {
                    throw new AssertionError("the device is not opened for a task without kernels");
                }),
                job,
                started);
        assertEquals("cpu", started.get(0).device());
        assertEquals(
                "task 'reacher' has no device kernels (cartpole, pendulum, mountain-car and acrobot do)",
                started.get(0).deviceReason());
        List<TrainingEvent.Started> asked = new ArrayList<>();
        run(
                new TrainingDevice(TrainingDevice.Setting.CPU, () -> {
                    throw new AssertionError("the device is not opened when the setting is cpu");
                }),
                job,
                asked);
        assertEquals("cpu", asked.get(0).device());
        assertNull(asked.get(0).deviceReason(), "no reason when the setting asked for the CPU");
    }

    private static TrainingResult run(TrainingDevice device, TrainingJob job, List<TrainingEvent.Started> started)
            throws Exception {
        CompletableFuture<TrainingResult> done = new CompletableFuture<>();
        try (InProcessTrainingQueue queue =
                new InProcessTrainingQueue(1, new TaskRegistry(), new RewardCompiler(), device)) {
            queue.submit(job, new TrainingQueue.Listener() {
                @Override
                public void event(TrainingEvent event) {
                    if (event instanceof TrainingEvent.Started s) started.add(s);
                    if (event instanceof TrainingEvent.Finished f) done.complete(f.result());
                }

                @Override
                public void failed(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            return done.get(120, TimeUnit.SECONDS);
        }
    }
}
