package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SplitMix exposes java.util.SplittableRandom's state: every draw and split must agree with the JDK's. */
class SplitMixTest {

    @Test
    void drawsAndSplitsAgreeWithTheJdk() {
        for (long seed : new long[] {0, 1, 7, -42, 0x9E3779B97F4A7C15L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix ours = SplitMix.of(seed);
            for (int i = 0; i < 5; i++) assertEquals(jdk.nextLong(), ours.nextLong());
            SplittableRandom jdkChild = jdk.split();
            SplitMix child = ours.split();
            SplittableRandom jdkGrandChild = jdkChild.split();
            SplitMix grandChild = child.split();
            for (int i = 0; i < 100; i++) {
                assertEquals(jdkChild.nextLong(), child.nextLong());
                assertEquals(jdkGrandChild.nextLong(), grandChild.nextLong());
            }
            // the k-th draw is mix64(seed + (k + 1) * gamma): the jump the kernels use
            SplittableRandom fresh = new SplittableRandom(seed);
            SplitMix start = SplitMix.of(seed);
            for (long k = 0; k < 50; k++) {
                assertEquals(fresh.nextLong(), SplitMix.mix64(start.seed + (k + 1) * start.gamma));
            }
        }
    }
}
