package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void categoricalLogProbAndEntropyMatchHandComputedValues() {
        float[][] logits = {{0f, 2f}, {(float) Math.log(3), 2f}}; // row 0: p = 0.25, 0.75; row 1: uniform
        float[] logp = new float[2];
        float[] h = new float[2];
        Categorical.evaluate(logits, 2, new float[] {1, 0}, logp, h);
        assertEquals(Math.log(0.75), logp[0], 1e-6);
        assertEquals(Math.log(0.5), logp[1], 1e-6);
        assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), h[0], 1e-6);
        assertEquals(Math.log(2), h[1], 1e-6);
        float[] best = new float[2];
        Categorical.argmax(logits, 2, best);
        assertArrayEquals(new float[] {1, 0}, best);
    }

    @Test
    void categoricalBackwardMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 3;
        int rows = 4;
        float[][] logits = new float[n][rows];
        for (float[] f : logits) for (int r = 0; r < rows; r++) f[r] = (float) random.nextDouble(-2, 2);
        float[] actions = {0, 2, 1, 2};
        float[] c1 = {0.3f, -1.1f, 0.7f, 0.2f};
        float[] c2 = {-0.5f, 0.4f, 0.9f, -0.2f};
        float[][] dLogits = new float[n][rows];
        Categorical.backward(logits, rows, actions, c1, c2, dLogits);
        for (int k = 0; k < n; k++) {
            for (int r = 0; r < rows; r++) {
                float saved = logits[k][r];
                logits[k][r] = saved + 1e-3f;
                double plus = categoricalObjective(logits, rows, actions, c1, c2);
                logits[k][r] = saved - 1e-3f;
                double minus = categoricalObjective(logits, rows, actions, c1, c2);
                logits[k][r] = saved;
                double numeric = (plus - minus) / ((double) (saved + 1e-3f) - (double) (saved - 1e-3f));
                assertEquals(numeric, dLogits[k][r], 1e-4, "logit " + k + " row " + r);
            }
        }
    }

    private static double categoricalObjective(float[][] logits, int rows, float[] actions, float[] c1, float[] c2) {
        float[] logp = new float[rows];
        float[] h = new float[rows];
        Categorical.evaluate(logits, rows, actions, logp, h);
        double s = 0;
        for (int r = 0; r < rows; r++) s += (double) c1[r] * logp[r] + (double) c2[r] * h[r];
        return s;
    }

    @Test
    void fusedCategoricalPassesGiveTheFloatsOfTheSeparateOnes() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 3;
        int rows = 64;
        float[][] logits = new float[n][rows];
        for (float[] f : logits) for (int r = 0; r < rows; r++) f[r] = (float) random.nextDouble(-4, 4);
        float[] c1 = new float[rows];
        float[] c2 = new float[rows];
        for (int r = 0; r < rows; r++) {
            c1[r] = (float) random.nextDouble(-1, 1);
            c2[r] = (float) random.nextDouble(-1, 1);
        }
        float[] actions = new float[rows];
        float[] logp = new float[rows];
        float[] h = new float[rows];
        Categorical.sample(logits, rows, new SplittableRandom(9), actions);
        Categorical.evaluate(logits, rows, actions, logp, h);
        float[] fusedActions = new float[rows];
        float[] fusedLogp = new float[rows];
        float[] fusedH = new float[rows];
        Categorical.sampleAndEvaluate(logits, rows, new SplittableRandom(9), fusedActions, fusedLogp, fusedH);
        assertArrayEquals(actions, fusedActions);
        assertArrayEquals(logp, fusedLogp);
        assertArrayEquals(h, fusedH);

        double[] logZ = new double[rows];
        double[] entropy = new double[rows];
        Categorical.evaluate(logits, rows, actions, fusedLogp, fusedH, logZ, entropy);
        assertArrayEquals(logp, fusedLogp);
        assertArrayEquals(h, fusedH);
        float[][] d = new float[n][rows];
        float[][] fusedD = new float[n][rows];
        Categorical.backward(logits, rows, actions, c1, c2, d);
        Categorical.backward(logits, rows, actions, c1, c2, fusedD, logZ, entropy);
        for (int k = 0; k < n; k++) assertArrayEquals(d[k], fusedD[k], "logit " + k);

        // the rollout's sampling without the entropy: the same draws and log-probabilities
        float[] rolloutActions = new float[rows];
        float[] rolloutLogp = new float[rows];
        Categorical.sampleWithLogProb(logits, rows, new SplittableRandom(9), rolloutActions, rolloutLogp);
        assertArrayEquals(actions, rolloutActions);
        assertArrayEquals(logp, rolloutLogp);

        // two disjoint row ranges (the update's two threads) give the floats of one call over every row
        float[] splitLogp = new float[rows];
        float[] splitH = new float[rows];
        double[] splitLogZ = new double[rows];
        double[] splitEntropy = new double[rows];
        Categorical.evaluate(logits, 27, rows, actions, splitLogp, splitH, splitLogZ, splitEntropy);
        Categorical.evaluate(logits, 0, 27, actions, splitLogp, splitH, splitLogZ, splitEntropy);
        assertArrayEquals(logp, splitLogp);
        assertArrayEquals(h, splitH);
        assertArrayEquals(logZ, splitLogZ);
        assertArrayEquals(entropy, splitEntropy);

        // the kept probabilities, in two row ranges, give the backward pass's floats of recomputing them
        double[] probs = new double[rows * n];
        Categorical.evaluate(logits, 27, rows, actions, splitLogp, splitH, splitLogZ, splitEntropy, probs);
        Categorical.evaluate(logits, 0, 27, actions, splitLogp, splitH, splitLogZ, splitEntropy, probs);
        assertArrayEquals(logp, splitLogp);
        assertArrayEquals(h, splitH);
        assertEquals(Math.exp(logits[1][5] - logZ[5]), probs[5 * n + 1]);
        float[][] probsD = new float[n][rows];
        Categorical.backward(logits, 0, 27, actions, c1, c2, probsD, splitLogZ, splitEntropy, probs);
        Categorical.backward(logits, 27, rows, actions, c1, c2, probsD, splitLogZ, splitEntropy, probs);
        for (int k = 0; k < n; k++) assertArrayEquals(d[k], probsD[k], "logit " + k);
    }

    @Test
    void gaussianRowRangesGiveTheFloatsOfOneCall() {
        SplittableRandom random = new SplittableRandom(4);
        int dims = 3;
        int rows = 19;
        float[][] mean = new float[dims][rows];
        for (float[] m : mean) for (int r = 0; r < rows; r++) m[r] = (float) random.nextDouble(-2, 2);
        float[] logStd = {0f, -0.3f, 0.2f, 0.7f};
        float[] actions = new float[rows * dims];
        for (int i = 0; i < actions.length; i++) actions[i] = (float) random.nextDouble(-3, 3);
        float[] logp = new float[rows];
        float[] h = new float[rows];
        DiagGaussian.evaluate(mean, rows, logStd, 1, actions, logp, h);
        float[] splitLogp = new float[rows];
        float[] splitH = new float[rows];
        DiagGaussian.evaluate(mean, 5, rows, logStd, 1, actions, splitLogp, splitH);
        DiagGaussian.evaluate(mean, 0, 5, logStd, 1, actions, splitLogp, splitH);
        assertArrayEquals(logp, splitLogp);
        assertArrayEquals(h, splitH);
    }

    @Test
    void categoricalSamplesFollowTheProbabilities() {
        int rows = 20_000;
        float[][] logits = new float[2][rows];
        for (int r = 0; r < rows; r++) logits[1][r] = (float) Math.log(3); // p(1) = 0.75
        float[] actions = new float[rows];
        Categorical.sample(logits, rows, new SplittableRandom(5), actions);
        double ones = 0;
        for (float a : actions) ones += a;
        assertEquals(0.75, ones / rows, 0.01);
    }

    @Test
    void gaussianLogProbAndEntropyMatchHandComputedValues() {
        float[][] mean = {{0.5f}};
        float[] logStd = {9f, (float) Math.log(2)};
        float[] logp = new float[1];
        float[] h = new float[1];
        DiagGaussian.evaluate(mean, 1, logStd, 1, new float[] {1.5f}, logp, h);
        double halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
        assertEquals(-0.125 - Math.log(2) - halfLog2Pi, logp[0], 1e-6);
        assertEquals(Math.log(2) + 0.5 + halfLog2Pi, h[0], 1e-6);
    }

    @Test
    void gaussianBackwardMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(13);
        int d = 2;
        int rows = 3;
        float[][] mean = new float[d][rows];
        for (float[] f : mean) for (int r = 0; r < rows; r++) f[r] = (float) random.nextDouble(-1, 1);
        float[] logStd = {0f, -0.3f, 0.4f}; // offset 1
        float[] actions = new float[rows * d];
        for (int i = 0; i < actions.length; i++) actions[i] = (float) random.nextDouble(-2, 2);
        float[] c1 = {0.3f, -1.1f, 0.7f};
        float[] c2 = {-0.5f, 0.4f, 0.9f};
        float[][] dMean = new float[d][rows];
        float[] grad = new float[3];
        DiagGaussian.backward(mean, rows, logStd, 1, actions, c1, c2, dMean, grad);
        assertEquals(0f, grad[0]);
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < rows; r++) {
                float saved = mean[i][r];
                mean[i][r] = saved + 1e-3f;
                double plus = gaussianObjective(mean, rows, logStd, actions, c1, c2);
                mean[i][r] = saved - 1e-3f;
                double minus = gaussianObjective(mean, rows, logStd, actions, c1, c2);
                mean[i][r] = saved;
                double numeric = (plus - minus) / ((double) (saved + 1e-3f) - (double) (saved - 1e-3f));
                assertEquals(numeric, dMean[i][r], 1e-3, "mean " + i + " row " + r);
            }
            float saved = logStd[1 + i];
            logStd[1 + i] = saved + 1e-3f;
            double plus = gaussianObjective(mean, rows, logStd, actions, c1, c2);
            logStd[1 + i] = saved - 1e-3f;
            double minus = gaussianObjective(mean, rows, logStd, actions, c1, c2);
            logStd[1 + i] = saved;
            double numeric = (plus - minus) / ((double) (saved + 1e-3f) - (double) (saved - 1e-3f));
            assertEquals(numeric, grad[1 + i], 1e-3, "log-std " + i);
        }
    }

    private static double gaussianObjective(
            float[][] mean, int rows, float[] logStd, float[] actions, float[] c1, float[] c2) {
        float[] logp = new float[rows];
        float[] h = new float[rows];
        DiagGaussian.evaluate(mean, rows, logStd, 1, actions, logp, h);
        double s = 0;
        for (int r = 0; r < rows; r++) s += (double) c1[r] * logp[r] + (double) c2[r] * h[r];
        return s;
    }

    @Test
    void gaussianSamplesHaveTheMeanAndStd() {
        int rows = 20_000;
        float[][] mean = new float[1][rows];
        java.util.Arrays.fill(mean[0], 1.5f);
        float[] actions = new float[rows];
        DiagGaussian.sample(mean, rows, new float[] {(float) Math.log(0.5)}, 0, new SplittableRandom(2), actions);
        double s = 0;
        double ss = 0;
        for (float a : actions) {
            s += a;
            ss += (a - 1.5) * (a - 1.5);
        }
        assertEquals(1.5, s / rows, 0.01);
        assertEquals(0.5, Math.sqrt(ss / rows), 0.01);
    }
}
