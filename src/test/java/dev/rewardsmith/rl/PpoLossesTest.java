package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PpoLossesTest {

    private static final float[] RATIO_LOG = {
        (float) Math.log(1.5), (float) Math.log(0.9), (float) Math.log(1.1), (float) Math.log(0.7)
    };
    private static final float[] OLD = {0, 0, 0, 0};
    private static final float[] ADV = {1, -2, 0.5f, 1};

    @Test
    void clippedSurrogateMatchesHandComputedValues() {
        float[] grad = new float[4];
        PpoLosses.RatioStats stats = new PpoLosses.RatioStats();
        double loss = PpoLosses.policyLoss(RATIO_LOG, OLD, ADV, 4, 0.2, grad, stats);
        // max(-A r, -A clip(r)): -1.2 (clipped, no gradient), 1.8, -0.55, -0.7 (unclipped although r < 0.8)
        assertEquals((-1.2 + 1.8 - 0.55 - 0.7) / 4, loss, 1e-6);
        assertArrayEquals(new float[] {0f, 0.45f, -0.1375f, -0.175f}, grad, 1e-6f);
        double kl =
                ((0.5 - Math.log(1.5)) + (-0.1 - Math.log(0.9)) + (0.1 - Math.log(1.1)) + (-0.3 - Math.log(0.7))) / 4;
        assertEquals(kl, stats.approxKl, 1e-6);
        assertEquals(0.5, stats.clipFraction);
    }

    @Test
    void clippedSurrogateByRowRangesGivesTheSameFloatsBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int n = 301;
        float[] logp = new float[n];
        float[] old = new float[n];
        float[] adv = new float[n];
        for (int i = 0; i < n; i++) {
            logp[i] = (float) random.nextDouble(-1.5, 0);
            old[i] = (float) (logp[i] + random.nextDouble(-0.4, 0.4));
            adv[i] = (float) random.nextDouble(-2, 2);
        }
        float[] grad = new float[n];
        PpoLosses.RatioStats stats = new PpoLosses.RatioStats();
        double loss = PpoLosses.policyLoss(logp, old, adv, n, 0.2, grad, stats);
        assertTrue(stats.clipFraction > 0.1 && stats.clipFraction < 0.9, "both branches: " + stats.clipFraction);
        for (int split : new int[] {0, 1, 150, 300, 301}) {
            float[] rowsGrad = new float[n];
            double[] rowLoss = new double[n];
            double[] rowKl = new double[n];
            boolean[] rowClipped = new boolean[n];
            PpoLosses.policyLossRows(logp, old, adv, n, 0.2, rowsGrad, rowLoss, rowKl, rowClipped, split, n);
            PpoLosses.policyLossRows(logp, old, adv, n, 0.2, rowsGrad, rowLoss, rowKl, rowClipped, 0, split);
            PpoLosses.RatioStats rowsStats = new PpoLosses.RatioStats();
            double rowsLoss = PpoLosses.sumPolicyLoss(rowLoss, rowKl, rowClipped, n, rowsStats);
            assertEquals(Double.doubleToRawLongBits(loss), Double.doubleToRawLongBits(rowsLoss), "split " + split);
            assertEquals(Double.doubleToRawLongBits(stats.approxKl), Double.doubleToRawLongBits(rowsStats.approxKl));
            assertEquals(stats.clipFraction, rowsStats.clipFraction, 0.0);
            assertArrayEquals(grad, rowsGrad, 0f);
        }
    }

    @Test
    void clippedSurrogateGradientMatchesFiniteDifferences() {
        float[] logp = {0.3f, -0.05f, 0.12f, -0.4f, 0.01f};
        float[] old = {0.1f, 0f, 0f, 0f, 0f};
        float[] adv = {0.7f, -1.3f, 2f, -0.4f, 1f};
        float[] grad = new float[5];
        PpoLosses.RatioStats stats = new PpoLosses.RatioStats();
        PpoLosses.policyLoss(logp, old, adv, 5, 0.2, grad, stats);
        for (int i = 0; i < 5; i++) {
            float saved = logp[i];
            logp[i] = saved + 1e-3f;
            double plus = PpoLosses.policyLoss(logp, old, adv, 5, 0.2, new float[5], stats);
            logp[i] = saved - 1e-3f;
            double minus = PpoLosses.policyLoss(logp, old, adv, 5, 0.2, new float[5], stats);
            logp[i] = saved;
            double delta = (double) (saved + 1e-3f) - (double) (saved - 1e-3f);
            assertEquals((plus - minus) / delta, grad[i], 1e-5, "sample " + i);
        }
    }

    @Test
    void clippedValueLossMatchesHandComputedValues() {
        float[] v = {1.0f, 0.5f, 2.0f};
        float[] old = {0.5f, 0.45f, 1.5f};
        float[] ret = {1.2f, 1.0f, 1.0f};
        float[] grad = new float[3];
        // clipped predictions 0.7, 0.5, 1.7: max of squared errors 0.25 (clipped: no gradient), 0.25, 1
        assertEquals(0.25, PpoLosses.valueLoss(v, old, ret, 3, true, 0.2, grad), 1e-6);
        assertArrayEquals(new float[] {0f, -0.5f / 3, 1f / 3}, grad, 1e-6f);
        assertEquals(0.5 * (0.04 + 0.25 + 1) / 3, PpoLosses.valueLoss(v, old, ret, 3, false, 0.2, grad), 1e-6);
        assertArrayEquals(new float[] {-0.2f / 3, -0.5f / 3, 1f / 3}, grad, 1e-6f);
    }

    @Test
    void valueLossGradientsMatchFiniteDifferences() {
        float[] v = {1.0f, 0.5f, 2.0f, -0.3f};
        float[] old = {0.5f, 0.45f, 2.1f, -0.2f};
        float[] ret = {1.2f, 1.0f, 1.0f, 0.4f};
        for (boolean clipped : new boolean[] {true, false}) {
            float[] grad = new float[4];
            PpoLosses.valueLoss(v, old, ret, 4, clipped, 0.2, grad);
            for (int i = 0; i < 4; i++) {
                float saved = v[i];
                v[i] = saved + 1e-3f;
                double plus = PpoLosses.valueLoss(v, old, ret, 4, clipped, 0.2, new float[4]);
                v[i] = saved - 1e-3f;
                double minus = PpoLosses.valueLoss(v, old, ret, 4, clipped, 0.2, new float[4]);
                v[i] = saved;
                double delta = (double) (saved + 1e-3f) - (double) (saved - 1e-3f);
                assertEquals((plus - minus) / delta, grad[i], 1e-5, "clipped " + clipped + " sample " + i);
            }
        }
    }

    @Test
    void advantagesAreNormalizedWithTheUnbiasedStd() {
        float[] a = {1, 2, 3, 4, 99};
        PpoLosses.normalizeAdvantages(a, 4);
        double std = Math.sqrt(5.0 / 3);
        assertArrayEquals(
                new float[] {(float) (-1.5 / std), (float) (-0.5 / std), (float) (0.5 / std), (float) (1.5 / std), 99},
                a,
                1e-6f);
    }

    @Test
    void gaeMatchesHandComputedValuesAcrossAnEpisodeBoundary() {
        // two envs, step-major; env 0: rewards 1, 0, 2; values 0.5, 0.4, 0.3; the step from t=1 ended an episode
        float[] rewards = {1, 0, 0, 0, 2, 0};
        float[] values = {0.5f, 0, 0.4f, 0, 0.3f, 0};
        float[] dones = {0, 0, 0, 0, 1, 0};
        float[] nextValues = {0.6f, 0};
        float[] nextDones = {0, 0};
        float[] adv = new float[6];
        float[] ret = new float[6];
        Gae.compute(rewards, values, dones, nextValues, nextDones, 3, 2, 0.9, 0.8, adv, ret);
        // t=2: 2 + 0.9 * 0.6 - 0.3 = 2.24; t=1: -0.4 (no bootstrap); t=0: 1 + 0.36 - 0.5 + 0.72 * -0.4 = 0.572
        assertArrayEquals(new float[] {0.572f, 0, -0.4f, 0, 2.24f, 0}, adv, 1e-6f);
        assertArrayEquals(new float[] {1.072f, 0, 0f, 0, 2.54f, 0}, ret, 1e-6f);
        nextDones[0] = 1;
        Gae.compute(rewards, values, dones, nextValues, nextDones, 3, 2, 0.9, 0.8, adv, ret);
        assertEquals(1.7f, adv[4], 1e-6f);
    }

    @Test
    void adamMatchesHandComputedSteps() {
        Adam adam = Adam.cleanRl(1);
        float[] p = {1f};
        adam.step(p, new float[] {0.5f}, 0.1);
        // m = 0.05, v = 2.5e-4: p -= 0.1 / 0.1 * 0.05 / (sqrt(2.5e-4) / sqrt(1e-3) + 1e-5)
        assertEquals(0.9000019999600007, p[0], 1e-6);
        adam.step(p, new float[] {-1f}, 0.1);
        assertEquals(0.9366118896505213, p[0], 1e-6);
        assertEquals(2, adam.steps());
    }

    @Test
    void gradientNormIsClippedLikeTorch() {
        float[] g = {3f, 4f};
        PpoUpdate.clipGradNorm(g, 0.5);
        assertArrayEquals(new float[] {(float) (3 * 0.5 / (5 + 1e-6)), (float) (4 * 0.5 / (5 + 1e-6))}, g, 1e-7f);
        float[] small = {0.1f, 0.2f};
        PpoUpdate.clipGradNorm(small, 0.5);
        assertArrayEquals(new float[] {0.1f, 0.2f}, small);
    }

    @Test
    void sumsOfSquaresCoverExactlyTheirRange() {
        float[] a = new float[20];
        for (int i = 0; i < a.length; i++) a[i] = i + 1;
        // 3^2 + ... + 19^2: the eight partial sums and the tail, every term exact in double
        assertEquals(2465.0, PpoUpdate.squares(a, 2, 19));
        assertEquals(2870.0, PpoUpdate.squares(a, 0, 20));
        assertEquals(0.0, PpoUpdate.squares(a, 7, 7));
        // the partial sums are added pairwise: ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), s0 also taking the
        // tail
        float[] b = {1e8f, 1f, -1e8f, 1f, 0f, 0f, 0f, 0f, 3f};
        double s0 = 1e16 + 9;
        assertEquals(((s0 + 1) + (1e16 + 1)) + 0.0, PpoUpdate.squares(b, 0, b.length));
    }

    @Test
    void runningMeanStdMergesBatchesLikeGym() {
        RunningMeanStd rms = new RunningMeanStd(1);
        rms.update(new double[] {1, 3}, 2);
        // count 1e-4 with mean 0, var 1, merged with mean 2, var 1
        double total = 2.0001;
        assertEquals(2 * 2 / total, rms.mean[0], 1e-12);
        assertEquals((1e-4 + 2 + 4 * 1e-4 * 2 / total) / total, rms.var[0], 1e-12);
        assertEquals(total, rms.count, 1e-12);
    }
}
