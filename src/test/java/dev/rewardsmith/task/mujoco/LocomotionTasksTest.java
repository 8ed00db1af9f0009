package dev.rewardsmith.task.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.mujoco.MuJoCo;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MuJoCo locomotion tasks: registered and available, deterministic, their state views, F and frames. */
class LocomotionTasksTest {

    private static LocomotionTask task(String id) {
        Task t = new TaskRegistry().find(id).orElseThrow(() -> new AssertionError(id + " is not registered"));
        return (LocomotionTask) t;
    }

    private static RewardFunction compile(String program, Task task) {
        CompileResult r = new RewardCompiler().compile(program, task.stateType());
        if (r instanceof CompileResult.Compiled c) return c.reward().function();
        throw new AssertionError(task.id() + ": " + r);
    }

    private static float[] randomActions(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (2 * random.nextDouble() - 1);
        return a;
    }

    @Test
    void theThreeRobotsAreRegisteredAfterTheBuiltInsAndAvailable() {
        List<String> ids = new TaskRegistry().all().stream().map(Task::id).toList();
        int spin = ids.indexOf("spin");
        assertEquals(List.of("ant", "humanoid", "hopper"), ids.subList(spin + 1, spin + 4));
        for (String id : List.of("ant", "humanoid", "hopper")) {
            assertTrue(task(id).available(), id);
            assertNull(task(id).unavailableReason(), id);
        }
        assertTrue(MuJoCo.availability().available());
        // sizes: qpos without x, y (x for the planar hopper), then qvel
        assertEquals(13 + 14, task("ant").observationSize());
        assertEquals(22 + 23, task("humanoid").observationSize());
        assertEquals(5 + 6, task("hopper").observationSize());
        assertEquals(8, task("ant").actionSpace().size());
        assertEquals(17, task("humanoid").actionSpace().size());
        assertEquals(3, task("hopper").actionSpace().size());
        assertEquals(20, task("ant").framesPerSecond());
        assertEquals(67, task("humanoid").framesPerSecond());
        assertEquals(125, task("hopper").framesPerSecond());
    }

    /** Same seed and actions, same observations bit for bit; another seed starts elsewhere. */
    @ParameterizedTest
    @ValueSource(strings = {"ant", "humanoid", "hopper"})
    void steppingIsDeterministicPerSeed(String id) {
        LocomotionTask t = task(id);
        int copies = 3;
        float[][] runs = new float[3][];
        long[] seeds = {7, 7, 8};
        for (int r = 0; r < 3; r++) {
            try (LocomotionEnv env = t.createEnv(copies, seeds[r])) {
                SplittableRandom actions = new SplittableRandom(99);
                float[] obs = new float[copies * t.observationSize()];
                float[] trace = new float[100 * obs.length];
                env.reset(obs);
                for (int s = 0; s < 100; s++) {
                    env.step(randomActions(actions, copies * t.actionSpace().size()));
                    env.autoReset(obs);
                    System.arraycopy(obs, 0, trace, s * obs.length, obs.length);
                }
                runs[r] = trace;
            }
        }
        assertArrayEquals(runs[0], runs[1]);
        assertFalse(java.util.Arrays.equals(runs[0], runs[2]));
    }

    /**
     * The ant's state view after one step of zero actions from seed 1: torso near its 0.75 m start, a unit up
     * vector, the velocity equal to the torso's displacement over dt = 0.05 s, step 1, healthy.
     */
    @Test
    void theAntStateViewDescribesTheTorso() {
        LocomotionTask t = task("ant");
        try (LocomotionEnv env = t.createEnv(1, 1)) {
            float[] obs = new float[t.observationSize()];
            env.reset(obs);
            env.loadStateView(0);
            AntState s = (AntState) env.stateView();
            double[] start = s.torsoPosition.clone();
            assertEquals(0.75, start[2], 0.1 + 1e-12); // qpos0 z plus noise within +-0.1
            env.step(new float[8]);
            env.loadStateView(0);
            assertEquals(1, s.step);
            assertTrue(s.healthy);
            assertFalse(s.episodeEnd);
            for (int k = 0; k < 3; k++) {
                assertEquals((s.torsoPosition[k] - start[k]) / 0.05, s.torsoVelocity[k], 1e-9);
            }
            assertEquals(s.torsoVelocity[0], s.forwardVelocity);
            assertEquals(s.torsoPosition[2], s.height);
            assertEquals(s.torsoPosition[0] - start[0], s.distance, 1e-12);
            double up = Math.sqrt(s.up[0] * s.up[0] + s.up[1] * s.up[1] + s.up[2] * s.up[2]);
            assertEquals(1.0, up, 1e-9);
            assertArrayEquals(new double[8], s.action);
            // the torso is body 1: bodyPositions starts with it
            assertArrayEquals(s.torsoPosition, java.util.Arrays.copyOf(s.bodyPositions, 3));
            // observation: qpos from z on; the first entry is the torso height
            assertEquals((float) start[2], obs[0]);
        }
    }

