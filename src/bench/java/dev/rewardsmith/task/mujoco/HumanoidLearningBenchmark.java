package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Humanoid learning, a benchmark rather than a CI test (docs/tasks.md, "Learning"): the humanoid trained with its
 * human reward and with its sparse reward, at the same budget and seed, each on its own thread; prints every
 * checkpoint's F as it comes, then F (the best checkpoint), the mean checkpoint F, steps and CPU seconds of each.
 * The task's PPO defaults (32 copies x 256 steps, 256x256 MLP, 10 epochs, 32 minibatches) but the budget. Usage:
 * {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ...
 * dev.rewardsmith.task.mujoco.HumanoidLearningBenchmark [steps, default 262144] [seed, default 1]}.
 */
public final class HumanoidLearningBenchmark {

    private HumanoidLearningBenchmark() {}

    record Outcome(String reward, TrainingResult result, double cpuSeconds) {}

    public static void main(String[] args) {
        long budget = args.length > 0 ? Long.parseLong(args[0]) : 262_144;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        HumanoidTask humanoid = new HumanoidTask();
        System.out.printf(
                Locale.ROOT,
                "humanoid learning: %d steps per training, seed %d, kernels: %s%n",
                budget,
                seed,
                PpoTrainer.kernels());
        CompletableFuture<Outcome> sparse = CompletableFuture.supplyAsync(
                () -> train(humanoid, "sparse", humanoid.sparseReward(), budget, seed),
                r -> Thread.ofPlatform().name("sparse").start(r));
        Outcome human = train(humanoid, "human", humanoid.humanReward(), budget, seed);
        Outcome s = sparse.join();
        for (Outcome o : new Outcome[] {human, s}) {
            TrainingResult r = o.result();
            System.out.printf(
                    Locale.ROOT,
                    "%-6s reward: F %.3f (best checkpoint %d), mean checkpoint F %.3f, checkpoints %s; %d steps in %.0f"
                            + " s wall, %.0f CPU s (%.0f steps per CPU second)%n",
                    o.reward(),
                    r.fitness(),
                    r.bestCheckpoint(),
                    Arrays.stream(r.checkpointFitness()).average().orElseThrow(),
                    format(r.checkpointFitness()),
                    r.globalSteps(),
                    r.wallSeconds(),
                    o.cpuSeconds(),
                    r.globalSteps() / o.cpuSeconds());
        }
    }

    private static Outcome train(HumanoidTask task, String name, String program, long budget, long seed) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        CompileResult c = new RewardCompiler().compile(program, task.stateType());
        RewardFunction reward = ((CompileResult.Compiled) c).reward().function();
        PpoConfig config = task.ppoDefaults().toBuilder().totalTimesteps(budget).build();
        long start = System.nanoTime();
        MetricsListener progress = new MetricsListener() {
            @Override
            public void onEpoch(MetricsRecord m) {}

            @Override
            public void onCheckpoint(int index, long globalStep, double fitness) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-6s checkpoint %d at %d steps: F %.3f (%.0f s)%n",
                        name,
                        index,
                        globalStep,
                        fitness,
                        (System.nanoTime() - start) / 1e9);
            }
        };
        TrainingResult r = new PpoTrainer()
                .train(new TrainingRequest(task, reward, null, config, seed, null), progress, () -> false);
        return new Outcome(name, r, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    private static String format(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++)
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", values[i]));
        return b.append(']').toString();
    }
}
