package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void forwardMatchesHandComputedNetwork() {
        Mlp m = new Mlp(2, List.of(2), 1);
        float[] p = new float[m.parameterCount()];
        // hidden: h0 = tanh(0.5 x0 - 1 x1 + 0.1), h1 = tanh(2 x0 + 0.25 x1 - 0.2); out = 1.5 h0 - 0.5 h1 + 0.3
        p[m.weightIndex(0, 0, 0)] = 0.5f;
        p[m.weightIndex(0, 1, 0)] = -1f;
        p[m.weightIndex(0, 0, 1)] = 2f;
        p[m.weightIndex(0, 1, 1)] = 0.25f;
        p[m.biasIndex(0, 0)] = 0.1f;
        p[m.biasIndex(0, 1)] = -0.2f;
        p[m.weightIndex(1, 0, 0)] = 1.5f;
        p[m.weightIndex(1, 1, 0)] = -0.5f;
        p[m.biasIndex(1, 0)] = 0.3f;
        float[][][] acts = m.newActivations(2);
        acts[0][0][0] = 1f;
        acts[0][1][0] = 2f;
        acts[0][0][1] = -0.5f;
        acts[0][1][1] = 0.5f;
        m.forward(p, 0, acts, 0, 2);
        double row0 = 1.5 * Math.tanh(0.5 - 2 + 0.1) - 0.5 * Math.tanh(2 + 0.5 - 0.2) + 0.3;
        double row1 = 1.5 * Math.tanh(-0.25 - 0.5 + 0.1) - 0.5 * Math.tanh(-1 + 0.125 - 0.2) + 0.3;
        assertEquals(row0, acts[2][0][0], 1e-6);
        assertEquals(row1, acts[2][0][1], 1e-6);
    }

    @Test
    void fastTanhIsWithinAFewUlpOfMathTanh() {
        double worst = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            float x = i * 1e-4f;
            worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertEquals(0, worst, 3e-7);
        assertEquals(1f, FastTanh.tanh(30f), 3e-7f); // saturates at the clamp, 2 ulp below 1
        assertEquals(-1f, FastTanh.tanh(-30f), 3e-7f);
        float[] a = {-3f, 0f, 0.5f};
        FastTanh.apply(a, 0, 3);
        assertArrayEquals(new float[] {FastTanh.tanh(-3f), 0f, FastTanh.tanh(0.5f)}, a);
    }

    @Test
    void backwardMatchesFiniteDifferencesForNarrowLayers() {
        gradientCheck(new Mlp(3, List.of(5, 4), 2), 0, 3, 3);
    }

    @Test
    void backwardMatchesFiniteDifferencesForOddWidthsAndARowRange() {
        // odd widths and 13 rows leave remainders of the kernels' pairs and quads
        gradientCheck(new Mlp(9, List.of(20, 17), 3), 2, 15, 17);
    }

    @Test
    void backwardMatchesFiniteDifferencesAtTheDefaultShapeOverSeveralRowBlocks() {
        // 64x64 as trained; 150 rows span three of the weight gradient's 64-row source blocks
        gradientCheck(new Mlp(4, List.of(64, 64), 2), 1, 151, 160);
    }

    private static void gradientCheck(Mlp m, int r0, int r1, int rows) {
        SplittableRandom random = new SplittableRandom(7);
        int base = 3;
        float[] p = new float[base + m.parameterCount()];
        m.initialize(p, base, 1.0, random);
        for (int i = 0; i < m.layers(); i++) {
            for (int j = 0; j < m.size(i + 1); j++) p[base + m.biasIndex(i, j)] = (float) random.nextDouble(-0.5, 0.5);
        }
        float[][][] acts = m.newActivations(rows);
        for (float[] f : acts[0]) for (int r = 0; r < rows; r++) f[r] = (float) random.nextDouble(-1, 1);
        float[][] c = new float[m.outputs()][rows];
        for (float[] f : c) for (int r = 0; r < rows; r++) f[r] = (float) random.nextDouble(-1, 1);
        float[][][] deltas = m.newActivations(rows);
        for (int j = 0; j < m.outputs(); j++) System.arraycopy(c[j], 0, deltas[m.layers()][j], 0, rows);
        float[] grad = new float[p.length];
        float[] inputBefore = acts[0][0].clone();
        m.forward(p, base, acts, r0, r1);
        m.backward(p, base, acts, deltas, grad, m.newScratch(), r0, r1);
        assertArrayEquals(inputBefore, acts[0][0], "the input is read only");
        for (int i = 0; i < base; i++) assertEquals(0f, grad[i], "nothing is written below base");
        for (int i = base; i < p.length; i++) {
            float saved = p[i];
            float eps = 1e-2f;
            p[i] = saved + eps;
            double plus = weightedOutput(m, p, base, acts, c, r0, r1);
            p[i] = saved - eps;
            double minus = weightedOutput(m, p, base, acts, c, r0, r1);
            p[i] = saved;
            double numeric = (plus - minus) / ((double) (saved + eps) - (double) (saved - eps));
            assertEquals(numeric, grad[i], 2e-3 + 1e-2 * Math.abs(numeric), "parameter " + i);
        }
    }

    private static double weightedOutput(Mlp m, float[] p, int base, float[][][] acts, float[][] c, int r0, int r1) {
        m.forward(p, base, acts, r0, r1);
        double s = 0;
        for (int j = 0; j < m.outputs(); j++) {
            for (int r = r0; r < r1; r++) s += (double) c[j][r] * acts[m.layers()][j][r];
        }
        return s;
    }

    @Test
    void orthogonalInitHasOrthogonalRowsScaledByTheGain() {
        double gain = Math.sqrt(2);
        double[] w = Orthogonal.matrix(4, 6, gain, new SplittableRandom(3)); // rows fewer than columns
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double dot = 0;
                for (int k = 0; k < 6; k++) dot += w[a * 6 + k] * w[b * 6 + k];
                assertEquals(a == b ? 2.0 : 0.0, dot, 1e-12);
            }
        }
        double[] tall = Orthogonal.matrix(6, 3, 0.01, new SplittableRandom(3)); // columns orthogonal
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = 0;
                for (int r = 0; r < 6; r++) dot += tall[r * 3 + a] * tall[r * 3 + b];
                assertEquals(a == b ? 1e-4 : 0.0, dot, 1e-15);
            }
        }
    }
}
