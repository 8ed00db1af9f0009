package dev.rewardsmith.rl;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass's sums over a minibatch's rows written with the Vector API (weight gradients per output, bias
 * gradients), beside {@link VectorKernels}' tiles: same floats as {@link Mlp}'s and {@link MlpBackward}'s scalar
 * loops, bit for bit (each partial sum takes its terms in the same order). Loaded only when {@link Mlp#VECTOR_API}
 * is true: every call site tests it first.
 */
final class VectorReductions {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorReductions() {}

    /**
     * g[k] = sum over rows [r0, r1) of x[r][k] * dz(j, r) for k in [0, n), with the eight partial sums and the
     * final order of {@link Mlp#dot} per k: the contract of {@link Mlp#dotOverRows}, vectorized over k.
     *
     * @param g modified: [0, n)
     */
    static void dotOverRows(
            float[] g, float[][] x, int n, float[][] dz, boolean dzFeatureMajor, int j, int r0, int r1) {
        int col = 0;
        for (; col + L <= n; col += L) {
            if (dzFeatureMajor) dotOverRowsFeatureMajor(g, x, col, dz[j], r0, r1);
            else dotOverRowsRowMajor(g, x, col, dz, j, r0, r1);
        }
        for (; col < n; col++) g[col] = Mlp.dotOverRows(x, col, dz, dzFeatureMajor, j, r0, r1);
    }

    private static void dotOverRowsFeatureMajor(float[] g, float[][] x, int col, float[] dzj, int r0, int r1) {
        FloatVector p0 = FloatVector.zero(S);
        FloatVector p1 = p0;
        FloatVector p2 = p0;
        FloatVector p3 = p0;
        FloatVector p4 = p0;
        FloatVector p5 = p0;
        FloatVector p6 = p0;
        FloatVector p7 = p0;
        int r = r0;
        for (; r + 7 < r1; r += 8) {
            p0 = FloatVector.fromArray(S, x[r], col).fma(FloatVector.broadcast(S, dzj[r]), p0);
            p1 = FloatVector.fromArray(S, x[r + 1], col).fma(FloatVector.broadcast(S, dzj[r + 1]), p1);
            p2 = FloatVector.fromArray(S, x[r + 2], col).fma(FloatVector.broadcast(S, dzj[r + 2]), p2);
            p3 = FloatVector.fromArray(S, x[r + 3], col).fma(FloatVector.broadcast(S, dzj[r + 3]), p3);
            p4 = FloatVector.fromArray(S, x[r + 4], col).fma(FloatVector.broadcast(S, dzj[r + 4]), p4);
            p5 = FloatVector.fromArray(S, x[r + 5], col).fma(FloatVector.broadcast(S, dzj[r + 5]), p5);
            p6 = FloatVector.fromArray(S, x[r + 6], col).fma(FloatVector.broadcast(S, dzj[r + 6]), p6);
            p7 = FloatVector.fromArray(S, x[r + 7], col).fma(FloatVector.broadcast(S, dzj[r + 7]), p7);
        }
        for (; r < r1; r++) p0 = FloatVector.fromArray(S, x[r], col).fma(FloatVector.broadcast(S, dzj[r]), p0);
        p0.add(p1).add(p2.add(p3)).add(p4.add(p5).add(p6.add(p7))).intoArray(g, col);
    }

    private static void dotOverRowsRowMajor(float[] g, float[][] x, int col, float[][] dz, int j, int r0, int r1) {
        FloatVector p0 = FloatVector.zero(S);
        FloatVector p1 = p0;
        FloatVector p2 = p0;
        FloatVector p3 = p0;
        FloatVector p4 = p0;
        FloatVector p5 = p0;
        FloatVector p6 = p0;
        FloatVector p7 = p0;
        int r = r0;
        for (; r + 7 < r1; r += 8) {
            p0 = FloatVector.fromArray(S, x[r], col).fma(FloatVector.broadcast(S, dz[r][j]), p0);
            p1 = FloatVector.fromArray(S, x[r + 1], col).fma(FloatVector.broadcast(S, dz[r + 1][j]), p1);
            p2 = FloatVector.fromArray(S, x[r + 2], col).fma(FloatVector.broadcast(S, dz[r + 2][j]), p2);
            p3 = FloatVector.fromArray(S, x[r + 3], col).fma(FloatVector.broadcast(S, dz[r + 3][j]), p3);
            p4 = FloatVector.fromArray(S, x[r + 4], col).fma(FloatVector.broadcast(S, dz[r + 4][j]), p4);
            p5 = FloatVector.fromArray(S, x[r + 5], col).fma(FloatVector.broadcast(S, dz[r + 5][j]), p5);
            p6 = FloatVector.fromArray(S, x[r + 6], col).fma(FloatVector.broadcast(S, dz[r + 6][j]), p6);
            p7 = FloatVector.fromArray(S, x[r + 7], col).fma(FloatVector.broadcast(S, dz[r + 7][j]), p7);
        }
        for (; r < r1; r++) p0 = FloatVector.fromArray(S, x[r], col).fma(FloatVector.broadcast(S, dz[r][j]), p0);
        p0.add(p1).add(p2.add(p3)).add(p4.add(p5).add(p6.add(p7))).intoArray(g, col);
    }

    /**
     * out[j] = sum over rows [r0, r1) of dz[r][j] for j in [0, n), with four partial sums (row r0 + 4q + t into
     * partial t, the rows past the last group of four into partial 0) added as (p0 + p1) + (p2 + p3): the order
     * of {@link MlpBackward}'s scalar loop, vectorized over j with the partial sums in registers.
     *
     * @param out modified: [0, n)
     */
    static void sumOverRows(float[][] dz, int r0, int r1, int n, float[] out) {
        int col = 0;
        for (; col + 2 * L <= n; col += 2 * L) {
            FloatVector p00 = FloatVector.zero(S);
            FloatVector p01 = p00;
            FloatVector p10 = p00;
            FloatVector p11 = p00;
            FloatVector p20 = p00;
            FloatVector p21 = p00;
            FloatVector p30 = p00;
            FloatVector p31 = p00;
            int r = r0;
            for (; r + 3 < r1; r += 4) {
                float[] d0 = dz[r];
                float[] d1 = dz[r + 1];
                float[] d2 = dz[r + 2];
                float[] d3 = dz[r + 3];
                p00 = p00.add(FloatVector.fromArray(S, d0, col));
                p01 = p01.add(FloatVector.fromArray(S, d0, col + L));
                p10 = p10.add(FloatVector.fromArray(S, d1, col));
                p11 = p11.add(FloatVector.fromArray(S, d1, col + L));
                p20 = p20.add(FloatVector.fromArray(S, d2, col));
                p21 = p21.add(FloatVector.fromArray(S, d2, col + L));
                p30 = p30.add(FloatVector.fromArray(S, d3, col));
                p31 = p31.add(FloatVector.fromArray(S, d3, col + L));
            }
            for (; r < r1; r++) {
                p00 = p00.add(FloatVector.fromArray(S, dz[r], col));
                p01 = p01.add(FloatVector.fromArray(S, dz[r], col + L));
            }
            p00.add(p10).add(p20.add(p30)).intoArray(out, col);
            p01.add(p11).add(p21.add(p31)).intoArray(out, col + L);
        }
        for (; col < n; col++) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int r = r0;
            for (; r + 3 < r1; r += 4) {
                s0 += dz[r][col];
                s1 += dz[r + 1][col];
                s2 += dz[r + 2][col];
                s3 += dz[r + 3][col];
            }
            for (; r < r1; r++) s0 += dz[r][col];
            out[col] = (s0 + s1) + (s2 + s3);
        }
    }
}
