package dev.rewardsmith.task.reorient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.ContinuousTaskChecks;
import dev.rewardsmith.task.SparseReturn;
import dev.rewardsmith.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorientTaskTest {

    private final ReorientTask task = new ReorientTask();

    @Test
    void sizesAndSpaces() {
        assertEquals("reorient", task.id());
        assertEquals(14, task.observationSize());
        assertEquals(300, task.episodeLength());
        ContinuousTaskChecks.unitBox(task.actionSpace(), 3);
        assertEquals(ReorientState.class, task.stateType());
    }

    /** One copy at rest in the identity attitude, target 'angle' rad about body x. */
    private static ReorientEnv atRest(double angle) {
        ReorientEnv env = new ReorientEnv(1, 0);
        env.reset(new float[14]);
        env.pen.qw[0] = 1;
        env.pen.qx[0] = 0;
        env.pen.qy[0] = 0;
        env.pen.qz[0] = 0;
        env.pen.wx[0] = 0;
        env.pen.wy[0] = 0;
        env.pen.wz[0] = 0;
        setTarget(env, angle);
        return env;
    }

    private static void setTarget(ReorientEnv env, double angleAboutX) {
        env.targetW[0] = Math.cos(angleAboutX / 2);
        env.targetX[0] = Math.sin(angleAboutX / 2);
        env.targetY[0] = 0;
        env.targetZ[0] = 0;
    }

    @Test
    void resetDrawsUnitQuaternionsAndObservesThem() {
        ReorientEnv env = new ReorientEnv(500, 9);
        float[] obs = new float[500 * 14];
        env.reset(obs);
        for (int i = 0; i < 500; i++) {
            double n = env.pen.qw[i] * env.pen.qw[i]
                    + env.pen.qx[i] * env.pen.qx[i]
                    + env.pen.qy[i] * env.pen.qy[i]
                    + env.pen.qz[i] * env.pen.qz[i];
            assertEquals(1.0, n, 1e-14);
            double t = env.targetW[i] * env.targetW[i]
                    + env.targetX[i] * env.targetX[i]
                    + env.targetY[i] * env.targetY[i]
                    + env.targetZ[i] * env.targetZ[i];
            assertEquals(1.0, t, 1e-14);
            assertTrue(Math.abs(env.pen.wx[i]) <= 0.5 && Math.abs(env.pen.wz[i]) <= 0.5);
            assertEquals((float) env.pen.qx[i], obs[i * 14 + 1]);
            assertEquals((float) env.pen.wy[i], obs[i * 14 + 5]);
            assertEquals((float) env.targetZ[i], obs[i * 14 + 10]);
        }
    }

    @Test
    void observationEndsWithTheErrorVector() {
        ReorientEnv env = atRest(0.8);
        float[] obs = new float[14];
        env.step(new float[3]);
        env.autoReset(obs);
        assertEquals(0.8f, obs[11], 1e-6f);
        assertEquals(0f, obs[12]);
        assertEquals(0f, obs[13]);
    }

    @Test
    void reachingTheTargetCountsAndDrawsANewOne() {
        ReorientEnv env = atRest(0.09);
        env.step(new float[3]);
        env.loadStateView(0);
        ReorientState s = (ReorientState) env.stateView();
        assertTrue(s.success);
        assertEquals(1, s.successes);
        assertEquals(0.09, s.rotationError, 1e-15);
        assertArrayEquals(new double[] {Math.cos(0.045), Math.sin(0.045), 0, 0}, s.target, 0);
        assertArrayEquals(new double[] {0.09, 0, 0}, s.errorVector, 1e-15);
        env.autoReset(new float[14]);
        assertNotEquals(Math.cos(0.045), env.targetW[0], "a new target after a success");
        env.step(new float[3]);
        env.loadStateView(0);
        assertFalse(s.success);
        assertEquals(1, s.successes);
    }

    @Test
    void aTargetJustOutsideToleranceIsNotReached() {
        ReorientEnv env = atRest(0.11);
        env.step(new float[3]);
        env.loadStateView(0);
        assertFalse(((ReorientState) env.stateView()).success);
    }

    @Test
    void fitnessCountsTargetsReachedInTheEpisode() {
        ReorientEnv env = atRest(2.0);
        SparseReturn sparse = new SparseReturn(task, 1);
        for (int t = 0; t < 300; t++) {
            // The pen never moves; at steps 10, 50 and 299 the target is put 0.05 rad from it.
            if (t == 10 || t == 50 || t == 299) setTarget(env, 0.05);
            env.step(new float[3]);
            sparse.afterStep(env);
            if (t < 299) {
                assertFalse(env.done(0));
                env.autoReset(new float[14]);
            }
        }
        assertTrue(env.done(0));
        assertFalse(env.terminated(0));
        assertEquals(3.0, env.episodeFitness(0));
        assertEquals(3.0, sparse.sum(0));
        env.loadStateView(0);
        assertEquals(3, ((ReorientState) env.stateView()).successes);
    }

    @Test
    void stateViewFilled() {
        ReorientEnv env = atRest(1.0);
        env.step(new float[] {0.5f, -0.25f, 2f});
        env.loadStateView(0);
        ReorientState s = (ReorientState) env.stateView();
        assertArrayEquals(new double[] {0.5, -0.25, 1}, s.action);
        assertArrayEquals(new double[] {env.pen.qw[0], env.pen.qx[0], env.pen.qy[0], env.pen.qz[0]}, s.orientation);
        assertArrayEquals(new double[] {env.pen.wx[0], env.pen.wy[0], env.pen.wz[0]}, s.angularVelocity);
        assertEquals(
                Math.sqrt(
                        env.pen.wx[0] * env.pen.wx[0] + env.pen.wy[0] * env.pen.wy[0] + env.pen.wz[0] * env.pen.wz[0]),
                s.angularSpeed,
                1e-15);
        assertEquals(env.pen.errorAngle(0, s.target[0], s.target[1], s.target[2], s.target[3]), s.rotationError);
        assertEquals(
                s.rotationError,
                Math.sqrt(s.errorVector[0] * s.errorVector[0]
                        + s.errorVector[1] * s.errorVector[1]
                        + s.errorVector[2] * s.errorVector[2]),
                1e-14);
        assertEquals(1, s.step);
    }

    @Test
    void contract() {
        ContinuousTaskChecks.deterministic(task, 4, 400);
        List<Double> fitness = ContinuousTaskChecks.finiteUnderAnyAction(task, 16, 20, 300);
        assertEquals(16 * 20, fitness.size());
        ContinuousTaskChecks.autoResetRestartsFinishedCopies(task);
        ContinuousTaskChecks.stateViewDocumented(ReorientState.class);
    }

    @Test
    void rewardProgramsAndFrame() {
        assertEquals(
                List.of("orientation", "control", "reached"),
                ContinuousTaskChecks.rewardProgramShape(task.humanReward(), ReorientState.class));
        assertEquals(
                List.of("success"), ContinuousTaskChecks.rewardProgramShape(task.sparseReward(), ReorientState.class));
        var env = task.createEnv(1, 4);
        env.reset(new float[14]);
        env.step(new float[] {1, -1, 0.5f});
        env.loadStateView(0);
        ContinuousTaskChecks.frameJsonValid(task.render(env.stateView()));
        task.ppoDefaults();
    }

    @Test
    void aProportionalControllerReachesTheThreshold() {
        // Torque ~ 3 x (rotation vector to the target) - angular velocity, from the observation.
        double f = meanFitness(task, (o, k, a, j) -> {
            for (int d = 0; d < 3; d++) a[j + d] = clip(3 * o[k + 11 + d] - o[k + 4 + d]);
        });
        assertTrue(f > 8 && f >= task.fitnessThreshold(), "F " + f);
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
