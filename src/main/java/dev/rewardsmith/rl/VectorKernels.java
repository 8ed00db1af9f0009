package dev.rewardsmith.rl;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The MLP kernels written with the Vector API ({@code jdk.incubator.vector}), used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} ({@link Mlp#VECTOR_API}); {@link Mlp} falls back to its auto-vectorized
 * loops otherwise.
 *
 * <p>Same float results as the scalar kernels, bit for bit: every destination element receives the same fused
 * multiply-adds in the same order (increasing source index, starting from the destination's value). What
 * changes is where the partial results live: a tile of four destination arrays by four vectors (64 floats with
 * AVX-512) stays in registers for the whole source range, so each source vector is loaded once per four
 * destinations and each destination once per tile, instead of once per four sources.
 *
 * <p>This class is loaded only when {@link Mlp#VECTOR_API} is true: every call site tests it first.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of one register tile: four vectors. */
    private static final int TILE = 4 * L;

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /**
     * Sources per block of {@link #accumulate}: a weight gradient sums over a minibatch's rows (2,048 at CleanRL's
     * settings, 512 KB of deltas), which every register tile would otherwise stream from L2 again; a block of
     * rows stays in L1 or near while every tile passes over it (measured alone on this Zen 4: 40 GMAC/s unblocked,
     * 43-44 with blocks of 64-256 rows). Each destination still receives its terms in increasing
     * source index, so the blocking does not change the floats.
     */
    private static final int SOURCE_BLOCK = 128;

    /** Zeros, where a fused tile starts from zero. */
    private static final float[] ZERO_TILE = new float[TILE];

    private static final float TANH_CLAMP = 7.90531110763549805f;

    private VectorKernels() {}

    /** The species in use, for the benchmark's header. */
    static String describe() {
        return S.toString();
    }

    /**
     * d[i][0, n) += sum over m in [m0, m1) of c(i, m) * s[m][0, n), for i in [i0, i1), each destination element
     * receiving its terms in increasing m; c(i, m) is {@code c[m][i]} when {@code cTransposed}, else
     * {@code c[i][m]}. The contract of {@link Mlp#accumulate}.
     */
    static void accumulate(
            float[][] d, int i0, int i1, float[][] s, int m0, int m1, float[][] c, boolean cTransposed, int n) {
        for (int mb = m0; mb < m1; mb += SOURCE_BLOCK) {
            accumulateColumns(d, i0, i1, s, mb, Math.min(m1, mb + SOURCE_BLOCK), c, cTransposed, 0, n);
        }
    }

    /**
     * The forward pass of a tanh layer, fused: y[r][0, n) = tanh(b + sum over m in [0, in) of x[r][m] w[m]) for
     * r in [r0, r1), each element's terms added in increasing m starting from its bias. The same floats as
     * copying the bias into y, {@link #accumulate} and {@link #tanh} one after another, without their passes over
     * memory: a register tile starts from the bias and each of its rows is squashed right after it is stored, still in L1 (docs/architecture.md,
     * Training).
     *
     * @param y modified: rows [r0, r1), columns [0, n)
     */
    static void forwardTanh(float[][] y, int r0, int r1, float[][] w, float[] b, float[][] x, int in, int n) {
        int tiled = n - n % TILE;
        for (int col = 0; col < tiled; col += TILE) {
            int r = r0;
            for (; r + 3 < r1; r += 4) fusedTile4(y, r, w, 0, in, x, false, col, b, null);
            for (; r < r1; r++) fusedTile1(y[r], w, 0, in, x, false, r, col, b, null);
        }
        if (tiled < n) {
            for (int r = r0; r < r1; r++) System.arraycopy(b, tiled, y[r], tiled, n - tiled);
            accumulateColumns(y, r0, r1, w, 0, in, x, false, tiled, n);
            for (int r = r0; r < r1; r++) tanh(y[r], tiled, n);
        }
    }

    /**
     * The delta of a tanh level, fused: dx[r][0, n) = (sum over j in [0, out) of dz(r, j) cols[j]) (1 - a[r]^2)
     * for r in [r0, r1), the terms added in increasing j from zero; dz(r, j) is {@code dz[j][r]} when
     * {@code dzFeatureMajor}, else {@code dz[r][j]}. The same floats as zeroing dx, {@link #accumulate} and
     * {@link #scaleByTanhDerivative} one after another, in one pass.
     *
     * @param dx modified: rows [r0, r1), columns [0, n)
     */
    static void propagateTanh(
            float[][] dx,
            float[][] a,
            int r0,
            int r1,
            float[][] cols,
            float[][] dz,
            boolean dzFeatureMajor,
            int out,
            int n) {
        int tiled = n - n % TILE;
        for (int col = 0; col < tiled; col += TILE) {
            int r = r0;
            for (; r + 3 < r1; r += 4) fusedTile4(dx, r, cols, 0, out, dz, dzFeatureMajor, col, null, a);
            for (; r < r1; r++) fusedTile1(dx[r], cols, 0, out, dz, dzFeatureMajor, r, col, null, a[r]);
        }
        if (tiled < n) {
            for (int r = r0; r < r1; r++) java.util.Arrays.fill(dx[r], tiled, n, 0f);
            accumulateColumns(dx, r0, r1, cols, 0, out, dz, dzFeatureMajor, tiled, n);
            for (int r = r0; r < r1; r++) {
                float[] d = dx[r];
                float[] ar = a[r];
                for (int k = tiled; k < n; k++) d[k] *= 1f - ar[k] * ar[k];
            }
        }
    }

    /** {@link #accumulate} of columns [col0, n). */
    private static void accumulateColumns(
            float[][] d,
            int i0,
            int i1,
            float[][] s,
            int m0,
            int m1,
            float[][] c,
            boolean cTransposed,
            int col0,
            int n) {
        int col = col0;
        for (; col + TILE <= n; col += TILE) {
            int i = i0;
            for (; i + 3 < i1; i += 4) {
                if (cTransposed) tile4Transposed(d, i, s, m0, m1, c, col);
                else tile4(d, i, s, m0, m1, c, col);
            }
            for (; i < i1; i++) tile1(d[i], s, m0, m1, c, cTransposed, i, col);
        }
        for (; col + L <= n; col += L) {
            for (int i = i0; i < i1; i++) {
                float[] di = d[i];
                FloatVector a = FloatVector.fromArray(S, di, col);
                for (int m = m0; m < m1; m++) {
                    float k = cTransposed ? c[m][i] : c[i][m];
                    a = FloatVector.fromArray(S, s[m], col).fma(FloatVector.broadcast(S, k), a);
                }
                a.intoArray(di, col);
            }
        }
        for (; col < n; col++) {
            for (int i = i0; i < i1; i++) {
                float a = d[i][col];
                for (int m = m0; m < m1; m++) a = Math.fma(cTransposed ? c[m][i] : c[i][m], s[m][col], a);
                d[i][col] = a;
            }
        }
    }

    /** Four destinations d[i..i+3], columns [col, col + TILE), coefficients c[i + t][m]. */
    private static void tile4(float[][] d, int i, float[][] s, int m0, int m1, float[][] c, int col) {
        float[] d0 = d[i];
        float[] d1 = d[i + 1];
        float[] d2 = d[i + 2];
        float[] d3 = d[i + 3];
        float[] c0 = c[i];
        float[] c1 = c[i + 1];
        float[] c2 = c[i + 2];
        float[] c3 = c[i + 3];
        FloatVector a00 = FloatVector.fromArray(S, d0, col);
        FloatVector a01 = FloatVector.fromArray(S, d0, col + L);
        FloatVector a02 = FloatVector.fromArray(S, d0, col + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, d0, col + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, d1, col);
        FloatVector a11 = FloatVector.fromArray(S, d1, col + L);
        FloatVector a12 = FloatVector.fromArray(S, d1, col + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, d1, col + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, d2, col);
        FloatVector a21 = FloatVector.fromArray(S, d2, col + L);
        FloatVector a22 = FloatVector.fromArray(S, d2, col + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, d2, col + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, d3, col);
        FloatVector a31 = FloatVector.fromArray(S, d3, col + L);
        FloatVector a32 = FloatVector.fromArray(S, d3, col + 2 * L);
        FloatVector a33 = FloatVector.fromArray(S, d3, col + 3 * L);
        for (int m = m0; m < m1; m++) {
            float[] sm = s[m];
            FloatVector v0 = FloatVector.fromArray(S, sm, col);
            FloatVector v1 = FloatVector.fromArray(S, sm, col + L);
            FloatVector v2 = FloatVector.fromArray(S, sm, col + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, sm, col + 3 * L);
            FloatVector k = FloatVector.broadcast(S, c0[m]);
            a00 = v0.fma(k, a00);
            a01 = v1.fma(k, a01);
            a02 = v2.fma(k, a02);
            a03 = v3.fma(k, a03);
            k = FloatVector.broadcast(S, c1[m]);
            a10 = v0.fma(k, a10);
            a11 = v1.fma(k, a11);
            a12 = v2.fma(k, a12);
            a13 = v3.fma(k, a13);
            k = FloatVector.broadcast(S, c2[m]);
            a20 = v0.fma(k, a20);
            a21 = v1.fma(k, a21);
            a22 = v2.fma(k, a22);
            a23 = v3.fma(k, a23);
            k = FloatVector.broadcast(S, c3[m]);
            a30 = v0.fma(k, a30);
            a31 = v1.fma(k, a31);
            a32 = v2.fma(k, a32);
            a33 = v3.fma(k, a33);
        }
        a00.intoArray(d0, col);
        a01.intoArray(d0, col + L);
        a02.intoArray(d0, col + 2 * L);
        a03.intoArray(d0, col + 3 * L);
        a10.intoArray(d1, col);
        a11.intoArray(d1, col + L);
        a12.intoArray(d1, col + 2 * L);
        a13.intoArray(d1, col + 3 * L);
        a20.intoArray(d2, col);
        a21.intoArray(d2, col + L);
        a22.intoArray(d2, col + 2 * L);
        a23.intoArray(d2, col + 3 * L);
        a30.intoArray(d3, col);
        a31.intoArray(d3, col + L);
        a32.intoArray(d3, col + 2 * L);
        a33.intoArray(d3, col + 3 * L);
    }

    /** {@link #tile4} with coefficients c[m][i + t]. */
    private static void tile4Transposed(float[][] d, int i, float[][] s, int m0, int m1, float[][] c, int col) {
        float[] d0 = d[i];
        float[] d1 = d[i + 1];
        float[] d2 = d[i + 2];
        float[] d3 = d[i + 3];
        FloatVector a00 = FloatVector.fromArray(S, d0, col);
        FloatVector a01 = FloatVector.fromArray(S, d0, col + L);
        FloatVector a02 = FloatVector.fromArray(S, d0, col + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, d0, col + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, d1, col);
        FloatVector a11 = FloatVector.fromArray(S, d1, col + L);
        FloatVector a12 = FloatVector.fromArray(S, d1, col + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, d1, col + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, d2, col);
        FloatVector a21 = FloatVector.fromArray(S, d2, col + L);
        FloatVector a22 = FloatVector.fromArray(S, d2, col + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, d2, col + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, d3, col);
        FloatVector a31 = FloatVector.fromArray(S, d3, col + L);
        FloatVector a32 = FloatVector.fromArray(S, d3, col + 2 * L);
        FloatVector a33 = FloatVector.fromArray(S, d3, col + 3 * L);
        for (int m = m0; m < m1; m++) {
            float[] sm = s[m];
            float[] cm = c[m];
            FloatVector v0 = FloatVector.fromArray(S, sm, col);
            FloatVector v1 = FloatVector.fromArray(S, sm, col + L);
            FloatVector v2 = FloatVector.fromArray(S, sm, col + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, sm, col + 3 * L);
            FloatVector k = FloatVector.broadcast(S, cm[i]);
            a00 = v0.fma(k, a00);
            a01 = v1.fma(k, a01);
            a02 = v2.fma(k, a02);
            a03 = v3.fma(k, a03);
            k = FloatVector.broadcast(S, cm[i + 1]);
            a10 = v0.fma(k, a10);
            a11 = v1.fma(k, a11);
            a12 = v2.fma(k, a12);
            a13 = v3.fma(k, a13);
            k = FloatVector.broadcast(S, cm[i + 2]);
            a20 = v0.fma(k, a20);
            a21 = v1.fma(k, a21);
            a22 = v2.fma(k, a22);
            a23 = v3.fma(k, a23);
            k = FloatVector.broadcast(S, cm[i + 3]);
            a30 = v0.fma(k, a30);
            a31 = v1.fma(k, a31);
            a32 = v2.fma(k, a32);
            a33 = v3.fma(k, a33);
        }
        a00.intoArray(d0, col);
        a01.intoArray(d0, col + L);
        a02.intoArray(d0, col + 2 * L);
        a03.intoArray(d0, col + 3 * L);
        a10.intoArray(d1, col);
        a11.intoArray(d1, col + L);
        a12.intoArray(d1, col + 2 * L);
        a13.intoArray(d1, col + 3 * L);
        a20.intoArray(d2, col);
        a21.intoArray(d2, col + L);
        a22.intoArray(d2, col + 2 * L);
        a23.intoArray(d2, col + 3 * L);
        a30.intoArray(d3, col);
        a31.intoArray(d3, col + L);
        a32.intoArray(d3, col + 2 * L);
        a33.intoArray(d3, col + 3 * L);
    }

    /**
     * Four destinations d[i..i+3], columns [col, col + TILE), fused: the accumulators start from {@code bias} and
     * their rows end squashed by tanh when {@code bias} is not null, else they start from zero and end multiplied by the
     * tanh derivative 1 - a^2 of {@code a[i + t]}. Coefficients c(i + t, m) as in {@link #accumulate}.
     */
    private static void fusedTile4(
            float[][] d,
            int i,
            float[][] s,
            int m0,
            int m1,
            float[][] c,
            boolean cTransposed,
            int col,
            float[] bias,
            float[][] a) {
        float[] init = bias != null ? bias : ZERO_TILE;
        int at = bias != null ? col : 0;
        FloatVector a00 = FloatVector.fromArray(S, init, at);
        FloatVector a01 = FloatVector.fromArray(S, init, at + L);
        FloatVector a02 = FloatVector.fromArray(S, init, at + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, init, at + 3 * L);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        if (cTransposed) {
            for (int m = m0; m < m1; m++) {
                float[] sm = s[m];
                float[] cm = c[m];
                FloatVector v0 = FloatVector.fromArray(S, sm, col);
                FloatVector v1 = FloatVector.fromArray(S, sm, col + L);
                FloatVector v2 = FloatVector.fromArray(S, sm, col + 2 * L);
                FloatVector v3 = FloatVector.fromArray(S, sm, col + 3 * L);
                FloatVector k = FloatVector.broadcast(S, cm[i]);
                a00 = v0.fma(k, a00);
                a01 = v1.fma(k, a01);
                a02 = v2.fma(k, a02);
                a03 = v3.fma(k, a03);
                k = FloatVector.broadcast(S, cm[i + 1]);
                a10 = v0.fma(k, a10);
                a11 = v1.fma(k, a11);
                a12 = v2.fma(k, a12);
                a13 = v3.fma(k, a13);
                k = FloatVector.broadcast(S, cm[i + 2]);
                a20 = v0.fma(k, a20);
                a21 = v1.fma(k, a21);
                a22 = v2.fma(k, a22);
                a23 = v3.fma(k, a23);
                k = FloatVector.broadcast(S, cm[i + 3]);
                a30 = v0.fma(k, a30);
                a31 = v1.fma(k, a31);
                a32 = v2.fma(k, a32);
                a33 = v3.fma(k, a33);
            }
        } else {
            float[] c0 = c[i];
            float[] c1 = c[i + 1];
            float[] c2 = c[i + 2];
            float[] c3 = c[i + 3];
            for (int m = m0; m < m1; m++) {
                float[] sm = s[m];
                FloatVector v0 = FloatVector.fromArray(S, sm, col);
                FloatVector v1 = FloatVector.fromArray(S, sm, col + L);
                FloatVector v2 = FloatVector.fromArray(S, sm, col + 2 * L);
                FloatVector v3 = FloatVector.fromArray(S, sm, col + 3 * L);
                FloatVector k = FloatVector.broadcast(S, c0[m]);
                a00 = v0.fma(k, a00);
                a01 = v1.fma(k, a01);
                a02 = v2.fma(k, a02);
                a03 = v3.fma(k, a03);
                k = FloatVector.broadcast(S, c1[m]);
                a10 = v0.fma(k, a10);
                a11 = v1.fma(k, a11);
                a12 = v2.fma(k, a12);
                a13 = v3.fma(k, a13);
                k = FloatVector.broadcast(S, c2[m]);
                a20 = v0.fma(k, a20);
                a21 = v1.fma(k, a21);
                a22 = v2.fma(k, a22);
                a23 = v3.fma(k, a23);
                k = FloatVector.broadcast(S, c3[m]);
                a30 = v0.fma(k, a30);
                a31 = v1.fma(k, a31);
                a32 = v2.fma(k, a32);
                a33 = v3.fma(k, a33);
            }
        }
        float[] d0 = d[i];
        float[] d1 = d[i + 1];
        float[] d2 = d[i + 2];
        float[] d3 = d[i + 3];
        a00.intoArray(d0, col);
        a01.intoArray(d0, col + L);
        a02.intoArray(d0, col + 2 * L);
        a03.intoArray(d0, col + 3 * L);
        a10.intoArray(d1, col);
        a11.intoArray(d1, col + L);
        a12.intoArray(d1, col + 2 * L);
        a13.intoArray(d1, col + 3 * L);
        a20.intoArray(d2, col);
        a21.intoArray(d2, col + L);
        a22.intoArray(d2, col + 2 * L);
        a23.intoArray(d2, col + 3 * L);
        a30.intoArray(d3, col);
        a31.intoArray(d3, col + L);
        a32.intoArray(d3, col + 2 * L);
        a33.intoArray(d3, col + 3 * L);
        finish(d0, col, bias, a == null ? null : a[i]);
        finish(d1, col, bias, a == null ? null : a[i + 1]);
        finish(d2, col, bias, a == null ? null : a[i + 2]);
        finish(d3, col, bias, a == null ? null : a[i + 3]);
    }

    /** {@link #fusedTile4} of one destination {@code di}, whose activations (when bias is null) are {@code ai}. */
    private static void fusedTile1(
            float[] di,
            float[][] s,
            int m0,
            int m1,
            float[][] c,
            boolean cTransposed,
            int i,
            int col,
            float[] bias,
            float[] ai) {
        float[] init = bias != null ? bias : ZERO_TILE;
        int at = bias != null ? col : 0;
        FloatVector a0 = FloatVector.fromArray(S, init, at);
        FloatVector a1 = FloatVector.fromArray(S, init, at + L);
        FloatVector a2 = FloatVector.fromArray(S, init, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, init, at + 3 * L);
        for (int m = m0; m < m1; m++) {
            float[] sm = s[m];
            FloatVector k = FloatVector.broadcast(S, cTransposed ? c[m][i] : c[i][m]);
            a0 = FloatVector.fromArray(S, sm, col).fma(k, a0);
            a1 = FloatVector.fromArray(S, sm, col + L).fma(k, a1);
            a2 = FloatVector.fromArray(S, sm, col + 2 * L).fma(k, a2);
            a3 = FloatVector.fromArray(S, sm, col + 3 * L).fma(k, a3);
        }
        a0.intoArray(di, col);
        a1.intoArray(di, col + L);
        a2.intoArray(di, col + 2 * L);
        a3.intoArray(di, col + 3 * L);
        finish(di, col, bias, ai);
    }

    /**
     * Ends a row of a fused tile while it is in L1 (vectors are not passed to a method, which C2 might not inline
     * and would then box): tanh of it when {@code bias} is not null, else it times 1 - ai^2.
     */
    private static void finish(float[] di, int col, float[] bias, float[] ai) {
        if (bias != null) {
            for (int k = col; k < col + TILE; k += L)
                tanh(FloatVector.fromArray(S, di, k)).intoArray(di, k);
        } else {
            for (int k = col; k < col + TILE; k += L) {
                FloatVector.fromArray(S, di, k).mul(derivative(ai, k)).intoArray(di, k);
            }
        }
    }

    /** 1 - a^2 of a[k, k + L), as {@link #scaleByTanhDerivative} computes it. */
    private static FloatVector derivative(float[] a, int k) {
        FloatVector ak = FloatVector.fromArray(S, a, k);
        return ONE.sub(ak.mul(ak));
    }

    /** One destination, columns [col, col + TILE). */
    private static void tile1(
            float[] di, float[][] s, int m0, int m1, float[][] c, boolean cTransposed, int i, int col) {
        FloatVector a0 = FloatVector.fromArray(S, di, col);
        FloatVector a1 = FloatVector.fromArray(S, di, col + L);
        FloatVector a2 = FloatVector.fromArray(S, di, col + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, di, col + 3 * L);
        for (int m = m0; m < m1; m++) {
            float[] sm = s[m];
            FloatVector k = FloatVector.broadcast(S, cTransposed ? c[m][i] : c[i][m]);
            a0 = FloatVector.fromArray(S, sm, col).fma(k, a0);
            a1 = FloatVector.fromArray(S, sm, col + L).fma(k, a1);
            a2 = FloatVector.fromArray(S, sm, col + 2 * L).fma(k, a2);
            a3 = FloatVector.fromArray(S, sm, col + 3 * L).fma(k, a3);
        }
        a0.intoArray(di, col);
        a1.intoArray(di, col + L);
        a2.intoArray(di, col + 2 * L);
        a3.intoArray(di, col + 3 * L);
    }

    /** d[k] *= 1 - a[k]^2 for k in [0, n): the tanh derivative, as {@link Mlp}'s backward pass applies it. */
    static void scaleByTanhDerivative(float[] d, float[] a, int n) {
        int k = 0;
        for (; k + L <= n; k += L) {
            FloatVector ak = FloatVector.fromArray(S, a, k);
            FloatVector.fromArray(S, d, k).mul(ONE.sub(ak.mul(ak))).intoArray(d, k);
        }
        for (; k < n; k++) d[k] *= 1f - a[k] * a[k];
    }

    /** {@link FastTanh#apply}, the same operations lane by lane. */
    static void tanh(float[] a, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) tanh(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        for (; i < to; i++) a[i] = FastTanh.tanh(a[i]);
    }

    private static FloatVector tanh(FloatVector v) {
        // the clamp of FastTanh.tanh, max(-c, min(c, v)), as two compares and blends: the same floats (a NaN
        // compares false and stays NaN, a signed zero is kept), but C2's vector min and max with Java's NaN and
        // signed-zero rules are each a sequence of several instructions
        FloatVector x = v.blend(TANH_CLAMP, v.compare(VectorOperators.GT, TANH_CLAMP));
        x = x.blend(-TANH_CLAMP, x.compare(VectorOperators.LT, -TANH_CLAMP));
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(FastTanh.A13, FastTanh.A11);
        p = x2.fma(p, FloatVector.broadcast(S, FastTanh.A9));
        p = x2.fma(p, FloatVector.broadcast(S, FastTanh.A7));
        p = x2.fma(p, FloatVector.broadcast(S, FastTanh.A5));
        p = x2.fma(p, FloatVector.broadcast(S, FastTanh.A3));
        p = x2.fma(p, FloatVector.broadcast(S, FastTanh.A1));
        p = x.mul(p);
        FloatVector q = x2.fma(FastTanh.B6, FastTanh.B4);
        q = x2.fma(q, FloatVector.broadcast(S, FastTanh.B2));
        q = x2.fma(q, FloatVector.broadcast(S, FastTanh.B0));
        return p.lanewise(VectorOperators.DIV, q);
    }
}
