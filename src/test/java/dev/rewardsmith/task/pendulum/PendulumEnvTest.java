package dev.rewardsmith.task.pendulum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.GymnasiumConformance;
import dev.rewardsmith.task.JsonCheck;
import org.junit.jupiter.api.Test;

class PendulumEnvTest {

    private final PendulumTask task = new PendulumTask();

    /** Gymnasium keeps the pendulum's state in float64: compared to 1e-9; it never terminates. */
    @Test
    void matchesGymnasiumStepForStep() {
        GymnasiumConformance.Coverage covered = GymnasiumConformance.assertMatches(
                task,
                () -> task.createEnv(1, 0),
                (env, s) -> {
                    env.theta[0] = s[0];
                    env.thetaDot[0] = s[1];
                },
                env -> new double[] {env.theta[0], env.thetaDot[0]},
                1e-9,
                (env, before, step) -> {
                    // Gymnasium's cost: angle_normalize(th)**2 + 0.1 * thdot**2 + 0.001 * u**2, before the step
                    double angle = PendulumEnv.normalizeAngle(before[0]);
                    double u = env.lastTorque[0];
                    return -(angle * angle + 0.1 * before[1] * before[1] + 0.001 * (u * u));
                });
        assertEquals(new GymnasiumConformance.Coverage(400, 0, 2), covered);
    }

    @Test
    void resetDrawsAngleInPlusMinusPiAndSpeedInPlusMinusOne() {
        PendulumEnv env = task.createEnv(2000, 9);
        float[] obs = new float[2000 * 3];
        env.reset(obs);
        double minT = 9, maxT = -9, minV = 9, maxV = -9;
        for (int i = 0; i < 2000; i++) {
            minT = Math.min(minT, env.theta[i]);
            maxT = Math.max(maxT, env.theta[i]);
            minV = Math.min(minV, env.thetaDot[i]);
            maxV = Math.max(maxV, env.thetaDot[i]);
        }
        assertTrue(minT >= -Math.PI && maxT < Math.PI && minT < -3.1 && maxT > 3.1);
        assertTrue(minV >= -1 && maxV < 1 && minV < -0.99 && maxV > 0.99);
        assertEquals((float) Math.cos(env.theta[5]), obs[15], 0f);
        assertEquals((float) Math.sin(env.theta[5]), obs[16], 0f);
        assertEquals((float) env.thetaDot[5], obs[17], 0f);
    }

    @Test
    void normalizesAnglesLikePythonModulo() {
        assertEquals(-0.1, PendulumEnv.normalizeAngle(-0.1), 1e-15);
        assertEquals(0.1, PendulumEnv.normalizeAngle(2 * Math.PI + 0.1), 1e-15);
        assertEquals(Math.PI - 0.1, PendulumEnv.normalizeAngle(-Math.PI - 0.1), 1e-15);
        assertEquals(-Math.PI + 0.5, PendulumEnv.normalizeAngle(-5 * Math.PI + 0.5), 1e-14);
    }

    @Test
    void fitnessIsTheUprightFractionOfTheSecondHalf() {
        PendulumEnv env = task.createEnv(2, 1);
        env.reset(new float[6]);
        env.theta[0] = 0; // balanced exactly upright: sin(0) = 0 keeps it there
        env.thetaDot[0] = 0;
        env.theta[1] = 0;
        env.thetaDot[1] = 0;
        float[] zero = new float[2];
        for (int t = 1; t <= 200; t++) {
            if (t == 151) env.theta[1] = Math.PI; // copy 1 hangs down from step 151 on: 50 of 100 steps upright
            env.step(zero);
            assertEquals(t == 200, env.done(0));
        }
        assertEquals(1.0, env.episodeFitness(0), 0.0);
        assertEquals(0.5, env.episodeFitness(1), 0.0);
        env.loadStateView(1);
        assertEquals(200, env.stateView().step);
        env.autoReset(new float[6]);
        assertEquals(0, env.stepInEpisode[0]);
        assertEquals(0.0, env.episodeFitness(0), 0.0);
    }

    /**
     * An energy-pumping swing-up with a PD catch near the top (from the observation alone) holds every episode
     * upright through the second half: F is reachable within the torque limit and scored as intended.
     */
    @Test
    void aSwingUpControllerReachesFullFitness() {
        int n = 64;
        PendulumEnv env = task.createEnv(n, 3);
        float[] obs = new float[n * 3];
        float[] torque = new float[n];
        env.reset(obs);
        int episodes = 0;
        for (int t = 0; t < 400; t++) {
            for (int i = 0; i < n; i++) {
                double cos = obs[3 * i], sin = obs[3 * i + 1], velocity = obs[3 * i + 2];
                double u;
                if (cos > 0.9) {
                    u = -(10 * Math.atan2(sin, cos) + 2 * velocity); // theta'' = 15 sin + 3 u: stable with kp > 5
                } else {
                    double energy = 0.5 * velocity * velocity + 15 * cos; // 15 at rest upright
                    u = velocity == 0 ? 2 : 2 * Math.signum(velocity * (15 - energy));
                }
                torque[i] = (float) u;
            }
            env.step(torque);
            for (int i = 0; i < n; i++) {
                if (env.done(i)) {
                    assertEquals(1.0, env.episodeFitness(i), 0.0, "episode " + episodes);
                    episodes++;
                }
            }
            env.autoReset(obs);
        }
        assertEquals(2 * n, episodes);
    }

    @Test
    void stateViewShowsWrappedAngleAndClippedTorque() {
        PendulumEnv env = task.createEnv(1, 1);
        env.reset(new float[3]);
        env.theta[0] = 2 * Math.PI + 0.1;
        env.thetaDot[0] = 0.0;
        env.step(new float[] {5f});
        env.loadStateView(0);
        PendulumState s = env.stateView();
        double expectedSpeed = (15 * Math.sin(2 * Math.PI + 0.1) + 3.0 * 2.0) * 0.05;
        assertEquals(expectedSpeed, s.angularVelocity, 1e-15);
        assertEquals(0.1 + expectedSpeed * 0.05, s.angle, 1e-12);
        assertEquals(2.0, s.action[0], 0.0);
        assertEquals(Math.cos(s.angle), s.cosAngle, 1e-12);
        assertEquals(1, s.step);
    }

    @Test
    void stepStateViewAndAutoResetAllocateNothing() {
        EnvChecks.assertNoAllocation(task, 64);
    }

    @Test
    void deterministicAndFiniteUnderRandomActions() {
        EnvChecks.assertDeterministic(task, 8, 450);
        int finished = EnvChecks.assertLongRunSane(task, 16, 2000, 1.0);
        assertEquals(160, finished); // every episode lasts exactly 200 steps
        EnvChecks.assertAutoResetOnlyFinished(task, 4);
    }

    @Test
    void frameIsValidJsonAndDrawsTheRodFromThePivot() {
        PendulumState s = new PendulumState();
        s.angle = Math.PI / 2; // counter-clockwise a quarter turn: the rod points left
        Frame frame = task.render(s);
        JsonCheck.assertValid(frame.toJson());
        Frame.Line rod = (Frame.Line) frame.shapes().get(2);
        assertEquals(-1.0, rod.x2(), 1e-12);
        assertEquals(0.0, rod.y2(), 1e-12);
    }
}
