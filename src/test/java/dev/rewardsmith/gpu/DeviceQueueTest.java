package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import dev.rewardsmith.work.InProcessTrainingQueue;
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
            TrainingResult device =
                    run(new TrainingDevice(TrainingDevice.Setting.GPU, () -> new CudaBackend.Opened(host, null)), job);
            TrainingResult cpu = run(
                    new TrainingDevice(TrainingDevice.Setting.AUTO, () -> new CudaBackend.Opened(null, "no device")),
                    job);
            assertEquals(3, device.checkpointFitness().length);
            assertArrayEquals(cpu.checkpointFitness(), device.checkpointFitness());
            assertEquals(cpu.globalSteps(), device.globalSteps());
        }
    }

    private static TrainingResult run(TrainingDevice device, TrainingJob job) throws Exception {
        CompletableFuture<TrainingResult> done = new CompletableFuture<>();
        try (InProcessTrainingQueue queue =
                new InProcessTrainingQueue(1, new TaskRegistry(), new RewardCompiler(), device)) {
            queue.submit(job, new TrainingQueue.Listener() {
                @Override
                public void event(TrainingEvent event) {
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
