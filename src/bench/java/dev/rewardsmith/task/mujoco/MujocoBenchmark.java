package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binding's overhead per MuJoCo task, on one core: our environment loop (step with random actions, the state
 * copied into Java arrays, observations, auto-reset) in mj_step calls per second, beside MuJoCo's own
 * {@code mujoco-testspeed} on the same MJCF in the same run, and their ratio (testspeed / ours; 1.0 = no
 * overhead). Rounds alternate ours and theirs so that load from other processes hits both alike. Each figure is
 * also given per CPU second (ours: the benchmark thread's CPU time; theirs: the process's user + system time as
 * {@code /usr/bin/time} reports it, model compilation included), which a loaded machine disturbs far less than
 * wall time; the CPU ratio is the one to read there. Usage:
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... dev.rewardsmith.task.mujoco.MujocoBenchmark [copies]
 * [seconds] [rounds]}.
 */
public final class MujocoBenchmark {

    private static final Pattern STEPS_PER_SECOND = Pattern.compile("Steps per second\\s*:\\s*([0-9.]+)");
    private static final Pattern CPU = Pattern.compile("cpu ([0-9.]+) ([0-9.]+)");

    /** Steps per wall second and per CPU second of one measurement. */
    record Speed(double wall, double cpu) {}

    private MujocoBenchmark() {}

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(
                Locale.ROOT,
                "%-9s %6s %12s %12s %14s %14s %16s %16s %7s %7s%n",
                "task",
                "copies",
                "env steps/s",
                "env/CPU s",
                "ours mj_step/s",
                "ours /CPU s",
                "testspeed /s",
                "testspeed /CPU s",
                "ratio",
                "CPU r.");
        for (Task t : new TaskRegistry().all()) {
            if (!(t instanceof LocomotionTask task)) continue;
            Path xml = Files.createTempFile("rewardsmith-" + task.id(), ".xml");
            Files.writeString(xml, task.robot().mjcf(), StandardCharsets.UTF_8);
            try {
                for (int r = 0; r < rounds; r++) {
                    Speed env = ours(task, copies, seconds);
                    int skip = task.robot().frameSkip();
                    // the same number of mj_step calls as ours took in `seconds`
                    Speed theirs = testspeed(xml, (int) Math.max(1000, env.wall() * skip * seconds));
                    System.out.printf(
                            Locale.ROOT,
                            "%-9s %6d %12.0f %12.0f %14.0f %14.0f %16.0f %16.0f %7.2f %7.2f%n",
                            task.id(),
                            copies,
                            env.wall(),
                            env.cpu(),
                            env.wall() * skip,
                            env.cpu() * skip,
                            theirs.wall(),
                            theirs.cpu(),
                            theirs.wall() / (env.wall() * skip),
                            theirs.cpu() / (env.cpu() * skip));
                }
            } finally {
                Files.deleteIfExists(xml);
            }
        }
    }

    private static Speed ours(LocomotionTask task, int copies, double seconds) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (LocomotionEnv env = task.createEnv(copies, 1)) {
            float[] obs = new float[copies * task.observationSize()];
            float[][] pool = new float[32][copies * task.actionSpace().size()];
            SplittableRandom random = new SplittableRandom(2);
            for (float[] a : pool) {
                for (int i = 0; i < a.length; i++) a[i] = (float) (2 * random.nextDouble() - 1);
            }
            env.reset(obs);
            long warm = System.nanoTime() + (long) (0.2e9 * seconds);
            int t = 0;
            while (System.nanoTime() < warm) loop(env, pool[t++ & 31], obs);
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long end = start + (long) (seconds * 1e9);
            long steps = 0;
            while (System.nanoTime() < end) {
                loop(env, pool[t++ & 31], obs);
                steps++;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            return new Speed(steps * copies / wall, steps * copies / cpuSeconds);
        }
    }

    private static void loop(LocomotionEnv env, float[] actions, float[] obs) {
        env.step(actions);
        for (int i = 0; i < env.copies(); i++) env.loadStateView(i);
        env.autoReset(obs);
    }

    /** MuJoCo's own speed test (one thread, default control noise) on the same model, in steps per second. */
    private static Speed testspeed(Path xml, int steps) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "/usr/bin/time",
                        "-f",
                        "cpu %U %S",
                        "mujoco-testspeed",
                        xml.toString(),
                        Integer.toString(steps),
                        "1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = STEPS_PER_SECOND.matcher(out);
        Matcher c = CPU.matcher(out);
        if (!m.find() || !c.find()) throw new IllegalStateException("mujoco-testspeed said: " + out);
        double cpuSeconds = Double.parseDouble(c.group(1)) + Double.parseDouble(c.group(2));
        return new Speed(Double.parseDouble(m.group(1)), steps / cpuSeconds);
    }
}
