package dev.rewardsmith.task.mountaincar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.GymnasiumConformance;
import dev.rewardsmith.task.JsonCheck;
import org.junit.jupiter.api.Test;

class MountainCarEnvTest {

    private final MountainCarTask task = new MountainCarTask();

    /**
     * Gymnasium keeps the car's state in float32 (as we do after every step): compared to 1e-9 all the same, the
     * arithmetic being float64 in both.
     */
    @Test
    void matchesGymnasiumStepForStep() {
        GymnasiumConformance.Coverage covered = GymnasiumConformance.assertMatches(
                task,
                () -> task.createEnv(1, 0),
                (env, s) -> {
                    env.position[0] = s[0];
                    env.velocity[0] = s[1];
                },
                env -> new double[] {env.position[0], env.velocity[0]},
                1e-9,
                (env, before, step) -> {
                    // Gymnasium: 100 at the goal, minus 0.1 * action**2 of the action as given (before clipping)
                    double a = (float) step.action()[0];
                    return (env.terminated(0) ? 100.0 : 0.0) - a * a * 0.1;
                });
        assertEquals(new GymnasiumConformance.Coverage(1212, 2, 1), covered);
    }

    @Test
    void resetPlacesTheCarAtRestNearTheValleyFloor() {
        MountainCarEnv env = task.createEnv(2000, 9);
        float[] obs = new float[4000];
        env.reset(obs);
        double min = 0, max = -1;
        for (int i = 0; i < 2000; i++) {
            min = Math.min(min, env.position[i]);
            max = Math.max(max, env.position[i]);
            assertEquals(0.0, env.velocity[i], 0.0);
        }
        assertTrue(min >= -0.6 && max < -0.4 && min < -0.599 && max > -0.401);
        assertEquals((float) env.position[3], obs[6], 0f);
    }

    @Test
    void theLeftWallStopsTheCar() {
        MountainCarEnv env = task.createEnv(1, 0);
        env.reset(new float[2]);
        env.position[0] = -1.19;
        env.velocity[0] = -0.05;
        env.step(new float[] {-1f});
        assertEquals((float) -1.2, env.position[0], 0.0);
        assertEquals(0.0, env.velocity[0], 0.0);
        assertFalse(env.done(0));
    }

    @Test
    void reachingTheGoalTerminatesWithFitnessOne() {
        MountainCarEnv env = task.createEnv(2, 0);
        env.reset(new float[4]);
        env.position[0] = 0.44;
        env.velocity[0] = 0.02;
        env.position[1] = -0.5;
        env.velocity[1] = 0.0;
        env.stepInEpisode[1] = 998;
        env.step(new float[] {1f, 0f});
        double expectedV = 0.02 + (1.0 * 0.0015 - 0.0025 * Math.cos(3 * 0.44));
        assertEquals((float) expectedV, env.velocity[0], 0.0);
        assertEquals((float) (0.44 + expectedV), env.position[0], 0.0);
        assertTrue(env.terminated(0) && env.done(0));
        assertEquals(1.0, env.episodeFitness(0), 0.0);
        env.loadStateView(0);
        assertTrue(env.stateView().atGoal);
        assertEquals(Math.sin(3 * env.position[0]), env.stateView().height, 0.0);
        // copy 1 runs out of time at step 999 without reaching the goal
        assertTrue(env.done(1));
        assertFalse(env.terminated(1));
        assertEquals(0.0, env.episodeFitness(1), 0.0);
        env.loadStateView(1);
        assertEquals(999, env.stateView().step);
        assertFalse(env.stateView().atGoal);
    }

    @Test
    void actionsAreClippedToOne() {
        MountainCarEnv env = task.createEnv(1, 0);
        env.reset(new float[2]);
        env.position[0] = -0.5;
        env.step(new float[] {3f});
        env.loadStateView(0);
        assertEquals(1.0, env.stateView().action[0], 0.0);
        assertEquals((float) (0.0015 - 0.0025 * Math.cos(-1.5)), env.stateView().velocity, 0.0);
    }

    @Test
    void stepStateViewAndAutoResetAllocateNothing() {
        EnvChecks.assertNoAllocation(task, 64);
    }

    @Test
    void deterministicAndFiniteUnderRandomActions() {
        EnvChecks.assertDeterministic(task, 4, 1500);
        int finished = EnvChecks.assertLongRunSane(task, 8, 3000, 1.0);
        assertEquals(24, finished); // random actions never reach the goal: every episode runs 999 steps
        EnvChecks.assertAutoResetOnlyFinished(task, 2);
    }

    @Test
    void frameIsValidJsonAndPutsTheCarOnTheTrack() {
        MountainCarState s = new MountainCarState();
        s.position = -0.5;
        Frame frame = task.render(s);
        JsonCheck.assertValid(frame.toJson());
        Frame.Circle car = frame.shapes().stream()
                .filter(sh -> sh instanceof Frame.Circle)
                .map(sh -> (Frame.Circle) sh)
                .findFirst()
                .orElseThrow();
        assertEquals(-0.5, car.x(), 0.0);
        assertEquals(0.45 * Math.sin(-1.5) + 0.55 + 0.04, car.y(), 1e-12);
    }
}
