package dev.rewardsmith.task.acrobot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ConformanceFixture;
import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.JsonCheck;
import org.junit.jupiter.api.Test;

class AcrobotEnvTest {

    private final AcrobotTask task = new AcrobotTask();

    @Test
    void matchesGymnasiumReferenceTrajectoriesStepForStep() {
        ConformanceFixture fixture = ConformanceFixture.load("acrobot");
        assertEquals(4, fixture.episodes().size());
        float[] action = new float[1];
        int goals = 0;
        for (ConformanceFixture.Episode e : fixture.episodes()) {
            AcrobotEnv env = task.createEnv(1, 0);
            env.reset(new float[6]);
            double[] s = e.states()[0];
            assertEquals((float) s[0], s[0], 0.0, "Gymnasium's initial state is float32");
            env.theta1[0] = s[0];
            env.theta2[0] = s[1];
            env.dtheta1[0] = s[2];
            env.dtheta2[0] = s[3];
            for (int t = 0; t < e.steps(); t++) {
                action[0] = (float) e.actions()[t];
                env.step(action);
                double[] x = e.states()[t + 1];
                String at = "step " + (t + 1);
                assertEquals(x[0], env.theta1[0], 1e-9, at);
                assertEquals(x[1], env.theta2[0], 1e-9, at);
                assertEquals(x[2], env.dtheta1[0], 1e-9, at);
                assertEquals(x[3], env.dtheta2[0], 1e-9, at);
                assertEquals(e.terminated()[t + 1], env.terminated(0), at);
            }
            assertTrue(env.done(0));
            if (env.terminated(0)) goals++;
        }
        assertEquals(3, goals);
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
        env.dtheta1[0] = 100;
        env.dtheta2[0] = -100;
        env.step(new float[] {1});
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