    /** With every action at its limit the ant stays within the clamped range and the view shows the clamp. */
    @Test
    void actionsAreClampedToTheUnitRange() {
        LocomotionTask t = task("ant");
        try (LocomotionEnv env = t.createEnv(1, 1)) {
            env.reset(new float[t.observationSize()]);
            float[] a = {5, -5, 0.5f, -0.25f, 1, -1, 2, 0};
            env.step(a);
            env.loadStateView(0);
            assertArrayEquals(new double[] {1, -1, 0.5, -0.25, 1, -1, 1, 0}, ((AntState) env.stateView()).action);
        }
    }

    /**
     * Over random episodes the sparse reward adds up to F exactly (it pays F on the last step), and an episode
     * ends by the episode length; a fall terminates it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ant", "humanoid", "hopper"})
    void theSparseRewardSumsToFAndEpisodesEnd(String id) {
        LocomotionTask t = task(id);
        RewardFunction sparse = compile(t.sparseReward(), t);
        RewardFunction human = compile(t.humanReward(), t);
        double[] components = new double[8];
        int copies = 4;
        try (LocomotionEnv env = t.createEnv(copies, 3)) {
            SplittableRandom random = new SplittableRandom(5);
            float[] obs = new float[copies * t.observationSize()];
            env.reset(obs);
            double[] sums = new double[copies];
            int finished = 0;
            for (int s = 0; s < t.episodeLength() && finished < copies; s++) {
                env.step(randomActions(random, copies * t.actionSpace().size()));
                for (int i = 0; i < copies; i++) {
                    env.loadStateView(i);
                    sums[i] += sparse.evaluate(env.stateView(), components);
                    assertTrue(Double.isFinite(human.evaluate(env.stateView(), components)));
                    if (env.done(i)) {
                        assertEquals(env.episodeFitness(i), sums[i], 1e-12, id + " copy " + i);
                        assertTrue(env.terminated(i) || s == t.episodeLength() - 1);
                        sums[i] = 0;
                        finished++;
                    }
                }
                env.autoReset(obs);
            }
            assertTrue(finished > 0, id + ": some episode ended within the episode length");
        }
    }

    /** The ant's frame: its torso as a 0.25 m circle, its 12 leg capsules as 0.16 m wide lines, and a caption. */
    @Test
    void theAntIsDrawnAsCirclesAndCapsules() {
        LocomotionTask t = task("ant");
        try (LocomotionEnv env = t.createEnv(1, 1)) {
            env.reset(new float[t.observationSize()]);
            env.step(new float[8]);
            env.loadStateView(0);
            Frame f = t.render(env.stateView());
            long circles = f.shapes().stream()
                    .filter(s -> s instanceof Frame.Circle c && c.radius() == 0.25)
                    .count();
            long legs = f.shapes().stream()
                    .filter(s -> s instanceof Frame.Line l && l.width() == 0.16)
                    .count();
            assertEquals(1, circles);
            assertEquals(12, legs);
            assertTrue(f.toJson().contains("step 1"), f.toJson());
            assertEquals(5.0, f.xMax() - f.xMin(), 1e-12);
        }
    }

    /** The context the proposer reads has the state view and the dynamics but no F, and fits a prompt. */
    @ParameterizedTest
    @ValueSource(strings = {"ant", "humanoid", "hopper"})
    void theContextIsPrunedOfFitnessAndShort(String id) {
        String context = new ContextPruner().context(task(id));
        int bytes = context.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf(
                Locale.ROOT,
                "context %s: %d bytes, %d lines%n",
                id,
                bytes,
                context.lines().count());
        assertTrue(bytes <= ContextPruner.MAX_CONTEXT_BYTES, id + " context has " + bytes + " bytes");
        assertTrue(context.contains("public double forwardVelocity;"), context);
        assertTrue(context.contains("public void step(float[] a)"), context);
        assertFalse(context.contains("episodeFitness"), context);
        assertFalse(context.contains("geomPoses"), context);
    }
}
