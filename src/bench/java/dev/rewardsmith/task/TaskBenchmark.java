package dev.rewardsmith.task;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.GuardedReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.VectorEnv;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Environment throughput per registered task with 1024 copies: one vector step, then per copy the state view and
 * the compiled human reward, then auto-reset; the loop a trainer runs between policy calls. Prints a table of
 * steps per wall second and per CPU second of the benchmark's thread (the comparable figure on a shared machine).
 * Usage: {@code java -cp target/classes:target/test-classes:... dev.rewardsmith.task.TaskBenchmark [copies]
 * [seconds per task] [task,task,...]} (bench/README.md has the full command).
 */
public final class TaskBenchmark {

    private TaskBenchmark() {}

    public static void main(String[] args) {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : null;
        RewardCompiler compiler = new RewardCompiler();
        System.out.printf(
                Locale.ROOT,
                "%-14s %8s %14s %14s %12s %14s %14s%n",
                "task",
                "copies",
                "env steps/s",
                "step-only/s",
                "ns/env step",
                "per CPU-s",
                "step-only CPU");
        for (Task task : new TaskRegistry().all()) {
            if (only != null && !only.contains(task.id())) continue;
            CompileResult result = compiler.compile(task.humanReward(), task.stateType());
            if (!(result instanceof CompileResult.Compiled compiled)) {
                System.out.printf(Locale.ROOT, "%-14s human reward rejected: %s%n", task.id(), result);
                continue;
            }
            GuardedReward reward = new GuardedReward(compiled.reward().function());
            Rate full = measure(task, copies, seconds, reward);
            Rate stepOnly = measure(task, copies, seconds / 2, null);
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %8d %14.0f %14.0f %12.1f %14.0f %14.0f%n",
                    task.id(),
                    copies,
                    full.wall(),
                    stepOnly.wall(),
                    1e9 / full.wall(),
                    full.cpu(),
                    stepOnly.cpu());
        }
    }

    /** Env steps per wall second and per CPU second of the measuring thread. */
    private record Rate(double wall, double cpu) {}

    /** Env steps (copies x vector steps) per second; with a reward, the full trainer-side loop. */
    private static Rate measure(Task task, int copies, double seconds, GuardedReward reward) {
        VectorEnv env = task.createEnv(copies, 1L);
        float[] obs = new float[copies * task.observationSize()];
        int actionSize = task.actionSpace().size();
        // a fixed pool of random action batches, so drawing actions costs nothing in the loop
        float[][] pool = new float[64][copies * actionSize];
        SplittableRandom random = new SplittableRandom(2L);
        for (float[] actions : pool) fill(task.actionSpace(), random, actions);
        double[] components = new double[reward == null ? 0 : reward.componentCount()];
        env.reset(obs);
        double sink = 0;
        // warm up (JIT), then time: at least 2 s, since the Vector API loops (Trig, Pen) are slow until C2 has
        // compiled them, which takes longer on a loaded machine
        long warmupEnd = System.nanoTime() + (long) (1e9 * Math.max(2.0, 0.3 * seconds));
        int t = 0;
        while (System.nanoTime() < warmupEnd) sink += loop(env, pool[t++ & 63], obs, reward, components, t);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long vectorSteps = 0;
        while (System.nanoTime() < end) {
            for (int k = 0; k < 8; k++) sink += loop(env, pool[t++ & 63], obs, reward, components, t);
            vectorSteps += 8;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (sink == 42.4242) System.out.print(""); // keeps the reward results alive
        return new Rate(vectorSteps * copies / elapsed, vectorSteps * copies / cpu);
    }

    private static double loop(
            VectorEnv env, float[] actions, float[] obs, GuardedReward reward, double[] components, long step) {
        env.step(actions);
        double total = 0;
        if (reward != null) {
            for (int i = 0; i < env.copies(); i++) {
                env.loadStateView(i);
                total += reward.evaluate(env.stateView(), components, step);
                if (env.done(i)) total += env.episodeFitness(i);
            }
        }
        env.autoReset(obs);
        return total;
    }

    private static void fill(ActionSpace space, SplittableRandom random, float[] actions) {
        switch (space) {
            case ActionSpace.Discrete d -> {
                for (int i = 0; i < actions.length; i++) actions[i] = random.nextInt(d.n());
            }
            case ActionSpace.Continuous c -> {
                double[] low = c.low();
                double[] high = c.high();
                for (int i = 0; i < actions.length; i++) {
                    actions[i] = (float) random.nextDouble(low[i % low.length], high[i % low.length]);
                }
            }
        }
    }
}
