package dev.rewardsmith.task.ballbalance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ContinuousTaskChecks;
import dev.rewardsmith.task.SparseReturn;
import java.util.List;
import org.junit.jupiter.api.Test;

class BallBalanceTaskTest {

    private final BallBalanceTask task = new BallBalanceTask();

    @Test
    void sizesAndSpaces() {
        assertEquals("ball-balance", task.id());
        assertEquals(6, task.observationSize());
        assertEquals(300, task.episodeLength());
        ContinuousTaskChecks.unitBox(task.actionSpace(), 2);
        assertEquals(BallBalanceState.class, task.stateType());
    }

    private static BallBalanceEnv placed(int copies, double x, double y, double vx, double vy) {
        BallBalanceEnv env = new BallBalanceEnv(copies, 0);
        env.reset(new float[copies * 6]);
        for (int i = 0; i < copies; i++) {
            env.ballX[i] = x;
            env.ballY[i] = y;
            env.ballVelocityX[i] = vx;
            env.ballVelocityY[i] = vy;
        }
        return env;
    }

    @Test
    void matchesTheReferenceTrajectory() {
        // Reference: src/test/oracle/ballbalance.py (the documented equations, written independently in Python).
        BallBalanceEnv env = placed(1, 0.1, -0.2, 0.05, 0.3);
        env.tiltX[0] = 0.02;
        env.tiltY[0] = -0.01;
        float[][] pattern = {{1, -1}, {0.5f, 0.25f}, {-1, 0}, {-0.75f, 1}};
        double[][] expected = {
            {0.10112488596356475, -0.19413048294021637, 0.056244298178237506, 0.2934758529891821, 0.046, -0.038},
            {
                0.12461503450018659,
                -0.08774475308370847,
                0.05009546180667996,
                0.27995866823760285,
                -0.035832526654206824,
                0.032431916622412675
            }
        };
        for (int k = 0; k < 20; k++) {
            env.step(pattern[k % 4]);
            if (k == 0 || k == 19) {
                double[] e = expected[k == 0 ? 0 : 1];
                assertEquals(e[0], env.ballX[0], 1e-13);
                assertEquals(e[1], env.ballY[0], 1e-13);
                assertEquals(e[2], env.ballVelocityX[0], 1e-13);
                assertEquals(e[3], env.ballVelocityY[0], 1e-13);
                assertEquals(e[4], env.tiltX[0], 1e-13);
                assertEquals(e[5], env.tiltY[0], 1e-13);
            }
        }
    }

    @Test
    void ballAtRestOnALevelTableStays() {
        BallBalanceEnv env = placed(1, 0.2, -0.3, 0, 0);
        for (int t = 0; t < 50; t++) env.step(new float[2]);
        assertEquals(0.2, env.ballX[0]);
        assertEquals(-0.3, env.ballY[0]);
    }

    @Test
    void resetDistribution() {
        BallBalanceEnv env = new BallBalanceEnv(2000, 9);
        float[] obs = new float[2000 * 6];
        env.reset(obs);
        double maxX = 0;
        for (int i = 0; i < 2000; i++) {
            assertTrue(Math.abs(env.ballX[i]) <= 0.3 && Math.abs(env.ballY[i]) <= 0.3);
            assertTrue(Math.abs(env.ballVelocityX[i]) <= 0.1 && Math.abs(env.ballVelocityY[i]) <= 0.1);
            assertEquals(0.0, env.tiltX[i]);
            maxX = Math.max(maxX, Math.abs(env.ballX[i]));
            assertEquals((float) env.ballY[i], obs[i * 6 + 1]);
            assertEquals((float) env.ballVelocityX[i], obs[i * 6 + 2]);
        }
        assertTrue(maxX > 0.29);
    }

