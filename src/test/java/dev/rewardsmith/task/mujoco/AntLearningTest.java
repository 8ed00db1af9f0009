package dev.rewardsmith.task.mujoco;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.Task;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Learning on the real MuJoCo ant in a CI-sized budget (150,000 steps, the task's PPO defaults otherwise, seed 1):
 * the human reward (forward velocity + healthy - control - contact) moves the ant forward clearly more than the
 * sparse reward (F paid once at the episode's end). Measured (docs/tasks.md, "MuJoCo tasks"): mean checkpoint F
 * 0.061 m/s and best 0.105 for the human reward against 0.029 and 0.066 for the sparse one.
 */
class AntLearningTest {

    static final long BUDGET = 150_000;

    private static TrainingResult train(Task task, String program) {
        CompileResult c = new RewardCompiler().compile(program, task.stateType());
        RewardFunction reward = ((CompileResult.Compiled) c).reward().function();
        PpoConfig config = task.ppoDefaults().toBuilder().totalTimesteps(BUDGET).build();
        long start = System.nanoTime();
        TrainingResult r = new PpoTrainer()
                .train(new TrainingRequest(task, reward, null, config, 1, null), MetricsListener.none(), () -> false);
        System.out.printf(
                Locale.ROOT,
                "ant learning: F %.3f, mean checkpoint F %.3f (checkpoints %s) in %.1f s%n",
                r.fitness(),
                mean(r.checkpointFitness()),
                Arrays.toString(r.checkpointFitness()),
                (System.nanoTime() - start) / 1e9);
        return r;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    @Test
    void theHumanRewardMovesTheAntForwardClearlyMoreThanTheSparseReward() {
        AntTask ant = new AntTask();
        CompletableFuture<TrainingResult> sparse = CompletableFuture.supplyAsync(() -> train(ant, ant.sparseReward()));
        TrainingResult human = train(ant, ant.humanReward());
        TrainingResult sparseResult = sparse.join();
        double humanMean = mean(human.checkpointFitness());
        double sparseMean = mean(sparseResult.checkpointFitness());
        assertTrue(
                humanMean > 1.5 * sparseMean && humanMean > 0.04,
                "mean checkpoint F: human " + humanMean + ", sparse " + sparseMean);
        assertTrue(
                human.fitness() > sparseResult.fitness(),
                "best F: human " + human.fitness() + ", sparse " + sparseResult.fitness());
    }
}
