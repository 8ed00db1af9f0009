package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static Policy continuousPolicy() {
        Policy p = Policy.initial(
                3,
                new ActionSpace.Continuous(new double[] {-1, 0}, new double[] {1, 2}),
                List.of(8, 5),
                true,
                -0.5,
                new SplittableRandom(4));
        p.normalizer.update(new float[] {1, 2, 3, 3, 0, -1}, 2);
        // larger output weights so the clipping to the bounds shows
        for (int i = 0; i < p.actor.parameterCount(); i++) p.params[i] *= 50;
        return p;
    }

    @Test
    void bytesRoundTripToTheSameActions() {
        for (Policy p : List.of(
                continuousPolicy(),
                Policy.initial(4, new ActionSpace.Discrete(3), List.of(16), false, 0, new SplittableRandom(1)))) {
            byte[] bytes = p.toBytes();
            Policy q = Policy.fromBytes(bytes);
            assertArrayEquals(bytes, q.toBytes());
            assertEquals(p.observationSize(), q.observationSize());
            assertEquals(p.actionSpace(), q.actionSpace());
            assertEquals(p.hidden(), q.hidden());
            SplittableRandom random = new SplittableRandom(8);
            float[] obs = new float[p.observationSize()];
            float[] a = new float[p.actionSpace().size()];
            float[] b = new float[p.actionSpace().size()];
            for (int t = 0; t < 50; t++) {
                for (int i = 0; i < obs.length; i++) obs[i] = (float) random.nextDouble(-3, 3);
                p.act(obs, a);
                q.act(obs, b);
                assertArrayEquals(a, b);
            }
        }
    }

    @Test
    void deterministicActionsAreTheClippedGaussianMean() {
        Policy p = continuousPolicy();
        float[] raw = {0.5f, -2f, 4f};
        float[][][] acts = p.actor.newActivations(1);
        p.normalize(raw, 1, acts[0]);
        for (int j = 0; j < 3; j++) {
            double expected = (raw[j] - p.normalizer.mean[j]) / Math.sqrt(p.normalizer.var[j] + 1e-8);
            assertEquals(Math.max(-10, Math.min(10, expected)), acts[0][j][0], 1e-5);
        }
        p.actor.forward(p.params, 0, acts, 0, 1);
        float[] action = new float[2];
        p.act(raw, action);
        assertEquals(Math.max(-1, Math.min(1, acts[3][0][0])), action[0], 0f);
        assertEquals(Math.max(0, Math.min(2, acts[3][1][0])), action[1], 0f);
    }

    @Test
    void garbageIsRejected() {
        byte[] good = continuousPolicy().toBytes();
        assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(null));
        assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes("hello, this is not a policy".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(Arrays.copyOf(good, good.length - 9)));
        assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(Arrays.copyOf(good, good.length + 1)));
        for (int i : new int[] {0, 5, 12, good.length / 2, good.length - 9}) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x10;
            assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(flipped), "byte " + i);
        }
        byte[] future = good.clone();
        future[7] = 2; // version 2
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.fromBytes(future));
        assertEquals("unsupported policy version 2", e.getMessage());
    }
}
