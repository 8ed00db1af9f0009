package dev.rewardsmith.work;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Trains cartpole and pendulum briefly, results discarded, so that the JIT has compiled the trainer's code before
 * the first search (bench/README.md, "In-server trainings"). Until then the Vector API kernels run their Java
 * fallback, and C2 compiles the trainer's loops while the first training runs. The warm-up trains as the pool
 * trains a search's candidate: CleanRL's shapes (64 copies x 128 steps, 4 epochs, 4 minibatches), the task's human
 * reward as the reward and as the human reward (both are evaluated every step), a second core lent on most
 * iterations and not on some (as the pool's lease does), and checkpoint evaluations. A warm-up with one thread and
 * no human reward left those branches unprofiled: C2 compiled the rollout and the update without them, and
 * recompiled both (and the environment's step) when the first search's training took them.
 */
public final class TrainerWarmUp {

    /** The tasks trained: one discrete and one continuous action space. */
    public static final List<String> TASKS = List.of("cartpole", "pendulum");

    /** Iterations per task (8,192 steps each). */
    public static final int ITERATIONS = 12;

    /** How long the JIT must have finished nothing before the warm-up ends. */
    static final long QUIET_MILLIS = 1_000;

    /** The longest wait for a quiet JIT after the trainings. */
    static final long MAX_WAIT_MILLIS = 15_000;

    private TrainerWarmUp() {}

    /**
     * Trains each of {@link #TASKS} that is registered and whose human reward compiles, for {@code iterations}
     * iterations, on the calling thread and a second one.
     *
     * @return how many tasks were trained
     */
    public static int run(TaskRegistry tasks, RewardCompiler compiler, int iterations) {
        int trained = 0;
        for (String id : TASKS) {
            Task task = tasks.find(id).orElse(null);
            if (task == null
                    || !(compiler.compile(task.humanReward(), task.stateType())
                            instanceof CompileResult.Compiled compiled)) continue;
            PpoConfig config = task.ppoDefaults().toBuilder()
                    .numEnvs(64)
                    .numSteps(128)
                    .numMinibatches(4)
                    .updateEpochs(4)
                    .totalTimesteps((long) iterations * 64 * 128)
                    .build();
            var reward = compiled.reward().function();
            new PpoTrainer(2)
                    .train(
                            new TrainingRequest(task, reward, reward, config, 1, null),
                            MetricsListener.none(),
                            () -> false);
            trained++;
        }
        return trained;
    }

    /**
     * Waits until the JIT has finished no compilation for {@link #QUIET_MILLIS} (at most {@link #MAX_WAIT_MILLIS}):
     * C2 compiles the hottest methods of the last iterations after they ran, and a search started meanwhile would
     * pay for them. The warm-up's "warmed up" therefore comes after this.
     */
    public static void awaitQuietCompiler() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000L;
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET_MILLIS * 1_000_000L) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }
}
