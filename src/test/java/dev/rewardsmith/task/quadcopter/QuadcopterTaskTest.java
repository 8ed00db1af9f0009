package dev.rewardsmith.task.quadcopter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ContinuousTaskChecks;
import dev.rewardsmith.task.SparseReturn;
import dev.rewardsmith.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuadcopterTaskTest {

    private final QuadcopterTask task = new QuadcopterTask();

    @Test
    void sizesAndSpaces() {
        assertEquals("quadcopter", task.id());
        assertEquals(9, task.observationSize());
        assertEquals(300, task.episodeLength());
        ContinuousTaskChecks.unitBox(task.actionSpace(), 2);
        assertEquals(QuadcopterState.class, task.stateType());
    }

    /** A copy hovering level and still at (x, z) with the goal at (gx, gz). */
    private static QuadcopterEnv placed(int copies, double x, double z, double gx, double gz) {
        QuadcopterEnv env = new QuadcopterEnv(copies, 0);
        env.reset(new float[copies * 9]);
        for (int i = 0; i < copies; i++) {
            env.x[i] = x;
            env.z[i] = z;
            env.velocityX[i] = 0;
            env.velocityZ[i] = 0;
            env.pitch[i] = 0;
            env.pitchRate[i] = 0;
            env.goalX[i] = gx;
            env.goalZ[i] = gz;
        }
        return env;
    }

    @Test
    void matchesTheReferenceTrajectory() {
        // Reference: src/test/oracle/quadcopter.py (the documented equations, written independently in Python).
        QuadcopterEnv env = placed(1, 0.3, 1.5, 0, 2);
        env.velocityX[0] = 0.2;
        env.velocityZ[0] = -0.1;
        env.pitch[0] = 0.05;
        env.pitchRate[0] = -0.2;
        float[][] pattern = {{0.25f, 0.125f}, {-0.375f, 0.5f}, {1, 1}, {0, -0.5f}};
        double[][] expected = {
            {
                0.3038529056257139,
                1.4984586401987592,
                0.18837725841202488,
                -0.06331111619696263,
                0.04490587494050293,
                -0.28731118084472657
            },
            {
                0.30494406727023116,
                1.657220990493858,
                -0.293066360223107,
                0.8354379847868214,
                0.209706904702756,
                0.5637995932635611
            }
        };
        for (int k = 0; k < 20; k++) {
            env.step(pattern[k % 4]);
            if (k == 0 || k == 19) {
                double[] e = expected[k == 0 ? 0 : 1];
                assertEquals(e[0], env.x[0], 1e-12);
                assertEquals(e[1], env.z[0], 1e-12);
                assertEquals(e[2], env.velocityX[0], 1e-12);
                assertEquals(e[3], env.velocityZ[0], 1e-12);
                assertEquals(e[4], env.pitch[0], 1e-12);
                assertEquals(e[5], env.pitchRate[0], 1e-12);
            }
        }
    }

    @Test
    void zeroActionHoversExactly() {
        QuadcopterEnv env = placed(1, 0.5, 2.0, 0, 2);
        for (int t = 0; t < 300; t++) env.step(new float[2]);
        assertEquals(0.5, env.x[0]);
        assertEquals(2.0, env.z[0]);
        assertEquals(0.0, env.pitch[0]);
    }

    @Test
    void resetDistribution() {
        QuadcopterEnv env = new QuadcopterEnv(2000, 9);
        float[] obs = new float[2000 * 9];
        env.reset(obs);
        for (int i = 0; i < 2000; i++) {
            assertTrue(Math.abs(env.x[i]) <= 1 && env.z[i] >= 1 && env.z[i] <= 3);
            assertTrue(Math.abs(env.goalX[i]) <= 1 && env.goalZ[i] >= 1 && env.goalZ[i] <= 3);
            assertTrue(Math.abs(env.pitch[i]) <= 0.1 && Math.abs(env.pitchRate[i]) <= 0.1);
            assertTrue(Math.abs(env.velocityX[i]) <= 0.2 && Math.abs(env.velocityZ[i]) <= 0.2);
            assertEquals((float) (env.goalZ[i] - env.z[i]), obs[i * 9 + 8]);
            assertEquals((float) Math.cos(env.pitch[i]), obs[i * 9 + 5]);
        }
    }

    @Test
    void fallingWithoutThrustCrashesIntoTheGround() {
        // Free fall from 0.5 m with drag: about 0.32 s, i.e. step 17 of 0.02 s.
        QuadcopterEnv env = placed(1, 0, 0.5, 0, 2);
        int steps = 0;
        while (!env.done(0)) {
            env.step(new float[] {-1, -1});
            steps++;
        }
        assertTrue(env.terminated(0));
        assertTrue(steps >= 16 && steps <= 17, "steps " + steps);
        env.loadStateView(0);
        QuadcopterState s = (QuadcopterState) env.stateView();
        assertTrue(s.crashed);
        assertEquals(0.0, s.leftThrust);
        assertEquals(0.0, env.episodeFitness(0));
    }

    @Test
    void leavingTheBoxSidewaysCrashes() {
        QuadcopterEnv env = placed(1, 1.99, 2, 0, 2);
        env.velocityX[0] = 2;
        env.step(new float[2]);
        assertTrue(env.terminated(0));
    }

    @Test
    void stateViewFilled() {
        QuadcopterEnv env = placed(1, 0, 2, 0.06, 2.08);
        env.step(new float[] {0, 0});
        env.pitch[0] = 0.2;
        env.loadStateView(0);
        QuadcopterState s = (QuadcopterState) env.stateView();
        assertEquals(0.5 * 9.81 * 0.5, s.leftThrust, 1e-15);
        assertEquals(0.1, s.distance, 1e-15);
        assertEquals(0.2, s.pitch);
        assertFalse(s.crashed);
        assertEquals(1, s.step);
    }

    @Test
    void fitnessCountsTheFinalHundredSteps() {
        // Copy 0 hovers on its goal; copy 1 hovers 0.05 m away; copy 2 hovers 0.2 m away.
        QuadcopterEnv env = placed(3, 0, 2, 0, 2);
        env.goalX[1] = 0.05;
        env.goalX[2] = 0.2;
        SparseReturn sparse = new SparseReturn(task, 3);
        for (int t = 0; t < 300; t++) {
            env.step(new float[6]);
            sparse.afterStep(env);
            env.loadStateView(0);
            assertEquals(t + 1, ((QuadcopterState) env.stateView()).step);
        }
        assertTrue(env.done(0) && !env.terminated(0));
        assertEquals(1.0, env.episodeFitness(0));
        assertEquals(1.0, env.episodeFitness(1));
        assertEquals(0.0, env.episodeFitness(2));
        for (int i = 0; i < 3; i++) assertEquals(env.episodeFitness(i), sparse.sum(i), 1e-12);

        // On the goal for the first 230 steps, then moved away by 1 m: 30 of the final 100 steps count.
        QuadcopterEnv moved = placed(1, 0, 2, 0, 2);
        SparseReturn movedSparse = new SparseReturn(task, 1);
        for (int t = 0; t < 300; t++) {
            if (t == 230) moved.goalX[0] = 1;
            moved.step(new float[2]);
            movedSparse.afterStep(moved);
        }
        assertEquals(0.3, moved.episodeFitness(0));
        assertEquals(0.3, movedSparse.sum(0), 1e-12);
    }

    @Test
    void contract() {
        ContinuousTaskChecks.deterministic(task, 4, 400);
        List<Double> fitness = ContinuousTaskChecks.finiteUnderAnyAction(task, 16, 20, 1);
        assertTrue(fitness.size() >= 16 * 20);
        ContinuousTaskChecks.autoResetRestartsFinishedCopies(task);
        ContinuousTaskChecks.stateViewDocumented(QuadcopterState.class);
    }

    @Test
    void rewardProgramsAndFrame() {
        assertEquals(
                List.of("approach", "precision", "upright", "velocity", "crash"),
                ContinuousTaskChecks.rewardProgramShape(task.humanReward(), QuadcopterState.class));
        assertEquals(
                List.of("held"), ContinuousTaskChecks.rewardProgramShape(task.sparseReward(), QuadcopterState.class));
        var env = task.createEnv(1, 4);
        env.reset(new float[9]);
        env.step(new float[] {1, -1});
        env.loadStateView(0);
        ContinuousTaskChecks.frameJsonValid(task.render(env.stateView()));
        task.ppoDefaults();
    }

    @Test
    void aCascadedPdControllerReachesTheThreshold() {
        // Position error -> desired acceleration -> pitch reference and collective thrust; pitch PD as torque.
        double f = meanFitness(task, (o, k, a, j) -> {
            double pitch = Math.atan2(o[k + 4], o[k + 5]);
            double accelX = 2.0 * o[k + 7] - 2.0 * o[k + 2];
            double accelZ = 4.0 * o[k + 8] - 3.0 * o[k + 3];
            double pitchRef = Math.max(-0.5, Math.min(0.5, -accelX / 9.81));
            double collective = (accelZ + 9.81) / Math.cos(pitch) / 9.81 - 1;
            double torque = 1.5 * (pitchRef - pitch) - 0.2 * o[k + 6];
            a[j] = clip(collective - torque);
            a[j + 1] = clip(collective + torque);
        });
        assertTrue(f > 0.95 && f >= task.fitnessThreshold(), "F " + f);
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
