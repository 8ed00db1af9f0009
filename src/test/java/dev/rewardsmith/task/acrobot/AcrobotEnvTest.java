package dev.rewardsmith.task.acrobot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.GymnasiumConformance;
import dev.rewardsmith.task.JsonCheck;
import org.junit.jupiter.api.Test;

class AcrobotEnvTest {

    private final AcrobotTask task = new AcrobotTask();

    /** Gymnasium keeps the acrobot's state in float64 after a step (float32 only at reset): compared to 1e-9. */
    @Test
    void matchesGymnasiumStepForStep() {
        GymnasiumConformance.Coverage covered = GymnasiumConformance.assertMatches(
                task,
                () -> task.createEnv(1, 0),
                (env, s) -> {
                    env.theta1[0] = s[0];
                    env.theta2[0] = s[1];
                    env.dtheta1[0] = s[2];
                    env.dtheta2[0] = s[3];
                },
                env -> new double[] {env.theta1[0], env.theta2[0], env.dtheta1[0], env.dtheta2[0]},
                1e-9,
                (env, before, step) -> env.terminated(0) ? 0.0 : -1.0); // Gymnasium: -1 per step, 0 at the goal
        assertEquals(new GymnasiumConformance.Coverage(770, 3, 1), covered);
    }

    /**
     * The task-fidelity issue's point: Gymnasium's {@code _dsdt} at this state and torque -1 gives ddtheta1 =
     * 0.4679705630933621 and ddtheta2 = -1.381897975604238 (printed by Gymnasium v0.29.1 itself). We had 1.312 for
     * ddtheta1, from d1 in place of d2 in "ddtheta1 = -(d2 * ddtheta2 + phi1) / d1".
     */
    @Test
    void derivativesAgreeWithGymnasiumsDsdt() {
        double[] out = new double[4];
        AcrobotEnv.derivatives(0.0274, -0.0460, -0.0918, -0.0967, -1.0, out);
        assertEquals(-0.0918, out[0], 0.0);
        assertEquals(-0.0967, out[1], 0.0);
        assertEquals(0.4679705630933621, out[2], 1e-15);
        assertEquals(-1.381897975604238, out[3], 1e-15);
    }

    @Test
    void resetDrawsFloat32ValuesInPlusMinusPointOne() {
        AcrobotEnv env = task.createEnv(2000, 9);
        float[] obs = new float[12000];
        env.reset(obs);
        double[][] vars = {env.theta1, env.theta2, env.dtheta1, env.dtheta2};
        for (double[] v : vars) {
            double min = 1, max = -1;
            for (double d : v) {
                min = Math.min(min, d);
                max = Math.max(max, d);
                assertEquals((float) d, d, 0.0);
            }
            assertTrue(min >= -0.1 && max <= 0.1 && min < -0.099 && max > 0.099);
        }
        assertEquals((float) Math.sin(env.theta2[4]), obs[4 * 6 + 3], 0f);
        assertEquals((float) env.dtheta2[4], obs[4 * 6 + 5], 0f);
    }

    @Test
    void wrapsAnglesAndBoundsVelocities() {
        assertEquals(-Math.PI + 0.5, AcrobotEnv.wrap(Math.PI + 0.5, -Math.PI, Math.PI), 1e-15);
        assertEquals(Math.PI - 0.5, AcrobotEnv.wrap(-Math.PI - 0.5 - 4 * Math.PI, -Math.PI, Math.PI), 1e-14);
        assertEquals(1.0, AcrobotEnv.wrap(1.0, -Math.PI, Math.PI), 0.0);
        AcrobotEnv env = task.createEnv(1, 0);
        env.reset(new float[6]);
        env.theta1[0] = 0;
        env.theta2[0] = 0;
        env.dtheta1[0] = -100;
        env.dtheta2[0] = 100;
        env.step(new float[] {1}); // Gymnasium from (0, 0, -100, 100): (0.3283, -1.6405, 4 pi, -9 pi)
        assertEquals(4 * Math.PI, env.dtheta1[0], 0.0);
        assertEquals(-9 * Math.PI, env.dtheta2[0], 0.0);
        assertTrue(Math.abs(env.theta1[0]) <= Math.PI && Math.abs(env.theta2[0]) <= Math.PI);
    }

