package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.acrobot.AcrobotState;
import dev.rewardsmith.task.acrobot.AcrobotTask;
import dev.rewardsmith.task.cartpole.CartPoleState;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import dev.rewardsmith.task.mountaincar.MountainCarState;
import dev.rewardsmith.task.mountaincar.MountainCarTask;
import dev.rewardsmith.task.pendulum.PendulumState;
import dev.rewardsmith.task.pendulum.PendulumTask;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment kernels of the host build against the Java environments: the same seed and the same actions
 * give the same first observations (bit for bit: the resets draw the same stream in the same order), the same
 * done and terminated flags, episode fitness and step counts at every step, and the same states: bit for bit for
 * mountain-car, within the math library's roundings for the others (see {@link #MATH_LIBRARY_TOLERANCE}).
 */
class EnvKernelTest {

    private static final int COPIES = 64;
    /**
     * sin and cos come from glibc here (CUDA's libdevice on a GPU), Math.sin and Math.cos from the JVM's own
     * routines: both within an ulp of the exact value, not always the same ulp. Everything else (resets, the
     * arithmetic between the calls, flags and counts) is the Java code's order of operations, so the states stay
     * within a few ulps; measured here over 1200 steps of 64 copies: at most 7e-16 (cartpole), 4e-15 (acrobot),
     * 9e-12 (pendulum, whose angle is never wrapped and grows), 0 (mountain-car, whose state is rounded to float
     * each step). 1e-9 leaves room for the device's libdevice and still catches any wrong constant or order.
     */
    private static final double MATH_LIBRARY_TOLERANCE = 1e-9;

    private static final int STEPS = 1200; // past the longest episode (mountain-car, 999 steps): truncations too

    private static HostBackend host;

    @BeforeAll
    static void load() {
        host = GpuTestSupport.host();
    }

