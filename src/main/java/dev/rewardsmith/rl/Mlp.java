package dev.rewardsmith.rl;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of a tanh multilayer perceptron whose parameters live in a caller's flat float array, with batched
 * forward and backward passes (the backward pass is {@link MlpBackward}; this class holds the layout, the forward
 * pass and the scalar kernels both passes share).
 *
 * <p>Layouts, chosen for what C2's auto-vectorizer does with them (JDK 21-25): it vectorizes a loop only when
 * every array is read and written at the same index, and it cannot prove that two arrays indexed with
 * different offsets do not alias. So the kernels run their inner loop over one layer's features (64 by
 * default) with one index into distinct arrays: hidden activations are row-major, one array per row
 * ({@code acts[level][row][feature]}), and the weights are repacked ({@link Weights}) into one array per input
 * (forward) and one per output (backward). The input level 0 and the output level are feature-major
 * ({@code acts[level][feature][row]}), as the observation normalizer and the distributions read and write
 * them. Each kernel pass updates two destination arrays from four source arrays, which keeps the reused
 * values in registers (measured on Zen 5: 16-18 GMAC/s, vs 3-4 for one-destination loops over rows).
 */
final class Mlp {

    /**
     * Whether the kernels run on the Vector API ({@link VectorKernels}): the JVM was started with
     * {@code --add-modules jdk.incubator.vector} and the system property {@code rewardsmith.scalarKernels} is not
     * set. Both paths give the same floats, bit for bit. Kept here, not in {@link VectorKernels}, so that testing
     * it never loads the incubator classes.
     */
    static final boolean VECTOR_API =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !Boolean.getBoolean("rewardsmith.scalarKernels");

    /** Rows of a source block in {@link #accumulate}: keeps the sources of a weight-gradient pass in L1. */
    private static final int BLOCK = 64;

    /** The weights of one network repacked for the kernels; refresh with {@link #pack} after the parameters change. */
    static final class Weights {
        /** [layer][k] = the weights from input k to every output j. */
        final float[][][] rows;
        /** [layer][j] = the weights into output j from every input k. */
        final float[][][] cols;

        final float[][] bias;

        private Weights(int[] sizes) {
            int layers = sizes.length - 1;
            rows = new float[layers][][];
            cols = new float[layers][][];
            bias = new float[layers][];
            for (int l = 0; l < layers; l++) {
                rows[l] = new float[sizes[l]][sizes[l + 1]];
                cols[l] = new float[sizes[l + 1]][sizes[l]];
                bias[l] = new float[sizes[l + 1]];
            }
        }
    }

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int parameterCount;
    /** Used by the overloads that take the flat parameters (packed on every call); not thread-safe. */
    private Weights own;

    private final MlpBackward backwardPass;

