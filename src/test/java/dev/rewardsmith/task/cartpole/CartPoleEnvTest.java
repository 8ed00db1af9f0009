package dev.rewardsmith.task.cartpole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.GymnasiumConformance;
import dev.rewardsmith.task.JsonCheck;
import org.junit.jupiter.api.Test;

class CartPoleEnvTest {

    private final CartPoleTask task = new CartPoleTask();

    private static void set(CartPoleEnv env, int i, double[] s) {
        env.x[i] = s[0];
        env.xDot[i] = s[1];
        env.theta[i] = s[2];
        env.thetaDot[i] = s[3];
    }

    /** Gymnasium keeps the cart-pole's state in float64: compared to 1e-9. */
    @Test
    void matchesGymnasiumStepForStep() {
        GymnasiumConformance.Coverage covered = GymnasiumConformance.assertMatches(
                task,
                () -> task.createEnv(1, 0),
                (env, s) -> set(env, 0, s),
                env -> new double[] {env.x[0], env.xDot[0], env.theta[0], env.thetaDot[0]},
                1e-9,
                (env, before, step) -> 1.0); // Gymnasium: 1 per step, the failing step included
        assertEquals(new GymnasiumConformance.Coverage(538, 2, 1), covered);
    }

    @Test
    void resetDrawsEveryVariableUniformlyInGymnasiumsBox() {
        CartPoleEnv env = task.createEnv(2000, 9);
        float[] obs = new float[2000 * 4];
        env.reset(obs);
        double[][] vars = {env.x, env.xDot, env.theta, env.thetaDot};
        for (double[] v : vars) {
            double min = 1;
            double max = -1;
            double sum = 0;
            for (double d : v) {
                min = Math.min(min, d);
                max = Math.max(max, d);
                sum += d;
            }
            assertTrue(min >= -0.05 && max < 0.05, "inside [-0.05, 0.05)");
            assertTrue(min < -0.049 && max > 0.049, "spread over the whole box");
            assertEquals(0.0, sum / v.length, 0.003, "centred");
        }
        assertEquals((float) env.theta[7], obs[7 * 4 + 2], 0f);
    }

    @Test
    void failsBeyondTwelveDegreesAndAtTheTrackLimit() {
        CartPoleEnv env = task.createEnv(3, 1);
        env.reset(new float[12]);
        set(env, 0, new double[] {0, 0, 0.2094, 1.0}); // theta 0.2094 + 0.02 * 1.0 = 0.2294 > 0.20944
        set(env, 1, new double[] {2.39, 1.0, 0, 0}); // x 2.39 + 0.02 = 2.41 > 2.4
        set(env, 2, new double[] {0, 0, 0, 0});
        env.step(new float[] {1, 0, 1});
        assertTrue(env.terminated(0) && env.done(0));
        assertTrue(env.terminated(1) && env.done(1));
        assertFalse(env.terminated(2) || env.done(2));
        assertEquals(1 / 500.0, env.episodeFitness(0), 0.0);
        env.loadStateView(0);
        assertTrue(env.stateView().failed);
    }

    @Test
    void truncatesAfter500StepsWithFullFitness() {
        CartPoleEnv env = task.createEnv(1, 1);
        env.reset(new float[4]);
        set(env, 0, new double[] {0, 0, 0, 0});
        env.stepInEpisode[0] = 498;
        env.step(new float[] {1});
        assertFalse(env.done(0));
        env.step(new float[] {0});
        assertTrue(env.done(0));
        assertFalse(env.terminated(0));
        assertEquals(1.0, env.episodeFitness(0), 0.0);
    }

    @Test
    void autoResetRestartsOnlyFinishedCopies() {
        CartPoleEnv env = task.createEnv(2, 5);
        float[] obs = new float[8];
        env.reset(obs);
        set(env, 0, new double[] {0, 0, 0.2094, 1.0});
        set(env, 1, new double[] {0.1, 0.2, 0.01, 0.03});
        env.step(new float[] {0, 0});
        double x1 = env.x[1];
        env.autoReset(obs);
        assertEquals(0, env.stepInEpisode[0]);
        assertFalse(env.done(0));
        assertTrue(Math.abs(env.theta[0]) <= 0.05, "copy 0 restarted");
        assertEquals(x1, env.x[1], 0.0);
        assertEquals(1, env.stepInEpisode[1]);
        assertEquals((float) env.theta[0], obs[2], 0f);
        assertEquals((float) x1, obs[4], 0f);
        EnvChecks.assertAutoResetOnlyFinished(task, 16);
    }

    @Test
    void stateViewShowsThePostStepStateAndAction() {
        CartPoleEnv env = task.createEnv(2, 5);
        env.reset(new float[8]);
        set(env, 1, new double[] {0.1, 0.2, 0.01, 0.03});
        env.step(new float[] {0, 1});
        env.loadStateView(1);
        CartPoleState s = env.stateView();
        assertSame(s, env.stateView());
        assertEquals(0.1 + 0.02 * 0.2, s.cartPosition, 1e-15);
        assertEquals(env.xDot[1], s.cartVelocity, 0.0);
        assertEquals(0.01 + 0.02 * 0.03, s.poleAngle, 1e-15);
        assertEquals(env.thetaDot[1], s.poleAngularVelocity, 0.0);
        assertEquals(1, s.action);
        assertEquals(1, s.step);
        assertFalse(s.failed);
        // pushing right accelerates the cart right and tips the pole left (negative angular acceleration)
        assertTrue(s.cartVelocity > 0.2 && s.poleAngularVelocity < 0.03);
    }

    @Test
    void stepStateViewAndAutoResetAllocateNothing() {
        EnvChecks.assertNoAllocation(task, 64);
    }

    @Test
    void deterministicAndFiniteUnderRandomActions() {
        EnvChecks.assertDeterministic(task, 8, 600);
        int finished = EnvChecks.assertLongRunSane(task, 32, 5000, 1.0);
        assertTrue(finished > 1000, "random actions fail quickly: " + finished);
    }

    @Test
    void frameIsValidJsonAndDrawsThePoleFromTheCart() {
        CartPoleState s = new CartPoleState();
        s.cartPosition = 1.0;
        s.poleAngle = Math.PI / 6;
        s.step = 42;
        Frame frame = task.render(s);
        String json = frame.toJson();
        JsonCheck.assertValid(json);
        Frame.Line pole = frame.shapes().stream()
                .filter(sh -> sh instanceof Frame.Line l && l.width() == 0.08)
                .map(sh -> (Frame.Line) sh)
                .findFirst()
                .orElseThrow();
        assertEquals(1.0, pole.x1(), 0.0);
        assertEquals(1.5, pole.x2(), 1e-12); // 1 m pole at 30 degrees: 0.5 m to the right
        assertEquals(0.15 + Math.sqrt(3) / 2, pole.y2(), 1e-12);
        assertTrue(json.contains("\"step 42\""));
    }
}
