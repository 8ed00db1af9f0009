package dev.rewardsmith.search;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.InProcessTrainingQueue;
import dev.rewardsmith.work.TrainerWarmUp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training of bench/README.md's in-server search (cartpole, the human reward as the candidate and as the human
 * reward, CleanRL's settings at 64 copies and 500,000 steps, the search's training seed for seed 1, 10 checkpoint
 * evaluations) without the server: on the in-process pool as a search submits it, and on {@code new PpoTrainer(2)}
 * as {@code PpoBenchmark}'s "2 update threads" run, after the server's trainer warm-up. Prints steps per process
 * CPU-second, the CPU of each thread group, and F (which must equal the server's).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat
 * target/cp.txt) dev.rewardsmith.search.InServerTraining [rounds]}.
 */
public final class InServerTraining {

    private InServerTraining() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        // the warm-up before the rounds: "server" (work.TrainerWarmUp, as the server does), "old" (one thread, no
        // human reward, 4 iterations per task: the server's warm-up before the inserver branch) or "none"
        String warmUp = args.length > 1 ? args[1] : "server";
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : TrainerWarmUp.ITERATIONS;
        TaskRegistry tasks = new TaskRegistry();
        RewardCompiler compiler = new RewardCompiler();
        Task task = tasks.find("cartpole").orElseThrow();
        System.out.println("in-server training without the server: cartpole, " + PpoTrainer.kernels());
        long warmUpCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long warmUpStart = System.nanoTime();
        switch (warmUp) {
            case "server" -> {
                TrainerWarmUp.run(tasks, compiler, iterations);
                TrainerWarmUp.awaitQuietCompiler();
            }
            case "old" -> oldWarmUp(tasks, compiler);
            case "none" -> {}
            default -> throw new IllegalArgumentException("warm-up: server, old or none");
        }
        System.out.printf(
                Locale.ROOT,
                "warm-up %s: %.1f s wall, %.2f s process CPU%n",
                warmUp,
                (System.nanoTime() - warmUpStart) / 1e9,
                (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                        .getProcessCpuTime()
                                - warmUpCpu)
                        / 1e9);
        PpoConfig config = task.ppoDefaults().toBuilder()
                .totalTimesteps(500_000)
                .learningRate(2.5e-4)
                .numEnvs(64)
                .numSteps(128)
                .numMinibatches(4)
                .updateEpochs(4)
                .gamma(0.99)
                .gaeLambda(0.95)
                .entCoef(0.01)
                .build();
        long seed = Seeds.training(1, 0);
        var human = ((CompileResult.Compiled) compiler.compile(task.humanReward(), task.stateType())).reward();
        try (InProcessTrainingQueue queue = new InProcessTrainingQueue(0, tasks, compiler)) {
            for (int round = 1; round <= rounds; round++) {
                measure("round " + round + ", pool (as a search submits it)", () -> {
                    TrainingJob job = new TrainingJob(
                            "bench", 1, task.id(), task.humanReward(), task.humanReward(), config, seed, null);
                    return pool(queue, job);
                });
                TrainingResult trained = measure("round " + round + ", new PpoTrainer(2)", () -> new PpoTrainer(2)
                        .train(
                                new TrainingRequest(task, human.function(), human.function(), config, seed, null),
                                MetricsListener.none(),
                                () -> false));
                recordRollouts(task, human.function(), trained.bestPolicy());
            }
        }
    }

    /**
     * What the search thread does after a training (search.RolloutComparisons.record): the best checkpoint's
     * episodes on the search's three rollout seeds, with the state and the frame of every step as JSON (the
     * database write aside). Prints its CPU, five times (the JIT warming).
     */
    private static void recordRollouts(Task task, dev.rewardsmith.reward.RewardFunction reward, byte[] policy) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder("recording the 3 rollouts of a candidate, CPU ms:");
        for (int i = 0; i < 5; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            int steps = 0;
            for (int k = 0; k < SearchRun.ROLLOUT_SEEDS; k++) {
                steps += new dev.rewardsmith.rl.RolloutRecorder()
                        .record(
                                task,
                                policy,
                                reward,
                                task.ppoDefaults().gamma(),
                                Seeds.rollout(1, k),
                                dev.rewardsmith.task.StateJson::of,
                                state -> task.render(state).toJson())
                        .steps()
                        .size();
            }
            out.append(String.format(
                    Locale.ROOT, " %.1f (%d steps)", (threads.getCurrentThreadCpuTime() - cpu) / 1e6, steps));
        }
        System.out.println(out);
    }

    /** The server's trainer warm-up before this branch: cartpole and pendulum, 32,768 steps each, one thread. */
    private static void oldWarmUp(TaskRegistry tasks, RewardCompiler compiler) {
        for (String id : List.of("cartpole", "pendulum")) {
            Task task = tasks.find(id).orElseThrow();
            var compiled = (CompileResult.Compiled) compiler.compile(task.humanReward(), task.stateType());
            PpoConfig config = task.ppoDefaults().toBuilder()
                    .numEnvs(64)
                    .numSteps(128)
                    .numMinibatches(4)
                    .updateEpochs(4)
                    .totalTimesteps(4 * 64 * 128)
                    .build();
            new PpoTrainer()
                    .train(
                            new TrainingRequest(task, compiled.reward().function(), null, config, 1, null),
                            MetricsListener.none(),
                            () -> false);
        }
    }

    private static TrainingResult pool(InProcessTrainingQueue queue, TrainingJob job) throws Exception {
        CompletableFuture<TrainingResult> done = new CompletableFuture<>();
        AtomicInteger epochs = new AtomicInteger();
        queue.submit(job, new TrainingQueue.Listener() {
            @Override
            public void event(TrainingEvent event) {
                if (event instanceof TrainingEvent.Epoch) epochs.incrementAndGet();
                if (event instanceof TrainingEvent.Finished f) done.complete(f.result());
            }

            @Override
            public void failed(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get();
    }

    interface Training {
        TrainingResult run() throws Exception;
    }

    /**
     * Runs one training and prints its process CPU and, per thread group (names without their numbers), the CPU of
     * every thread of the process (JIT compilers and GC included), from /proc/self/task sampled every 100 ms, so a
     * thread that ends in between is counted to its last sample.
     */
    private static TrainingResult measure(String label, Training training) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> first = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Runnable sample = () -> {
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            if (tasks == null) return;
            for (java.io.File t : tasks) {
                try {
                    String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    names.put(t.getName(), name);
                    first.putIfAbsent(t.getName(), ticks);
                    last.put(t.getName(), ticks);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        };
        sample.run();
        var sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
            while (sampling.get()) {
                sample.run();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long wall = System.nanoTime();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = os.getProcessCpuTime();
        TrainingResult result = training.run();
        long cpuUsed = os.getProcessCpuTime() - cpu;
        double seconds = (System.nanoTime() - wall) / 1e9;
        sampling.set(false);
        sampler.join();
        sample.run();
        Map<String, Double> groups = new TreeMap<>();
        for (var e : last.entrySet()) {
            double s = (e.getValue() - first.get(e.getKey())) / 100.0; // clock ticks
            if (s <= 0.0005) continue;
            groups.merge(names.get(e.getKey()).replaceAll("[0-9]+$", ""), s, Double::sum);
        }
        StringBuilder g = new StringBuilder();
        groups.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> g.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue())));
        System.out.printf(
                Locale.ROOT,
                "%s (JVM uptime %d-%d ms): %d steps, wall %.1f s, process CPU %.2f s, %,.0f steps per process CPU-s, F %.5f | threads:%s%n",
                label,
                uptime,
                ManagementFactory.getRuntimeMXBean().getUptime(),
                result.globalSteps(),
                seconds,
                cpuUsed / 1e9,
                result.globalSteps() / (cpuUsed / 1e9),
                result.fitness(),
                g);
        return result;
    }
}