    @Test
    void stillAtTheBottomStaysThereAndTruncatesWithFitnessZero() {
        AcrobotEnv env = task.createEnv(1, 0);
        env.reset(new float[6]);
        env.theta1[0] = 0;
        env.theta2[0] = 0;
        env.dtheta1[0] = 0;
        env.dtheta2[0] = 0;
        for (int t = 1; t <= 500; t++) {
            env.step(new float[] {1}); // zero torque: the hanging equilibrium (sin 0 = 0, cos(-pi/2) ~ 6e-17)
            assertEquals(t == 500, env.done(0));
        }
        assertEquals(0.0, env.theta1[0], 1e-12);
        assertFalse(env.terminated(0));
        assertEquals(0.0, env.episodeFitness(0), 0.0);
        env.loadStateView(0);
        AcrobotState s = env.stateView();
        assertEquals(-2.0, s.tipHeight, 1e-12);
        assertEquals(-1.0, s.elbowHeight, 1e-12);
        assertEquals(0.0, s.torque, 0.0);
        assertEquals(500, s.step);
    }

    @Test
    void liftingTheTipOverTheLineTerminatesWithFitnessOne() {
        AcrobotEnv env = task.createEnv(2, 0);
        env.reset(new float[12]);
        env.theta1[0] = Math.PI - 0.01; // nearly inverted and straight: tip height ~ 2
        env.theta2[0] = 0;
        env.dtheta1[0] = 0;
        env.dtheta2[0] = 0;
        env.step(new float[] {2, 0});
        assertTrue(env.terminated(0) && env.done(0));
        assertEquals(1.0, env.episodeFitness(0), 0.0);
        env.loadStateView(0);
        AcrobotState s = env.stateView();
        assertTrue(s.atGoal);
        assertEquals(2, s.action);
        assertEquals(1.0, s.torque, 0.0);
        assertEquals(-Math.cos(env.theta1[0]) - Math.cos(env.theta1[0] + env.theta2[0]), s.tipHeight, 0.0);
        assertTrue(s.tipHeight > 1.9);
        env.autoReset(new float[12]);
        assertFalse(env.done(0));
        assertTrue(Math.abs(env.theta1[0]) <= 0.1, "copy 0 restarted near the bottom");
        assertEquals(1, env.stepInEpisode[1], "copy 1 continues");
    }

    @Test
    void stepStateViewAndAutoResetAllocateNothing() {
        EnvChecks.assertNoAllocation(task, 64);
    }

    @Test
    void deterministicAndFiniteUnderRandomActions() {
        EnvChecks.assertDeterministic(task, 4, 1200);
        int finished = EnvChecks.assertLongRunSane(task, 8, 2500, 1.0);
        assertTrue(finished >= 40, "random actions reach the line now and then or truncate: " + finished);
        EnvChecks.assertAutoResetOnlyFinished(task, 2);
    }

    @Test
    void frameIsValidJsonAndDrawsBothLinks() {
        AcrobotState s = new AcrobotState();
        s.theta1 = Math.PI / 2; // first link horizontal to the right
        s.theta2 = Math.PI / 2; // second link straight up from the elbow
        Frame frame = task.render(s);
        JsonCheck.assertValid(frame.toJson());
        Frame.Line second = (Frame.Line) frame.shapes().get(2);
        assertEquals(1.0, second.x1(), 1e-12);
        assertEquals(0.0, second.y1(), 1e-12);
        assertEquals(1.0, second.x2(), 1e-12);
        assertEquals(1.0, second.y2(), 1e-12);
    }
}