    @AfterAll
    static void close() {
        host.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cartpole", "pendulum", "mountain-car", "acrobot"})
    void stepsResetsAndObservationsAreExact(String name) {
        Task task =
                switch (name) {
                    case "cartpole" -> new CartPoleTask();
                    case "pendulum" -> new PendulumTask();
                    case "mountain-car" -> new MountainCarTask();
                    default -> new AcrobotTask();
                };
        DeviceTask dt = DeviceTask.of(task.stateType()).orElseThrow();
        tolerance = task instanceof MountainCarTask ? 0 : MATH_LIBRARY_TOLERANCE;
        long seed = 20261206L;
        int n = COPIES;
        int d = task.observationSize();
        int a = task.actionSpace().size();
        VectorEnv env = task.createEnv(n, seed);
        float[] javaObs = new float[n * d];
        env.reset(javaObs);

        Backend.Buffer s = host.allocate(8L * dt.stateFields * n);
        Backend.Buffer steps = host.allocate(4L * n);
        Backend.Buffer term = host.allocate(4L * n);
        Backend.Buffer done = host.allocate(4L * n);
        Backend.Buffer aux = host.allocate(4L * n);
        Backend.Buffer fitness = host.allocate(8L * n);
        Backend.Buffer offsets = host.allocate(8L * n);
        Backend.Buffer rng = host.allocate(48);
        Backend.Buffer obs = host.allocate(4L * n * d);
        Backend.Buffer actions = host.allocate(4L * n * a);
        host.upload(rng, 0, new long[] {seed, SplitMix.GOLDEN_GAMMA, 0, 0, 0, 0});
        int[] all = new int[n];
        java.util.Arrays.fill(all, 1);
        host.upload(done, 0, all);
        resetAndObserve(dt, n, s, steps, term, done, aux, offsets, rng, obs);
        float[] deviceObs = new float[n * d];
        host.download(obs, 0, deviceObs);
        assertArrayEquals(javaObs, deviceObs, "first observations");

        SplittableRandom policy = new SplittableRandom(3);
        float[] act = new float[n * a];
        double[] state = new double[dt.stateFields * n];
        int[] deviceSteps = new int[n];
        int[] deviceTerm = new int[n];
        int[] deviceDone = new int[n];
        double[] deviceFitness = new double[n];
        int episodes = 0;
        // acrobot is chaotic: ulp differences grow about tenfold every 30 steps (4e-15 at step 100, 2e-9 at step
        // 391 here), so its states are compared over the first 200 steps; its resets are the first observations
        int horizon = task instanceof AcrobotTask ? 200 : STEPS;
        for (int t = 0; t < horizon; t++) {
            for (int i = 0; i < act.length; i++) {
                act[i] = task.actionSpace() instanceof ActionSpace.Discrete dd
                        ? policy.nextInt(dd.n())
                        : (float) policy.nextDouble(-1.5, 1.5); // some beyond the bounds: the step clips them
            }
            env.step(act);
            host.upload(actions, 0, act);
            host.launch("env_step_" + dt.kernel, n, (long) n, s, actions, steps, term, done, aux, fitness);
            host.download(s, 0, state);
            host.download(steps, 0, deviceSteps);
            host.download(term, 0, deviceTerm);
            host.download(done, 0, deviceDone);
            host.download(fitness, 0, deviceFitness);
            for (int e = 0; e < n; e++) {
                env.loadStateView(e);
                String where = name + " step " + t + " copy " + e;
                assertState(env.stateView(), state, n, e, where);
                assertEquals(env.terminated(e), deviceTerm[e] != 0, where + " terminated");
                assertEquals(env.done(e), deviceDone[e] != 0, where + " done");
                if (env.done(e)) {
                    assertEquals(env.episodeFitness(e), deviceFitness[e], where + " fitness");
                    episodes++;
                }
            }
            env.autoReset(javaObs);
            resetAndObserve(dt, n, s, steps, term, done, aux, offsets, rng, obs);
            host.download(obs, 0, deviceObs);
            assertObservations(javaObs, deviceObs, name + " observations after step " + t);
        }
        if (horizon == STEPS)
            assertEquals(true, episodes >= n, name + ": every copy finished at least one episode (" + episodes + ")");
    }

    private static void resetAndObserve(
            DeviceTask dt,
            int n,
            Backend.Buffer s,
            Backend.Buffer steps,
            Backend.Buffer term,
            Backend.Buffer done,
            Backend.Buffer aux,
            Backend.Buffer offsets,
            Backend.Buffer rng,
            Backend.Buffer obs) {
        host.launch("env_plan_resets", 1, (long) n, dt.resetDraws, done, offsets, rng);
        host.launch("env_reset_" + dt.kernel, n, (long) n, s, steps, term, done, aux, rng, offsets);
        host.launch("env_observe_" + dt.kernel, n, (long) n, s, obs);
    }

    /** 0 for mountain-car (bit for bit), else the relative tolerance of the math library's roundings. */
    private static double tolerance;

    private static void close(double expected, double actual, String where) {
        double diff = Math.abs(expected - actual) / Math.max(1, Math.abs(expected));
        if (diff > tolerance) {
            throw new AssertionError(where + ": expected " + expected + " but was " + actual + " (relative " + diff
                    + ", tolerance " + tolerance + ")");
        }
    }

    private static void assertObservations(float[] expected, float[] actual, String where) {
        for (int i = 0; i < expected.length; i++) {
            // a state within the tolerance rounds to the same float or its neighbour
            float allowed = tolerance == 0 ? 0 : Math.ulp(expected[i]);
            if (Math.abs(expected[i] - actual[i]) > allowed) {
                throw new AssertionError(where + " index " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** The device's state arrays against the Java state view of copy e (the fields the view copies verbatim). */
    private static void assertState(Object view, double[] s, int n, int e, String where) {
        switch (view) {
            case CartPoleState v -> {
                close(v.cartPosition, s[e], where);
                close(v.cartVelocity, s[n + e], where);
                close(v.poleAngle, s[2 * n + e], where);
                close(v.poleAngularVelocity, s[3 * n + e], where);
                close(v.action, (int) s[4 * n + e], where);
            }
            case PendulumState v -> {
                close(v.cosAngle, Math.cos(s[e]), where);
                close(v.sinAngle, Math.sin(s[e]), where);
                close(v.angularVelocity, s[n + e], where);
                close(v.action[0], s[2 * n + e], where);
            }
            case MountainCarState v -> {
                close(v.position, s[e], where);
                close(v.velocity, s[n + e], where);
                close(v.action[0], s[2 * n + e], where);
            }
            case AcrobotState v -> {
                close(v.theta1, s[e], where);
                close(v.theta2, s[n + e], where);
                close(v.theta1Velocity, s[2 * n + e], where);
                close(v.theta2Velocity, s[3 * n + e], where);
                close(v.action, (int) s[4 * n + e], where);
            }
            default -> throw new AssertionError("unexpected view " + view);
        }
    }
}
