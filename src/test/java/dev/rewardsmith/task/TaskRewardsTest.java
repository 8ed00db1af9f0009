package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.GuardedReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.VectorEnv;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every registered task's human and sparse reward compiles and stays finite on the states random play visits. */
class TaskRewardsTest {

    private final RewardCompiler compiler = new RewardCompiler();

    private GuardedReward compile(Task task, String program, String which) {
        CompileResult result = compiler.compile(program, task.stateType());
        if (result instanceof CompileResult.Rejected rejected) {
            fail(task.id() + " " + which + " reward rejected: " + rejected.problems());
        }
        return new GuardedReward(((CompileResult.Compiled) result).reward().function());
    }

    @Test
    void humanAndSparseRewardsCompileAndAreFiniteOnRandomStates() {
        for (Task task : new TaskRegistry().all()) {
            GuardedReward human = compile(task, task.humanReward(), "human");
            GuardedReward sparse = compile(task, task.sparseReward(), "sparse");
            assertTrue(human.componentCount() >= 1 && human.componentCount() <= 16, task.id());
            int copies = 16;
            VectorEnv env = task.createEnv(copies, 77L);
            float[] obs = new float[copies * task.observationSize()];
            float[] actions = new float[copies * task.actionSpace().size()];
            double[] humanComponents = new double[human.componentCount()];
            double[] sparseComponents = new double[sparse.componentCount()];
            SplittableRandom random = new SplittableRandom(78L);
            env.reset(obs);
            int steps = 2 * task.episodeLength();
            double spread = 0;
            double first = Double.NaN;
            for (int t = 0; t < steps; t++) {
                EnvChecks.randomActions(task, random, actions);
                env.step(actions);
                for (int i = 0; i < copies; i++) {
                    env.loadStateView(i);
                    // GuardedReward throws on a non-finite total or component
                    double r = human.evaluate(env.stateView(), humanComponents, t);
                    sparse.evaluate(env.stateView(), sparseComponents, t);
                    if (Double.isNaN(first)) first = r;
                    spread = Math.max(spread, Math.abs(r - first));
                }
                env.autoReset(obs);
            }
            assertTrue(spread > 0, task.id() + ": the human reward must vary over random play");
        }
    }

    /** For the classic four, F is the episode sum of the sparse reward, exactly as the env's bookkeeping counts it. */
    @Test
    void sparseRewardSumsToTheFitnessOverEachEpisode() {
        TaskRegistry registry = new TaskRegistry();
        for (String id : List.of("cartpole", "pendulum", "mountain-car", "acrobot")) {
            Task task = registry.find(id).orElseThrow();
            GuardedReward sparse = compile(task, task.sparseReward(), "sparse");
            int copies = 8;
            VectorEnv env = task.createEnv(copies, 5L);
            float[] obs = new float[copies * task.observationSize()];
            float[] actions = new float[copies * task.actionSpace().size()];
            double[] components = new double[sparse.componentCount()];
            double[] sum = new double[copies];
            SplittableRandom random = new SplittableRandom(6L);
            env.reset(obs);
            int episodes = 0;
            boolean sawPositive = false;
            for (int t = 0; t < 3 * task.episodeLength(); t++) {
                EnvChecks.randomActions(task, random, actions);
                // nudge towards success so that positive fitness shows up: pump energy in half of the copies
                if (id.equals("mountain-car")) pump(env, actions);
                env.step(actions);
                for (int i = 0; i < copies; i++) {
                    env.loadStateView(i);
                    sum[i] += sparse.evaluate(env.stateView(), components, t);
                    if (env.done(i)) {
                        assertEquals(env.episodeFitness(i), sum[i], 1e-12, id + " episode " + episodes);
                        sawPositive |= sum[i] > 0;
                        sum[i] = 0;
                        episodes++;
                    }
                }
                env.autoReset(obs);
            }
            assertTrue(episodes >= copies, id);
            assertTrue(sawPositive || id.equals("pendulum") || id.equals("acrobot"), id + " saw no success");
        }
    }

    private static void pump(VectorEnv env, float[] actions) {
        var car = (dev.rewardsmith.task.mountaincar.MountainCarState) env.stateView();
        for (int i = 0; i < actions.length; i += 2) {
            env.loadStateView(i);
            actions[i] = car.step == 0 || car.velocity >= 0 ? 1f : -1f;
        }
    }
}
