package dev.rewardsmith.task.spin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ContinuousTaskChecks;
import dev.rewardsmith.task.SparseReturn;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.reorient.ReorientTask;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpinTaskTest {

    private final SpinTask task = new SpinTask();

    @Test
    void sizesAndSpacesMatchReorientForTheCurriculum() {
        ReorientTask reorient = new ReorientTask();
        assertEquals("spin", task.id());
        assertEquals(reorient.observationSize(), task.observationSize());
        assertEquals(reorient.actionSpace(), task.actionSpace());
        assertEquals(300, task.episodeLength());
        assertEquals(SpinState.class, task.stateType());
    }

    /** One copy starting at rest in the identity attitude (waypoint k = k * 45 degrees about world z). */
    private static SpinEnv atRest() {
        SpinEnv env = new SpinEnv(1, 0);
        env.reset(new float[14]);
        env.pen.qw[0] = 1;
        env.pen.qx[0] = 0;
        env.pen.qy[0] = 0;
        env.pen.qz[0] = 0;
        env.pen.wx[0] = 0;
        env.pen.wy[0] = 0;
        env.pen.wz[0] = 0;
        env.startW[0] = 1;
        env.startX[0] = 0;
        env.startY[0] = 0;
        env.startZ[0] = 0;
        env.targetW[0] = Math.cos(Math.PI / 8);
        env.targetX[0] = 0;
        env.targetY[0] = 0;
        env.targetZ[0] = Math.sin(Math.PI / 8);
        return env;
    }

    /** Puts the pen at 'angle' about body z (= world z here), at rest. */
    private static void turnTo(SpinEnv env, double angle) {
        env.pen.qw[0] = Math.cos(angle / 2);
        env.pen.qz[0] = Math.sin(angle / 2);
    }

    @Test
    void firstWaypointIsFortyFiveDegreesAboutTheLongAxisOfTheStart() {
        SpinEnv env = new SpinEnv(200, 3);
        env.reset(new float[200 * 14]);
        double[] start = new double[3];
        double[] target = new double[3];
        for (int i = 0; i < 200; i++) {
            // The waypoint is pi/4 from the start and keeps the long axis.
            assertEquals(
                    Math.PI / 4,
                    env.pen.errorAngle(i, env.targetW[i], env.targetX[i], env.targetY[i], env.targetZ[i]),
                    1e-12);
            env.pen.errorVector(i, env.targetW[i], env.targetX[i], env.targetY[i], env.targetZ[i], target, 0);
            assertArrayEquals(new double[] {0, 0, Math.PI / 4}, target, 1e-12);
            env.pen.longAxis(i, start);
            assertEquals(1.0, start[0] * start[0] + start[1] * start[1] + start[2] * start[2], 1e-12);
        }
    }

    @Test
    void reachingWaypointsAdvancesAlongTheAxis() {
        SpinEnv env = atRest();
        turnTo(env, Math.PI / 4 - 0.05);
        env.step(new float[3]);
        env.loadStateView(0);
        SpinState s = (SpinState) env.stateView();
        assertTrue(s.success);
        assertEquals(1, s.waypointsReached);
        assertEquals(0.05, s.rotationError, 1e-12);
        assertEquals(0.0, s.axisDeviation, 1e-7);
        env.autoReset(new float[14]);
        // Waypoint 2: 90 degrees about z.
        assertEquals(Math.cos(Math.PI / 4), env.targetW[0], 1e-15);
        assertEquals(Math.sin(Math.PI / 4), env.targetZ[0], 1e-15);
        env.step(new float[3]);
        env.loadStateView(0);
        assertFalse(s.success);
        assertEquals(1, s.waypointsReached);
    }

    @Test
    void fitnessIsTheFractionOfWaypointsAndStopsAtSixteen() {
        SpinEnv env = atRest();
        SparseReturn sparse = new SparseReturn(task, 1);
        int reached = 0;
        for (int t = 0; t < 300; t++) {
            // Teleport onto each waypoint in turn for the first 20 steps: 16 reached, then no more.
            if (t < 20) turnTo(env, (reached + 1) * Math.PI / 4);
            env.step(new float[3]);
            sparse.afterStep(env);
            env.loadStateView(0);
            reached = ((SpinState) env.stateView()).waypointsReached;
            if (t < 299) env.autoReset(new float[14]);
        }
        assertEquals(16, reached);
        assertTrue(env.done(0));
        assertFalse(env.terminated(0));
        assertEquals(1.0, env.episodeFitness(0));
        assertEquals(1.0, sparse.sum(0), 1e-12);

        SpinEnv partial = atRest();
        SparseReturn partialSparse = new SparseReturn(task, 1);
        for (int t = 0; t < 300; t++) {
            if (t == 5) turnTo(partial, Math.PI / 4);
            if (t == 9) turnTo(partial, Math.PI / 2 + 0.02);
            if (t == 40) turnTo(partial, Math.PI);
            partial.step(new float[3]);
            partialSparse.afterStep(partial);
            if (t < 299) partial.autoReset(new float[14]);
        }
        assertEquals(2.0 / 16.0, partial.episodeFitness(0));
        assertEquals(2.0 / 16.0, partialSparse.sum(0), 1e-12);
    }

    @Test
    void axisDeviationMeasuresTilt() {
        SpinEnv env = atRest();
        env.step(new float[3]);
        // Tilt the pen by 0.3 rad about world x.
        env.pen.qw[0] = Math.cos(0.15);
        env.pen.qx[0] = Math.sin(0.15);
        env.pen.qz[0] = 0;
        env.loadStateView(0);
        SpinState s = (SpinState) env.stateView();
        assertEquals(0.3, s.axisDeviation, 1e-7);
        assertEquals(env.pen.wz[0], s.axialSpeed);
    }

    @Test
    void contract() {
        ContinuousTaskChecks.deterministic(task, 4, 400);
        List<Double> fitness = ContinuousTaskChecks.finiteUnderAnyAction(task, 16, 20, 1);
        assertEquals(16 * 20, fitness.size());
        ContinuousTaskChecks.autoResetRestartsFinishedCopies(task);
        ContinuousTaskChecks.stateViewDocumented(SpinState.class);
    }

    @Test
    void rewardProgramsAndFrame() {
        assertEquals(
                List.of("waypoint", "spin", "wobble", "reached"),
                ContinuousTaskChecks.rewardProgramShape(task.humanReward(), SpinState.class));
        assertEquals(
                List.of("waypoint"), ContinuousTaskChecks.rewardProgramShape(task.sparseReward(), SpinState.class));
        var env = task.createEnv(1, 4);
        env.reset(new float[14]);
        env.step(new float[] {1, -1, 0.5f});
        env.loadStateView(0);
        ContinuousTaskChecks.frameJsonValid(task.render(env.stateView()));
        task.ppoDefaults();
    }

    @Test
    void aProportionalControllerReachesTheThreshold() {
        // The reorient controller, unchanged: the observation layout is the same.
        double f = meanFitness(task, (o, k, a, j) -> {
            for (int d = 0; d < 3; d++) a[j + d] = clip(3 * o[k + 11 + d] - o[k + 4 + d]);
        });
        assertTrue(f > 0.8 && f >= task.fitnessThreshold(), "F " + f);
    }

    /** Runs 64 copies for 4 episodes under a controller of (observation, offset, action, offset); mean F. */
    private static double meanFitness(Task task, Controller controller) {
        int n = 64;
        var env = task.createEnv(n, 3);
        int os = task.observationSize();
        int as = task.actionSpace().size();
        float[] obs = new float[n * os];
        float[] act = new float[n * as];
        env.reset(obs);
        double sum = 0;
        int episodes = 0;
        for (int t = 0; t < 4 * task.episodeLength(); t++) {
            for (int i = 0; i < n; i++) controller.act(obs, i * os, act, i * as);
            env.step(act);
            for (int i = 0; i < n; i++) {
                if (env.done(i)) {
                    sum += env.episodeFitness(i);
                    episodes++;
                }
            }
            env.autoReset(obs);
        }
        return sum / episodes;
    }

    private interface Controller {
        void act(float[] obs, int o, float[] act, int a);
    }

    private static float clip(double v) {
        return (float) Math.max(-1, Math.min(1, v));
    }
}
