package dev.rewardsmith.task.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.mujoco.MuJoCo;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.rl.EnvironmentWrapper;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingCancelledException;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A training frees its MuJoCo envs (native mjData) when it ends, however it ends: every env the trainer created
 * (the rollout's and each checkpoint evaluation's) is closed when {@code train} returns or throws, and many
 * trainings leave MuJoCo's live allocations exactly where they were.
 */
class TrainingClosesEnvsTest {

    static HopperTask hopper;
    static RewardFunction human;

    @BeforeAll
    static void setUp() {
        assertTrue(MuJoCo.availability().available(), MuJoCo.availability().reason());
        hopper = new HopperTask();
        CompileResult c = new RewardCompiler().compile(hopper.humanReward(), hopper.stateType());
        human = ((CompileResult.Compiled) c).reward().function();
    }

    /** The hopper, remembering every env it made. */
    static final class Recording extends EnvironmentWrapper {
        final List<LocomotionEnv> made = new ArrayList<>();

        Recording() {
            super(hopper);
        }

        @Override
        public LocomotionEnv createEnv(int copies, long seed) {
            LocomotionEnv env = hopper.createEnv(copies, seed);
            made.add(env);
            return env;
        }
    }

    /** 4 copies x 32 steps per iteration, 4 iterations: 4 checkpoints. */
    static PpoConfig tiny() {
        return hopper.ppoDefaults().toBuilder()
                .numEnvs(4)
                .numSteps(32)
                .numMinibatches(2)
                .updateEpochs(1)
                .totalTimesteps(4 * 32 * 4)
                .build();
    }

    private static void assertAllClosed(Recording env, int expected) {
        assertEquals(expected, env.made.size());
        for (LocomotionEnv e : env.made) assertTrue(e.closed(), "an env was left open");
    }

    @Test
    void aFinishedTrainingClosesItsRolloutAndEvaluationEnvs() {
        Recording env = new Recording();
        TrainingResult r = new PpoTrainer()
                .train(new TrainingRequest(env, human, null, tiny(), 1, null), MetricsListener.none(), () -> false);
        assertEquals(4, r.checkpointFitness().length);
        // the rollout's env and one per checkpoint
        assertAllClosed(env, 1 + 4);
    }

    @Test
    void aFailedTrainingClosesItsEnvs() {
        Recording env = new Recording();
        AtomicInteger calls = new AtomicInteger();
        RewardFunction failing = new RewardFunction() {
            @Override
            public List<String> componentNames() {
                return List.of();
            }

            @Override
            public double evaluate(Object state, double[] components) {
                return calls.incrementAndGet() == 200 ? Double.NaN : 0;
            }
        };
        assertThrows(NonFiniteRewardException.class, () -> new PpoTrainer()
                .train(new TrainingRequest(env, failing, null, tiny(), 1, null), MetricsListener.none(), () -> false));
        // failed in the second iteration, after the first checkpoint
        assertAllClosed(env, 2);
    }

    @Test
    void aCancelledTrainingClosesItsEnvs() {
        Recording env = new Recording();
        AtomicInteger asked = new AtomicInteger();
        TrainingCancelledException e = assertThrows(TrainingCancelledException.class, () -> new PpoTrainer()
                .train(
                        new TrainingRequest(env, human, null, tiny(), 1, null),
                        MetricsListener.none(),
                        () -> asked.incrementAndGet() > 2));
        assertEquals(2, e.epoch());
        assertAllClosed(env, 1 + 2);
    }

    @Test
    void manyTrainingsLeaveNoNativeMemoryBehind() {
        Recording first = new Recording();
        new PpoTrainer()
                .train(new TrainingRequest(first, human, null, tiny(), 1, null), MetricsListener.none(), () -> false);
        MuJoCo.Allocations before = MuJoCo.mujocoAllocations();
        for (int i = 0; i < 20; i++) {
            Recording env = new Recording();
            new PpoTrainer()
                    .train(
                            new TrainingRequest(env, human, null, tiny(), 2 + i, null),
                            MetricsListener.none(),
                            () -> false);
            assertAllClosed(env, 5);
        }
        assertEquals(before, MuJoCo.mujocoAllocations());
    }
}
