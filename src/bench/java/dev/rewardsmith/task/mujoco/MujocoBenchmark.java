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
 * overhead). Rounds alternate ours and theirs so that load from other processes hits both alike. Usage:
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... dev.rewardsmith.task.mujoco.MujocoBenchmark [copies]
 * [seconds] [rounds]}.
 */
public final class MujocoBenchmark {

    private static final Pattern STEPS_PER_SECOND = Pattern.compile("Steps per second\\s*:\\s*([0-9.]+)");

    private MujocoBenchmark() {}

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(
                Locale.ROOT,
                "%-9s %6s %14s %16s %18s %8s%n",
                "task",
                "copies",
                "env steps/s",
                "ours mj_step/s",
                "testspeed step/s",
                "ratio");
        for (Task t : new TaskRegistry().all()) {
            if (!(t instanceof LocomotionTask task)) continue;
            Path xml = Files.createTempFile("rewardsmith-" + task.id(), ".xml");
            Files.writeString(xml, task.robot().mjcf(), StandardCharsets.UTF_8);
            try {
                for (int r = 0; r < rounds; r++) {
                    double env = ours(task, copies, seconds);
                    double physics = env * task.robot().frameSkip();
                    // the same number of mj_step calls as ours took in `seconds`
                    double theirs = testspeed(xml, (int) Math.max(1000, physics * seconds));
                    System.out.printf(
                            Locale.ROOT,
                            "%-9s %6d %14.0f %16.0f %18.0f %8.2f%n",
                            task.id(),
                            copies,
                            env,
                            physics,
                            theirs,
                            theirs / physics);
                }
            } finally {
                Files.deleteIfExists(xml);
            }
        }
    }

    private static double ours(LocomotionTask task, int copies, double seconds) {
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
            long end = start + (long) (seconds * 1e9);
            long steps = 0;
            while (System.nanoTime() < end) {
                loop(env, pool[t++ & 31], obs);
                steps++;
            }
            return steps * copies / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void loop(LocomotionEnv env, float[] actions, float[] obs) {
        env.step(actions);
        for (int i = 0; i < env.copies(); i++) env.loadStateView(i);
        env.autoReset(obs);
    }

    /** MuJoCo's own speed test (one thread, default control noise) on the same model, in steps per second. */
    private static double testspeed(Path xml, int steps) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mujoco-testspeed", xml.toString(), Integer.toString(steps), "1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = STEPS_PER_SECOND.matcher(out);
        if (!m.find()) throw new IllegalStateException("mujoco-testspeed said: " + out);
        return Double.parseDouble(m.group(1));
    }
}
