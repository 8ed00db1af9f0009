package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RolloutRecorderTest {

    @Test
    void recordsOneDeterministicEpisodeWithRewardsStatesAndFrames() {
        Policy policy = Policy.initial(1, new ActionSpace.Discrete(2), List.of(4), false, 0, new SplittableRandom(1));
        // a hand-set policy: logit 1 = 10 * obs, logit 0 = 0, so it answers the sign perfectly
        java.util.Arrays.fill(policy.params, 0f);
        policy.params[policy.actor.weightIndex(0, 0, 0)] = 1f;
        policy.params[policy.actor.weightIndex(1, 0, 1)] = 10f;
        byte[] bytes = policy.toBytes();
        Rollout r = new RolloutRecorder()
                .record(
                        new ToyEnv(false),
                        bytes,
                        Rewards.of("score", s -> ((ToyEnv.State) s).score),
                        0.99,
                        77,
                        s -> String.format(Locale.ROOT, "{\"target\":%.4f}", ((ToyEnv.State) s).target),
                        s -> "{\"answer\":" + ((ToyEnv.State) s).answer + "}");
        assertEquals(77, r.seed());
        assertEquals(List.of("score"), r.componentNames());
        assertEquals(ToyEnv.LENGTH, r.steps().size());
        assertEquals(1.0, r.fitness());
        SplittableRandom targets = new SplittableRandom(77); // ToyEnv draws one target per step from the seed
        for (RolloutStep step : r.steps()) {
            double target = targets.nextDouble(-1, 1);
            assertArrayEquals(new float[] {(float) target}, step.observation());
            assertArrayEquals(new float[] {target > 0 ? 1 : 0}, step.action());
            assertEquals(1.0, step.reward());
            assertArrayEquals(new double[] {1.0}, step.components());
            assertEquals(String.format(Locale.ROOT, "{\"target\":%.4f}", target), step.state());
            assertEquals("{\"answer\":" + (target > 0 ? 1.0 : 0.0) + "}", step.frame());
        }
        Rollout again =
                new RolloutRecorder().record(new ToyEnv(false), bytes, Rewards.constant(0), 0.99, 77, s -> "", s -> "");
        for (int i = 0; i < ToyEnv.LENGTH; i++) {
            assertArrayEquals(r.steps().get(i).action(), again.steps().get(i).action());
        }
    }
}
