package dev.rewardsmith.rl;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints steps/s of the full PPO loop (rollout + update) at CleanRL's CartPole settings (128 steps, 4 update
 * epochs, 4 minibatches, 64x64) with 4 and 64 copies, one training alone and two at once. "loop" excludes the
 * checkpoint evaluations, "all" is global steps over the whole train() call.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:... dev.rewardsmith.rl.PpoBenchmark [timesteps]}
 * (bench/README.md has the full command); with {@code tasks
 * [timesteps]} it trains every registered task's human reward at the same settings with 64 copies instead.
 */
public final class PpoBenchmark {

    private PpoBenchmark() {}

    /**
     * Steps/s excluding checkpoint evaluation, per wall second and per CPU second of the training thread (the
     * machine is shared; CPU time shows what one core does), and the training's fitness.
     */
    record Figures(double wall, double cpu, double fitness) {}

    /** CartPole's reward: 1 per step alive. */
    static final RewardFunction ALIVE = new RewardFunction() {
        @Override
        public List<String> componentNames() {
            return List.of("alive");
        }

        @Override
        public double evaluate(Object state, double[] components) {
            components[0] = 1;
            return 1;
        }
    };

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("tasks")) {
            tasks(args.length > 1 ? Long.parseLong(args[1]) : 100_000);
            return;
        }
        if (args.length > 0 && args[0].equals("alone")) {
            alone(args.length > 1 ? Long.parseLong(args[1]) : 300_000, args.length > 2 ? Integer.parseInt(args[2]) : 3);
            return;
        }
        long timesteps = args.length > 0 ? Long.parseLong(args[0]) : 500_000;
        Environment env = new BenchmarkCartPole();
        RewardFunction alive = ALIVE;
        System.out.println("PPO full loop, CartPole (benchmark copy of gym's dynamics), " + timesteps + " steps, "
                + "Java " + Runtime.version() + ", MLP kernels: " + PpoTrainer.kernels());
        for (int copies : new int[] {4, 64}) {
            PpoConfig cfg = PpoConfig.discreteDefaults().toBuilder()
                    .numEnvs(copies)
                    .totalTimesteps(timesteps)
                    .build();
            run(
                    env,
                    alive,
                    cfg.toBuilder().totalTimesteps(Math.min(timesteps, 100_000)).build(),
                    1); // warm-up
            Figures one = run(env, alive, cfg, 1).get(0);
            List<Figures> two = run(env, alive, cfg, 2);
            Figures threaded = threaded(env, alive, cfg);
            System.out.printf(
                    Locale.ROOT,
                    "copies %3d  alone: %,9.0f steps/s wall, %,9.0f per CPU-s, F %.3f | two at once: %,9.0f + %,9.0f"
                            + " steps/s wall, %,9.0f + %,9.0f per CPU-s | alone, 2 update threads: %,9.0f steps/s"
                            + " wall, %,9.0f per process CPU-s, F %.3f%n",
                    copies,
                    one.wall(),
                    one.cpu(),
                    one.fitness(),
                    two.get(0).wall(),
                    two.get(1).wall(),
                    two.get(0).cpu(),
                    two.get(1).cpu(),
                    threaded.wall(),
                    threaded.cpu(),
                    threaded.fitness());
            updates(copies, cfg, one, threaded);
        }
        // the task defaults (cartpole's): small batches, many epochs
        PpoConfig small = PpoConfig.discreteDefaults().toBuilder()
                .numEnvs(8)
                .numSteps(32)
                .updateEpochs(20)
                .numMinibatches(1)
                .hidden(List.of(64, 64))
                .totalTimesteps(Math.max(timesteps / 5, 8 * 32 * 10))
                .build();
        run(
                env,
                alive,
                small.toBuilder().totalTimesteps(small.batchSize() * 20L).build(),
                1); // warm-up
        Figures one = run(env, alive, small, 1).get(0);
        Figures threaded = threaded(env, alive, small);
        System.out.printf(
                Locale.ROOT,
                "small batch (8 copies x 32 steps, 20 epochs, 1 minibatch, %d steps)  alone: %,9.0f steps/s wall,"
                        + " %,9.0f per CPU-s, F %.3f | alone, 2 update threads: %,9.0f steps/s wall, %,9.0f per"
                        + " process CPU-s, F %.3f%n",
                small.totalTimesteps(),
                one.wall(),
                one.cpu(),
                one.fitness(),
                threaded.wall(),
                threaded.cpu(),
                threaded.fitness());
        updates(8, small, one, threaded);
    }

    /**
     * One training alone at a time, {@code rounds} times each: 64 copies at CleanRL's settings and the small batch
     * of the task defaults, for before/after comparisons under load (per CPU second of the training thread).
     */
    private static void alone(long timesteps, int rounds) throws Exception {
        Environment env = new BenchmarkCartPole();
        System.out.println("PPO full loop alone, CartPole, " + timesteps + " steps at 64 copies, MLP kernels: "
                + PpoTrainer.kernels());
        PpoConfig large = PpoConfig.discreteDefaults().toBuilder()
                .numEnvs(64)
                .totalTimesteps(timesteps)
                .build();
        PpoConfig small = PpoConfig.discreteDefaults().toBuilder()
                .numEnvs(8)
                .numSteps(32)
                .updateEpochs(20)
                .numMinibatches(1)
                .hidden(List.of(64, 64))
                .totalTimesteps(Math.max(timesteps / 5, 8 * 32 * 10))
                .build();
        run(
                env,
                ALIVE,
                large.toBuilder().totalTimesteps(Math.min(timesteps, 100_000)).build(),
                1); // warm-up
        run(
                env,
                ALIVE,
                small.toBuilder().totalTimesteps(small.batchSize() * 20L).build(),
                1);
        for (int round = 1; round <= rounds; round++) {
            Figures l = run(env, ALIVE, large, 1).get(0);
            Figures s = run(env, ALIVE, small, 1).get(0);
            System.out.printf(
                    Locale.ROOT,
                    "round %d  64 copies: %,9.0f per CPU-s (%,11.0f sample-updates), F %.3f | small batch: %,9.0f per"
                            + " CPU-s (%,11.0f sample-updates), F %.3f%n",
                    round,
                    l.cpu(),
                    l.cpu() * large.updateEpochs(),
                    l.fitness(),
                    s.cpu(),
                    s.cpu() * small.updateEpochs(),
                    s.fitness());
        }
    }

    /**
     * Sample-updates per second (a sample is used once per epoch: steps/s times epochs), the measure by which a
     * small batch with many epochs compares with a large one, and the speed-up of the second thread.
     */
    private static void updates(int copies, PpoConfig cfg, Figures one, Figures threaded) {
        System.out.printf(
                Locale.ROOT,
                "          %3d copies x %d epochs: %,11.0f sample-updates per CPU-s alone | second thread: %.2fx"
                        + " wall = %.0f%% parallel efficiency (wall figures: read on an idle machine)%n",
                copies,
                cfg.updateEpochs(),
                one.cpu() * cfg.updateEpochs(),
                threaded.wall() / one.wall(),
                50 * threaded.wall() / one.wall());
    }

    private static void tasks(long timesteps) throws Exception {
        System.out.println("PPO full loop per task, human reward, 64 copies, 128 steps, 4 epochs, 4 minibatches, "
                + "64x64, " + timesteps + " steps, MLP kernels: " + PpoTrainer.kernels());
        // a first pass at a quarter of the steps warms the JIT up on every task's code, so that the first task
        // measured is not the one that pays for compilation
        for (boolean warmUp : new boolean[] {true, false}) {
            if (!warmUp) System.out.println("(after an untimed warm-up pass over every task)");
            measureTasks(warmUp ? Math.max(timesteps / 4, 8192) : timesteps, warmUp);
        }
    }

    private static void measureTasks(long timesteps, boolean quiet) throws Exception {
        for (Task task : new TaskRegistry().all()) {
            CompileResult compiled = new RewardCompiler().compile(task.humanReward(), task.stateType());
            if (!(compiled instanceof CompileResult.Compiled c)) {
                if (!quiet) System.out.println(task.id() + ": human reward does not compile");
                continue;
            }
            PpoConfig base = task.actionSpace() instanceof ActionSpace.Discrete
                    ? PpoConfig.discreteDefaults()
                    : PpoConfig.continuousDefaults();
            PpoConfig cfg = base.toBuilder()
                    .numEnvs(64)
                    .numSteps(128)
                    .updateEpochs(4)
                    .numMinibatches(4)
                    .hidden(List.of(64, 64))
                    .totalTimesteps(timesteps)
                    .build();
            Figures f = run(task, c.reward().function(), cfg, 1).get(0);
            if (!quiet)
                System.out.printf(
                        Locale.ROOT, "%-14s %,9.0f steps/s wall, %,9.0f per CPU-s%n", task.id(), f.wall(), f.cpu());
        }
    }

    static List<Figures> run(Environment env, RewardFunction reward, PpoConfig cfg, int concurrent) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        try {
            List<Future<Figures>> futures = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                long seed = i + 1;
                futures.add(pool.submit(() -> once(env, reward, cfg, seed)));
            }
            List<Figures> out = new ArrayList<>();
            for (Future<Figures> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * One training alone with two update threads: wall steps/s, and steps per CPU second of the whole process
     * (both threads; JIT and GC included, so slightly low), checkpoint evaluations included.
     */
    private static Figures threaded(Environment env, RewardFunction reward, PpoConfig cfg) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long startCpu = os.getProcessCpuTime();
        TrainingResult r = new PpoTrainer(2)
                .train(new TrainingRequest(env, reward, null, cfg, 1, null), MetricsListener.none(), () -> false);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - startCpu) / 1e9;
        return new Figures(r.globalSteps() / wall, r.globalSteps() / cpu, r.fitness());
    }

    private static Figures once(Environment env, RewardFunction reward, PpoConfig cfg, long seed) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] eval = new long[2];
        long[] lastEpoch = new long[2];
        MetricsListener listener = new MetricsListener() {
            @Override
            public void onEpoch(MetricsRecord record) {
                lastEpoch[0] = System.nanoTime();
                lastEpoch[1] = threads.getCurrentThreadCpuTime();
            }

            @Override
            public void onCheckpoint(int index, long globalStep, double fitness) {
                eval[0] += System.nanoTime() - lastEpoch[0];
                eval[1] += threads.getCurrentThreadCpuTime() - lastEpoch[1];
            }
        };
        long start = System.nanoTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        TrainingResult r =
                new PpoTrainer().train(new TrainingRequest(env, reward, null, cfg, seed, null), listener, () -> false);
        double wall = (System.nanoTime() - start - eval[0]) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - startCpu - eval[1]) / 1e9;
        return new Figures(r.globalSteps() / wall, r.globalSteps() / cpu, r.fitness());
    }
}
