package dev.rewardsmith.task.reacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ContinuousTaskChecks;
import dev.rewardsmith.task.SparseReturn;
import dev.rewardsmith.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReacherTaskTest {

    private final ReacherTask task = new ReacherTask();

    @Test
    void sizesAndSpaces() {
        assertEquals("reacher", task.id());
        assertEquals(10, task.observationSize());
        assertEquals(100, task.episodeLength());
        ContinuousTaskChecks.unitBox(task.actionSpace(), 2);
        assertEquals(ReacherState.class, task.stateType());
    }

    @Test
    void matchesTheReferenceTrajectory() {
        // Reference: src/test/oracle/reacher.py (the documented equations, written independently in Python).
        ReacherEnv env = new ReacherEnv(1, 0);
        env.reset(new float[10]);
        env.shoulderAngle[0] = 0.3;
        env.elbowAngle[0] = -0.5;
        env.shoulderVelocity[0] = 0.2;
        env.elbowVelocity[0] = -0.1;
        float[][] pattern = {{1, 0}, {1, -1}, {-0.5f, 1}, {0.25f, 0.75f}, {-1, -1}};
        double[][] expected = {
            {0.32135459158835855, -0.5210275553143281, 1.2693346493508244, -1.1378320599966079},
            {0.38975469233468896, -0.5112720425331911, 0.8359614675276769, -2.4471044385817913},
            {0.6291965435938767, -0.5870968558310229, 0.6952299474130893, -2.4360893039227687}
        };
        int[] checkAt = {0, 4, 19};
        int next = 0;
        for (int k = 0; k < 20; k++) {
            env.step(pattern[k % 5]);
            if (k == checkAt[next]) {
                assertEquals(expected[next][0], env.shoulderAngle[0], 1e-12);
                assertEquals(expected[next][1], env.elbowAngle[0], 1e-12);
                assertEquals(expected[next][2], env.shoulderVelocity[0], 1e-12);
                assertEquals(expected[next][3], env.elbowVelocity[0], 1e-12);
                next++;
            }
        }
        assertEquals(3, next);
    }

    @Test
    void restingArmWithoutTorqueStaysPut() {
        ReacherEnv env = new ReacherEnv(1, 0);
        env.reset(new float[10]);
        env.shoulderAngle[0] = 1.0;
        env.elbowAngle[0] = 2.0;
        env.shoulderVelocity[0] = 0;
        env.elbowVelocity[0] = 0;
        env.step(new float[2]);
        assertEquals(1.0, env.shoulderAngle[0]);
        assertEquals(2.0, env.elbowAngle[0]);
    }

    @Test
    void resetDistribution() {
        ReacherEnv env = new ReacherEnv(2000, 9);
        float[] obs = new float[2000 * 10];
        env.reset(obs);
        double maxGoal = 0;
        for (int i = 0; i < 2000; i++) {
            assertTrue(Math.abs(env.shoulderAngle[i]) <= 0.1 && Math.abs(env.elbowAngle[i]) <= 0.1);
            assertTrue(Math.abs(env.shoulderVelocity[i]) <= 0.005 && Math.abs(env.elbowVelocity[i]) <= 0.005);
            double r = Math.hypot(env.goalX[i], env.goalY[i]);
            assertTrue(r <= 0.2);
            maxGoal = Math.max(maxGoal, r);
            assertEquals((float) Math.cos(env.shoulderAngle[i]), obs[i * 10]);
            assertEquals((float) env.goalY[i], obs[i * 10 + 5]);
        }
        assertTrue(maxGoal > 0.19, "goals cover the disc");
    }

    @Test
    void stateViewFilled() {
        ReacherEnv env = new ReacherEnv(2, 1);
        env.reset(new float[20]);
        env.step(new float[] {0, 0, 0.5f, -2f});
        env.shoulderAngle[1] = 0;
        env.elbowAngle[1] = Math.PI / 2;
        env.shoulderVelocity[1] = 1;
        env.elbowVelocity[1] = 0;
        env.goalX[1] = 0.1;
        env.goalY[1] = 0.1;
        env.loadStateView(1);
        ReacherState s = (ReacherState) env.stateView();
        assertEquals(0.5, s.action[0]);
        assertEquals(-1.0, s.action[1], "clipped");
        assertEquals(0.1, s.fingertipX, 1e-15);
        assertEquals(0.11, s.fingertipY, 1e-15);
        assertEquals(0.01, s.distance, 1e-15);
        // Fingertip velocity with qd1 = 1: (-l1 sin 0 - l2 sin(pi/2), l1 cos 0 + l2 cos(pi/2)) = (-0.11, 0.1).
        assertEquals(Math.hypot(0.11, 0.1), s.fingertipSpeed, 1e-15);
        assertEquals(1, s.step);
    }

    @Test
    void fitnessIsSuccessOnTheLastStep() {
        ReacherEnv env = new ReacherEnv(3, 2);
        env.reset(new float[30]);
        for (int i = 0; i < 3; i++) {
            env.shoulderAngle[i] = 0;
            env.elbowAngle[i] = 0;
            env.shoulderVelocity[i] = 0;
            env.elbowVelocity[i] = 0;
        }
        // Copy 0: goal at the fingertip; copy 1: 1.9 cm away; copy 2: 2.1 cm away. The arm never moves.
        env.goalX[0] = 0.21;
        env.goalY[0] = 0;
        env.goalX[1] = 0.21;
        env.goalY[1] = 0.019;
        env.goalX[2] = 0.21;
        env.goalY[2] = 0.021;
        SparseReturn sparse = new SparseReturn(task, 3);
        for (int t = 0; t < 99; t++) {
            env.step(new float[6]);
            sparse.afterStep(env);
            assertFalse(env.done(0));
        }
        env.step(new float[6]);
        sparse.afterStep(env);
        for (int i = 0; i < 3; i++) {
            assertTrue(env.done(i));
            assertFalse(env.terminated(i));
        }
        env.loadStateView(1);
        assertEquals(100, ((ReacherState) env.stateView()).step);
        assertEquals(1.0, env.episodeFitness(0));
        assertEquals(1.0, env.episodeFitness(1));
        assertEquals(0.0, env.episodeFitness(2));
        for (int i = 0; i < 3; i++) assertEquals(env.episodeFitness(i), sparse.sum(i), 1e-12);
    }

    @Test
    void contract() {
        ContinuousTaskChecks.deterministic(task, 4, 250);
        List<Double> fitness = ContinuousTaskChecks.finiteUnderAnyAction(task, 16, 20, 1);
        assertEquals(16 * 20, fitness.size());
        ContinuousTaskChecks.autoResetRestartsFinishedCopies(task);
        ContinuousTaskChecks.stateViewDocumented(ReacherState.class);
    }

    @Test
    void rewardProgramsAndFrame() {
        assertEquals(
                List.of("distance", "precision", "control"),
                ContinuousTaskChecks.rewardProgramShape(task.humanReward(), ReacherState.class));
        assertEquals(
                List.of("success"), ContinuousTaskChecks.rewardProgramShape(task.sparseReward(), ReacherState.class));
        var env = task.createEnv(1, 4);
        env.reset(new float[10]);
        env.step(new float[] {1, 1});
        env.loadStateView(0);
        ContinuousTaskChecks.frameJsonValid(task.render(env.stateView()));
        task.ppoDefaults();
    }

    @Test
    void aJacobianTransposeControllerReachesTheThreshold() {
        // tau = K J(q)^T (goal - tip) - D qd from the observation: the task is solvable within its episode.
        double f = meanFitness(task, (o, k, a, j) -> {
            double c1 = o[k];
            double c2 = o[k + 1];
            double s1 = o[k + 2];
            double s2 = o[k + 3];
            double ex = -o[k + 8];
            double ey = -o[k + 9];
            double c12 = c1 * c2 - s1 * s2;
            double s12 = s1 * c2 + c1 * s2;
            a[j] = clip(300 * ((-0.1 * s1 - 0.11 * s12) * ex + (0.1 * c1 + 0.11 * c12) * ey) - 0.2 * o[k + 6]);
            a[j + 1] = clip(300 * (-0.11 * s12 * ex + 0.11 * c12 * ey) - 0.2 * o[k + 7]);
        });
        assertTrue(f > 0.9 && f >= task.fitnessThreshold(), "F " + f);
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