    @Test
    void leavingTheTableTerminates() {
        BallBalanceEnv env = placed(2, 0.495, 0, 1.0, 0);
        env.ballX[1] = 0;
        env.step(new float[4]);
        assertTrue(env.terminated(0));
        assertTrue(env.done(0));
        assertFalse(env.done(1));
        env.loadStateView(0);
        BallBalanceState s = (BallBalanceState) env.stateView();
        assertFalse(s.onTable);
        assertEquals(0.0, env.episodeFitness(0));
    }

    @Test
    void stateViewFilled() {
        BallBalanceEnv env = placed(1, 0.03, 0.04, 0.3, -0.4);
        env.step(new float[] {0.5f, 3f});
        env.ballX[0] = 0.03;
        env.ballY[0] = 0.04;
        env.ballVelocityX[0] = 0.3;
        env.ballVelocityY[0] = -0.4;
        env.loadStateView(0);
        BallBalanceState s = (BallBalanceState) env.stateView();
        assertEquals(0.5, s.action[0]);
        assertEquals(1.0, s.action[1]);
        assertEquals(0.05, s.distance, 1e-16);
        assertEquals(0.5, s.speed, 1e-16);
        // Servo after one step: 0.02 * (0.15 * a - 0) / 0.1 = 0.03 a.
        assertEquals(0.015, s.tiltX, 1e-16);
        assertEquals(0.03, s.tiltY, 1e-16);
        assertTrue(s.onTable);
        assertEquals(1, s.step);
    }

    @Test
    void fitnessIsTheCentredFractionOfTheFullEpisode() {
        BallBalanceEnv env = placed(3, 0, 0, 0, 0);
        env.ballX[1] = 0.0999;
        env.ballX[2] = 0.1;
        SparseReturn sparse = new SparseReturn(task, 3);
        for (int t = 0; t < 299; t++) {
            env.step(new float[6]);
            sparse.afterStep(env);
        }
        assertFalse(env.done(0));
        env.step(new float[6]);
        sparse.afterStep(env);
        for (int i = 0; i < 3; i++) assertEquals(env.episodeFitness(i), sparse.sum(i), 1e-12);
        assertTrue(env.done(0) && !env.terminated(0));
        assertEquals(1.0, env.episodeFitness(0));
        assertEquals(1.0, env.episodeFitness(1));
        assertEquals(0.0, env.episodeFitness(2), "0.1 m is not within 0.1 m");

        // Centred for 100 steps, then the ball is knocked off the table: 100 / 300.
        BallBalanceEnv early = placed(1, 0, 0, 0, 0);
        SparseReturn earlySparse = new SparseReturn(task, 1);
        for (int t = 0; t < 100; t++) {
            early.step(new float[2]);
            earlySparse.afterStep(early);
        }
        early.ballX[0] = 0.6;
        early.step(new float[2]);
        earlySparse.afterStep(early);
        assertEquals(100.0 / 300.0, earlySparse.sum(0), 1e-12);
        assertTrue(early.terminated(0));
        assertEquals(100.0 / 300.0, early.episodeFitness(0));
    }

    @Test
    void contract() {
        ContinuousTaskChecks.deterministic(task, 4, 400);
        List<Double> fitness = ContinuousTaskChecks.finiteUnderAnyAction(task, 16, 20, 1);
        assertTrue(fitness.size() >= 16 * 20);
        ContinuousTaskChecks.autoResetRestartsFinishedCopies(task);
        ContinuousTaskChecks.stateViewDocumented(BallBalanceState.class);
    }

    @Test
    void rewardProgramsAndFrame() {
        assertEquals(
                List.of("centre", "speed", "alive"),
                ContinuousTaskChecks.rewardProgramShape(task.humanReward(), BallBalanceState.class));
        assertEquals(
                List.of("centred"),
                ContinuousTaskChecks.rewardProgramShape(task.sparseReward(), BallBalanceState.class));
        var env = task.createEnv(1, 4);
        env.reset(new float[6]);
        env.step(new float[] {1, -1});
        env.loadStateView(0);
        ContinuousTaskChecks.frameJsonValid(task.render(env.stateView()));
        task.ppoDefaults();
    }
}
