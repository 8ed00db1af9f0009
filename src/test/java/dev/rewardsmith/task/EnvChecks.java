package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.VectorEnv;
import java.util.SplittableRandom;

/** Checks every task's vectorized environment must pass, driven by random actions from a fixed seed. */
public final class EnvChecks {

    private EnvChecks() {}

    /** Fills {@code actions} with random actions of the task's space (continuous ones inside the bounds). */
    public static void randomActions(Task task, SplittableRandom random, float[] actions) {
        switch (task.actionSpace()) {
            case ActionSpace.Discrete d -> {
                for (int i = 0; i < actions.length; i++) actions[i] = random.nextInt(d.n());
            }
            case ActionSpace.Continuous c -> {
                double[] low = c.low();
                double[] high = c.high();
                for (int i = 0; i < actions.length; i++) {
                    int j = i % low.length;
                    actions[i] = (float) random.nextDouble(low[j], high[j]);
                }
            }
        }
    }

    /** Same seed and same actions give bit-identical observations, flags and fitness; another seed differs. */
    public static void assertDeterministic(Task task, int copies, int steps) {
        float[][] a = run(task, copies, steps, 11L, 5L);
        float[][] b = run(task, copies, steps, 11L, 5L);
        float[][] other = run(task, copies, steps, 12L, 5L);
        for (int t = 0; t < a.length; t++) assertArrayEquals(a[t], b[t], "step " + t);
        boolean differs = false;
        for (int t = 0; t < a.length && !differs; t++) differs = !java.util.Arrays.equals(a[t], other[t]);
        assertTrue(differs, "a different seed must give a different run");
    }

    /** Per step: observations after autoReset, then done, terminated and fitness per copy. */
    private static float[][] run(Task task, int copies, int steps, long envSeed, long actionSeed) {
        VectorEnv env = task.createEnv(copies, envSeed);
        SplittableRandom random = new SplittableRandom(actionSeed);
        int n = task.observationSize();
        float[] obs = new float[copies * n];
        float[] actions = new float[copies * task.actionSpace().size()];
        float[][] out = new float[steps + 1][];
        env.reset(obs);
        out[0] = obs.clone();
        for (int t = 1; t <= steps; t++) {
            randomActions(task, random, actions);
            env.step(actions);
            float[] record = new float[copies * (n + 3)];
            for (int i = 0; i < copies; i++) {
                record[copies * n + 3 * i] = env.done(i) ? 1 : 0;
                record[copies * n + 3 * i + 1] = env.terminated(i) ? 1 : 0;
                record[copies * n + 3 * i + 2] = env.done(i) ? (float) env.episodeFitness(i) : -1;
            }
            env.autoReset(obs);
            System.arraycopy(obs, 0, record, 0, obs.length);
            out[t] = record;
        }
        return out;
    }

    /**
     * A long random-action run: observations stay finite, done follows terminated, no episode runs past the
     * episode length, and the fitness of every finished episode is finite and in [0, maxFitness].
     *
     * @return the number of episodes that finished
     */
    public static int assertLongRunSane(Task task, int copies, int steps, double maxFitness) {
        VectorEnv env = task.createEnv(copies, 3L);
        SplittableRandom random = new SplittableRandom(4L);
        float[] obs = new float[copies * task.observationSize()];
        float[] actions = new float[copies * task.actionSpace().size()];
        int[] length = new int[copies];
        int finished = 0;
        env.reset(obs);
        for (int t = 0; t < steps; t++) {
            randomActions(task, random, actions);
            env.step(actions);
            for (int i = 0; i < copies; i++) {
                length[i]++;
                if (env.terminated(i) && !env.done(i)) fail("terminated without done at step " + t);
                if (length[i] > task.episodeLength()) fail("episode ran past its length");
                if (length[i] == task.episodeLength() && !env.done(i)) fail("not truncated at the episode length");
                if (env.done(i)) {
                    double f = env.episodeFitness(i);
                    if (!(f >= 0 && f <= maxFitness)) fail("fitness " + f + " out of range");
                    length[i] = 0;
                    finished++;
                }
            }
            env.autoReset(obs);
            for (float v : obs) {
                if (!Float.isFinite(v)) fail("non-finite observation at step " + t);
            }
        }
        return finished;
    }

    /** autoReset resets exactly the finished copies: others keep their observation, reset ones match reset(). */
    public static void assertAutoResetOnlyFinished(Task task, int copies) {
        VectorEnv env = task.createEnv(copies, 21L);
        SplittableRandom random = new SplittableRandom(22L);
        int n = task.observationSize();
        float[] obs = new float[copies * n];
        float[] before = new float[copies * n];
        float[] actions = new float[copies * task.actionSpace().size()];
        env.reset(obs);
        boolean sawReset = false;
        for (int t = 0; t < 20 * task.episodeLength() && !sawReset; t++) {
            randomActions(task, random, actions);
            env.step(actions);
            for (int i = 0; i < copies; i++) sawReset |= env.done(i);
            env.autoReset(before);
            // the reset copies are no longer done: a second autoReset must change nothing
            env.autoReset(obs);
            assertArrayEquals(before, obs, "a second autoReset with nothing done changes nothing");
            for (int i = 0; i < copies; i++) assertTrue(!env.done(i), "autoReset clears done");
        }
        assertTrue(sawReset, "no episode finished");
        assertEquals(copies * n, obs.length);
    }

    /**
     * Step, state view and auto-reset allocate nothing: the bytes this thread allocates over many steps (after a
     * warm-up) are no more than the measurement itself costs.
     */
    public static void assertNoAllocation(Task task, int copies) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        VectorEnv env = task.createEnv(copies, 31L);
        float[] obs = new float[copies * task.observationSize()];
        float[][] actions = new float[16][copies * task.actionSpace().size()];
        SplittableRandom random = new SplittableRandom(32L);
        for (float[] a : actions) randomActions(task, random, a);
        env.reset(obs);
        run(env, actions, obs, 3 * task.episodeLength()); // warm-up: class loading, first compilations
        long empty = -threads.getThreadAllocatedBytes(thread) + threads.getThreadAllocatedBytes(thread);
        // a few rounds: a one-off allocation by the runtime (a JIT transition) must not fail the check, while an
        // allocation per step shows up in every round
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3 && allocated > empty; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            run(env, actions, obs, 3 * task.episodeLength());
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertTrue(
                allocated <= empty,
                task.id() + " allocated " + allocated + " bytes over " + 3 * task.episodeLength() + " steps");
    }

    private static void run(VectorEnv env, float[][] actions, float[] obs, int steps) {
        for (int t = 0; t < steps; t++) {
            env.step(actions[t & 15]);
            for (int i = 0; i < env.copies(); i++) {
                env.loadStateView(i);
                if (env.done(i)) env.episodeFitness(i);
            }
            env.autoReset(obs);
        }
    }
}
