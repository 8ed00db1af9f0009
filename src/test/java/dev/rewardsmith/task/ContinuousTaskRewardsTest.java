package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.GuardedReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.ballbalance.BallBalanceTask;
import dev.rewardsmith.task.quadcopter.QuadcopterTask;
import dev.rewardsmith.task.reacher.ReacherTask;
import dev.rewardsmith.task.reorient.ReorientTask;
import dev.rewardsmith.task.spin.SpinTask;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The human and sparse rewards of the five continuous tasks compile with the reward compiler, give finite
 * components on every state of random episodes, and the sparse reward summed over an episode equals F (the
 * task tests repeat that check on hand-built episodes where F is not 0).
 */
class ContinuousTaskRewardsTest {

    static Stream<Task> tasks() {
        return Stream.of(
                new ReacherTask(), new BallBalanceTask(), new QuadcopterTask(), new ReorientTask(), new SpinTask());
    }

    private static GuardedReward compile(String program, Task task) {
        CompileResult result = new RewardCompiler().compile(program, task.stateType());
        return new GuardedReward(assertInstanceOf(CompileResult.Compiled.class, result, result::toString)
                .reward()
                .function());
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void rewardsCompileStayFiniteAndSparseSumsToFitness(Task task) {
        GuardedReward human = compile(task.humanReward(), task);
        GuardedReward sparse = compile(task.sparseReward(), task);
        int copies = 16;
        VectorEnv env = task.createEnv(copies, 21);
        float[] obs = new float[copies * task.observationSize()];
        float[] act = new float[copies * task.actionSpace().size()];
        double[] humanComponents = new double[human.componentCount()];
        double[] sparseComponents = new double[sparse.componentCount()];
        double[] sparseReturn = new double[copies];
        env.reset(obs);
        SplittableRandom random = new SplittableRandom(5);
        int episodes = 0;
        for (long t = 0; t < 3L * task.episodeLength(); t++) {
            ContinuousTaskChecks.fillRandom(random, act);
            env.step(act);
            for (int i = 0; i < copies; i++) {
                env.loadStateView(i);
                human.evaluate(env.stateView(), humanComponents, t);
                sparseReturn[i] += sparse.evaluate(env.stateView(), sparseComponents, t);
                if (env.done(i)) {
                    assertEquals(env.episodeFitness(i), sparseReturn[i], 1e-9, task.id() + " sparse return vs F");
                    sparseReturn[i] = 0;
                    episodes++;
                }
            }
            env.autoReset(obs);
        }
        assertTrue(episodes >= 3 * copies);
    }
}