    Mlp(int inputs, List<Integer> hidden, int outputs) {
        sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) sizes[i + 1] = hidden.get(i);
        sizes[sizes.length - 1] = outputs;
        weightOffset = new int[layers()];
        biasOffset = new int[layers()];
        int offset = 0;
        for (int l = 0; l < layers(); l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }
        parameterCount = offset;
        backwardPass = new MlpBackward(sizes, weightOffset, biasOffset);
    }

    int layers() {
        return sizes.length - 1;
    }

    /** Width of activation level {@code l}: 0 is the input, {@link #layers()} the output. */
    int size(int l) {
        return sizes[l];
    }

    int inputs() {
        return sizes[0];
    }

    int outputs() {
        return sizes[sizes.length - 1];
    }

    int parameterCount() {
        return parameterCount;
    }

    /** Offset of weight (k, j) of layer l, relative to the network's base. */
    int weightIndex(int l, int k, int j) {
        return weightOffset[l] + k * sizes[l + 1] + j;
    }

    /** Offset of bias j of layer l, relative to the network's base. */
    int biasIndex(int l, int j) {
        return biasOffset[l] + j;
    }

    int maxWidth() {
        int m = 0;
        for (int s : sizes) m = Math.max(m, s);
        return m;
    }

    MlpBackward.Scratch newScratch() {
        return backwardPass.newScratch();
    }

    Weights newWeights() {
        return new Weights(sizes);
    }

    /**
     * Buffers for {@code rows} rows: level 0 receives the input and level {@link #layers()} the output
     * (feature-major); hidden levels are row-major; one extra level past the output holds the kernels' row-major
     * copy of the input.
     */
    float[][][] newActivations(int rows) {
        int out = layers();
        float[][][] a = new float[out + 2][][];
        a[0] = new float[sizes[0]][rows];
        for (int l = 1; l < out; l++) a[l] = new float[rows][sizes[l]];
        a[out] = new float[sizes[out]][rows];
        a[out + 1] = new float[rows][sizes[0]];
        return a;
    }

    /**
     * CleanRL's layer_init: orthogonal weights scaled by sqrt(2) for hidden layers and {@code outputGain} for the
     * last one, zero biases.
     *
     * @param params modified: this network's parameters at {@code base}
     */
    void initialize(float[] params, int base, double outputGain, SplittableRandom random) {
        for (int l = 0; l < layers(); l++) {
            double gain = l == layers() - 1 ? outputGain : Math.sqrt(2);
            double[] w = Orthogonal.matrix(sizes[l + 1], sizes[l], gain, random);
            // w is [out][in] as torch stores it; ours is input-major
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int k = 0; k < sizes[l]; k++) params[base + weightIndex(l, k, j)] = (float) w[j * sizes[l] + k];
                params[base + biasIndex(l, j)] = 0f;
            }
        }
    }

    /**
     * Copies this network's parameters into the kernels' layout.
     *
     * @param weights modified
     */
    void pack(float[] params, int base, Weights weights) {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int wo = base + weightOffset[l];
            float[][] rows = weights.rows[l];
            float[][] cols = weights.cols[l];
            for (int k = 0; k < in; k++) {
                System.arraycopy(params, wo + k * out, rows[k], 0, out);
                for (int j = 0; j < out; j++) cols[j][k] = rows[k][j];
            }
            System.arraycopy(params, base + biasOffset[l], weights.bias[l], 0, out);
        }
    }

    /** {@link #forward(Weights, float[][][], int, int)} on parameters packed for this call. */
    void forward(float[] params, int base, float[][][] acts, int r0, int r1) {
        if (own == null) own = newWeights();
        pack(params, base, own);
        forward(own, acts, r0, r1);
    }

    /**
     * Forward pass of rows [r0, r1).
     *
     * @param weights read only
     * @param acts modified: levels 1.. receive the activations; level 0 is read as the input
     */
    void forward(Weights weights, float[][][] acts, int r0, int r1) {
        int last = layers() - 1;
        float[][] input = acts[0];
        float[][] inputRows = acts[last + 2];
        for (int r = r0; r < r1; r++) {
            float[] row = inputRows[r];
            for (int k = 0; k < sizes[0]; k++) row[k] = input[k][r];
        }
        for (int l = 0; l <= last; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[][] x = l == 0 ? inputRows : acts[l];
            float[] b = weights.bias[l];
            if (l == last) {
                // y[j][r] = b[j] + sum over k of w(k, j) x[r][k], summed in increasing k; four rows at a time
                // are four independent chains
                float[][] y = acts[l + 1];
                float[][] cols = weights.cols[l];
                for (int j = 0; j < out; j++) {
                    float[] yj = y[j];
                    float[] wj = cols[j];
                    float bj = b[j];
                    int r = r0;
                    for (; r + 7 < r1; r += 8) forwardEightChains(yj, wj, bj, x, r, in);
                    for (; r + 3 < r1; r += 4) {
                        float[] x0 = x[r];
                        float[] x1 = x[r + 1];
                        float[] x2 = x[r + 2];
                        float[] x3 = x[r + 3];
                        float a0 = bj;
                        float a1 = bj;
                        float a2 = bj;
                        float a3 = bj;
                        for (int k = 0; k < in; k++) {
                            float w = wj[k];
                            a0 = Math.fma(w, x0[k], a0);
                            a1 = Math.fma(w, x1[k], a1);
                            a2 = Math.fma(w, x2[k], a2);
                            a3 = Math.fma(w, x3[k], a3);
                        }
                        yj[r] = a0;
                        yj[r + 1] = a1;
                        yj[r + 2] = a2;
                        yj[r + 3] = a3;
                    }
                    for (; r < r1; r++) {
                        float[] xr = x[r];
                        float a = bj;
                        for (int k = 0; k < in; k++) a = Math.fma(wj[k], xr[k], a);
                        yj[r] = a;
                    }
                }
            } else if (VECTOR_API) {
                // the same floats as the three passes below, in one (bias, products, tanh of each tile row while in L1)
                VectorKernels.forwardTanh(acts[l + 1], r0, r1, weights.rows[l], b, x, in, out);
            } else {
                float[][] y = acts[l + 1];
                for (int r = r0; r < r1; r++) System.arraycopy(b, 0, y[r], 0, out);
                // y[r] += sum over k of x[r][k] * rows[k]
                accumulate(y, r0, r1, weights.rows[l], 0, in, x, false, out);
                for (int r = r0; r < r1; r++) FastTanh.apply(y[r], 0, out);
            }
        }
    }

    /** y[r + t] = b + sum over k of w[k] x[r + t][k] for t in [0, 8), eight independent chains in increasing k. */
    private static void forwardEightChains(float[] y, float[] w, float b, float[][] x, int r, int in) {
        float[] x0 = x[r];
        float[] x1 = x[r + 1];
        float[] x2 = x[r + 2];
        float[] x3 = x[r + 3];
        float[] x4 = x[r + 4];
        float[] x5 = x[r + 5];
        float[] x6 = x[r + 6];
        float[] x7 = x[r + 7];
        float a0 = b;
        float a1 = b;
        float a2 = b;
        float a3 = b;
        float a4 = b;
        float a5 = b;
        float a6 = b;
        float a7 = b;
        for (int k = 0; k < in; k++) {
            float wk = w[k];
            a0 = Math.fma(wk, x0[k], a0);
            a1 = Math.fma(wk, x1[k], a1);
            a2 = Math.fma(wk, x2[k], a2);
            a3 = Math.fma(wk, x3[k], a3);
            a4 = Math.fma(wk, x4[k], a4);
            a5 = Math.fma(wk, x5[k], a5);
            a6 = Math.fma(wk, x6[k], a6);
            a7 = Math.fma(wk, x7[k], a7);
        }
        y[r] = a0;
        y[r + 1] = a1;
        y[r + 2] = a2;
        y[r + 3] = a3;
        y[r + 4] = a4;
        y[r + 5] = a5;
        y[r + 6] = a6;
        y[r + 7] = a7;
    }

    /**
     * {@link #backward(Weights, float[][][], float[][][], MlpBackward.Scratch, int, int)} on parameters packed for
     * this call, with the gradient added to {@code grad}.
     *
     * @param grad modified: dLoss/dParams is added at {@code base}
     */
    void backward(
            float[] params,
            int base,
            float[][][] acts,
            float[][][] deltas,
            float[] grad,
            MlpBackward.Scratch scratch,
            int r0,
            int r1) {
        if (own == null) own = newWeights();
        pack(params, base, own);
        backward(own, acts, deltas, scratch, r0, r1);
        addGradient(scratch, grad, base);
    }

    /** Backward pass of rows [r0, r1) after {@link #forward} of the same rows: see {@link MlpBackward#backward}. */
    void backward(Weights weights, float[][][] acts, float[][][] deltas, MlpBackward.Scratch scratch, int r0, int r1) {
        backwardPass.backward(weights, acts, deltas, scratch, r0, r1);
    }

    /** See {@link MlpBackward#addGradient}. */
    void addGradient(MlpBackward.Scratch scratch, float[] grad, int base) {
        backwardPass.addGradient(scratch, grad, base);
    }

    /**
     * d[i][0, n) += sum over m in [m0, m1) of c(i, m) * s[m][0, n), for i in [i0, i1), where c(i, m) is
     * {@code c[m][i]} when {@code cTransposed}, else {@code c[i][m]}. Each d[i] receives its terms in increasing
     * m (the blocking does not change the float result). Sources are taken in blocks of {@link #BLOCK} so that a
     * block stays in L1 while every destination pair passes over it.
     */
    static void accumulate(
            float[][] d, int i0, int i1, float[][] s, int m0, int m1, float[][] c, boolean cTransposed, int n) {
        if (VECTOR_API) VectorKernels.accumulate(d, i0, i1, s, m0, m1, c, cTransposed, n);
        else accumulateScalar(d, i0, i1, s, m0, m1, c, cTransposed, n);
    }

    /** {@link #accumulate} with loops that C2 auto-vectorizes. */
    static void accumulateScalar(
            float[][] d, int i0, int i1, float[][] s, int m0, int m1, float[][] c, boolean cTransposed, int n) {
        for (int mb = m0; mb < m1; mb += BLOCK) {
            int me = Math.min(m1, mb + BLOCK);
            int i = i0;
            for (; i + 1 < i1; i += 2) {
                float[] d0 = d[i];
                float[] d1 = d[i + 1];
                int m = mb;
                for (; m + 3 < me; m += 4) {
                    if (cTransposed) {
                        madd2x4(
                                d0,
                                d1,
                                s[m],
                                s[m + 1],
                                s[m + 2],
                                s[m + 3],
                                c[m][i],
                                c[m + 1][i],
                                c[m + 2][i],
                                c[m + 3][i],
                                c[m][i + 1],
                                c[m + 1][i + 1],
                                c[m + 2][i + 1],
                                c[m + 3][i + 1],
                                n);
                    } else {
                        float[] c0 = c[i];
                        float[] c1 = c[i + 1];
                        madd2x4(
                                d0, d1, s[m], s[m + 1], s[m + 2], s[m + 3], c0[m], c0[m + 1], c0[m + 2], c0[m + 3],
                                c1[m], c1[m + 1], c1[m + 2], c1[m + 3], n);
                    }
                }
                for (; m < me; m++) {
                    madd2x1(d0, d1, s[m], cTransposed ? c[m][i] : c[i][m], cTransposed ? c[m][i + 1] : c[i + 1][m], n);
                }
            }
            if (i < i1) {
                float[] d0 = d[i];
                int m = mb;
                for (; m + 3 < me; m += 4) {
                    if (cTransposed) {
                        madd1x4(
                                d0,
                                s[m],
                                s[m + 1],
                                s[m + 2],
                                s[m + 3],
                                c[m][i],
                                c[m + 1][i],
                                c[m + 2][i],
                                c[m + 3][i],
                                n);
                    } else {
                        float[] c0 = c[i];
                        madd1x4(d0, s[m], s[m + 1], s[m + 2], s[m + 3], c0[m], c0[m + 1], c0[m + 2], c0[m + 3], n);
                    }
                }
                for (; m < me; m++) madd1(d0, s[m], cTransposed ? c[m][i] : c[i][m], n);
            }
        }
    }

    /** d0[j] += a0 s0[j] + a1 s1[j] + a2 s2[j] + a3 s3[j], d1[j] likewise with b, for j in [0, n). */
    static void madd2x4(
            float[] d0,
            float[] d1,
            float[] s0,
            float[] s1,
            float[] s2,
            float[] s3,
            float a0,
            float a1,
            float a2,
            float a3,
            float b0,
            float b1,
            float b2,
            float b3,
            int n) {
        for (int j = 0; j < n; j++) {
            float v0 = s0[j];
            float v1 = s1[j];
            float v2 = s2[j];
            float v3 = s3[j];
            d0[j] = Math.fma(a3, v3, Math.fma(a2, v2, Math.fma(a1, v1, Math.fma(a0, v0, d0[j]))));
            d1[j] = Math.fma(b3, v3, Math.fma(b2, v2, Math.fma(b1, v1, Math.fma(b0, v0, d1[j]))));
        }
    }

    /** d0[j] += a s[j], d1[j] += b s[j] for j in [0, n). */
    static void madd2x1(float[] d0, float[] d1, float[] s, float a, float b, int n) {
        for (int j = 0; j < n; j++) {
            float v = s[j];
            d0[j] = Math.fma(a, v, d0[j]);
            d1[j] = Math.fma(b, v, d1[j]);
        }
    }

    /** d[j] += a0 s0[j] + a1 s1[j] + a2 s2[j] + a3 s3[j] for j in [0, n). */
    static void madd1x4(
            float[] d, float[] s0, float[] s1, float[] s2, float[] s3, float a0, float a1, float a2, float a3, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = Math.fma(a3, s3[j], Math.fma(a2, s2[j], Math.fma(a1, s1[j], Math.fma(a0, s0[j], d[j]))));
        }
    }

    /** d[j] += a s[j] for j in [0, n). */
    static void madd1(float[] d, float[] s, float a, int n) {
        for (int j = 0; j < n; j++) d[j] = Math.fma(a, s[j], d[j]);
    }

    /**
     * Sum over rows [r0, r1) of x[r][k] * dz(j, r) with the eight partial sums and the final order of
     * {@link #dot}; dz(j, r) is {@code dz[j][r]} when {@code dzFeatureMajor}, else {@code dz[r][j]}.
     */
    static float dotOverRows(float[][] x, int k, float[][] dz, boolean dzFeatureMajor, int j, int r0, int r1) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int r = r0;
        for (; r + 7 < r1; r += 8) {
            s0 = Math.fma(x[r][k], dzAt(dz, dzFeatureMajor, j, r), s0);
            s1 = Math.fma(x[r + 1][k], dzAt(dz, dzFeatureMajor, j, r + 1), s1);
            s2 = Math.fma(x[r + 2][k], dzAt(dz, dzFeatureMajor, j, r + 2), s2);
            s3 = Math.fma(x[r + 3][k], dzAt(dz, dzFeatureMajor, j, r + 3), s3);
            s4 = Math.fma(x[r + 4][k], dzAt(dz, dzFeatureMajor, j, r + 4), s4);
            s5 = Math.fma(x[r + 5][k], dzAt(dz, dzFeatureMajor, j, r + 5), s5);
            s6 = Math.fma(x[r + 6][k], dzAt(dz, dzFeatureMajor, j, r + 6), s6);
            s7 = Math.fma(x[r + 7][k], dzAt(dz, dzFeatureMajor, j, r + 7), s7);
        }
        for (; r < r1; r++) s0 = Math.fma(x[r][k], dzAt(dz, dzFeatureMajor, j, r), s0);
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static float dzAt(float[][] dz, boolean featureMajor, int j, int r) {
        return featureMajor ? dz[j][r] : dz[r][j];
    }

    /** Dot product of [0, n) with eight partial sums (float sums do not vectorize; this pipelines). */
    static float dot(float[] a, float[] b, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 = Math.fma(a[i], b[i], s0);
            s1 = Math.fma(a[i + 1], b[i + 1], s1);
            s2 = Math.fma(a[i + 2], b[i + 2], s2);
            s3 = Math.fma(a[i + 3], b[i + 3], s3);
            s4 = Math.fma(a[i + 4], b[i + 4], s4);
            s5 = Math.fma(a[i + 5], b[i + 5], s5);
            s6 = Math.fma(a[i + 6], b[i + 6], s6);
            s7 = Math.fma(a[i + 7], b[i + 7], s7);
        }
        for (; i < n; i++) s0 = Math.fma(a[i], b[i], s0);
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
