package dev.rewardsmith.rl;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of a tanh multilayer perceptron whose parameters live in a caller's flat float array, with batched
 * forward and backward passes. Activations are feature-major ({@code acts[level][feature][row]}): every inner
 * loop runs over rows with one index into distinct arrays, which is what C2's auto-vectorizer needs (it gives
 * up when two arrays are indexed with different offsets, as they may alias). Weights are stored input-major,
 * {@code w[k * out + j]}, and read as scalars.
 */
final class Mlp {

    /** Reusable buffers of one thread's backward passes. */
    static final class Scratch {
        final float[][] dzRows = new float[8][];
        final float[][] weightGrad;

        Scratch(int maxWidth) {
            for (int i = 0; i < dzRows.length; i++) dzRows[i] = new float[maxWidth];
            weightGrad = new float[maxWidth][maxWidth];
        }
    }

    /** Below this output width the weight gradient is a dot product over rows, above it a sum of row updates. */
    private static final int ROW_UPDATE_MIN_WIDTH = 16;

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int parameterCount;

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

    Scratch newScratch() {
        return new Scratch(maxWidth());
    }

    /** Feature-major buffers for {@code rows} rows: level 0 receives the input, the last one the output. */
    float[][][] newActivations(int rows) {
        float[][][] a = new float[sizes.length][][];
        for (int l = 0; l < sizes.length; l++) a[l] = new float[sizes[l]][rows];
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
     * Forward pass of rows [r0, r1).
     *
     * @param acts modified: levels 1.. receive the activations; level 0 is read as the input
     */
    void forward(float[] params, int base, float[][][] acts, int r0, int r1) {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[][] x = acts[l];
            float[][] y = acts[l + 1];
            int wo = base + weightOffset[l];
            for (int j = 0; j < out; j++) {
                float[] yj = y[j];
                float b = params[base + biasOffset[l] + j];
                for (int r = r0; r < r1; r++) yj[r] = b;
                int k = 0;
                for (; k + 7 < in; k += 8) {
                    int w = wo + k * out + j;
                    axpy8(yj, x, k, params, w, out, r0, r1);
                }
                for (; k + 3 < in; k += 4) {
                    int w = wo + k * out + j;
                    axpy4(
                            yj,
                            x[k],
                            x[k + 1],
                            x[k + 2],
                            x[k + 3],
                            params[w],
                            params[w + out],
                            params[w + 2 * out],
                            params[w + 3 * out],
                            r0,
                            r1);
                }
                for (; k < in; k++) axpy(yj, x[k], params[wo + k * out + j], r0, r1);
                if (l < layers() - 1) FastTanh.apply(yj, r0, r1);
            }
        }
    }

    /**
     * Backward pass of rows [r0, r1) after {@link #forward} of the same rows.
     *
     * @param acts read: the forward activations
     * @param deltas modified: level {@link #layers()} holds dLoss/dOutput on entry; lower levels are scratch
     * @param grad modified: dLoss/dParams is added at {@code base}
     */
    void backward(
            float[] params,
            int base,
            float[][][] acts,
            float[][][] deltas,
            float[] grad,
            Scratch scratch,
            int r0,
            int r1) {
        for (int l = layers() - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[][] dz = deltas[l + 1];
            float[][] x = acts[l];
            int wo = base + weightOffset[l];
            int bo = base + biasOffset[l];
            for (int j = 0; j < out; j++) grad[bo + j] += sum(dz[j], r0, r1);
            if (out >= ROW_UPDATE_MIN_WIDTH) {
                accumulateByRows(x, in, dz, out, scratch, r0, r1);
                for (int k = 0; k < in; k++) {
                    float[] g = scratch.weightGrad[k];
                    for (int j = 0; j < out; j++) grad[wo + k * out + j] += g[j];
                }
            } else {
                for (int k = 0; k < in; k++) {
                    for (int j = 0; j < out; j++) grad[wo + k * out + j] += dot(x[k], dz[j], r0, r1);
                }
            }
            if (l > 0) {
                float[][] dx = deltas[l];
                for (int k = 0; k < in; k++) {
                    float[] dxk = dx[k];
                    for (int r = r0; r < r1; r++) dxk[r] = 0f;
                    int w = wo + k * out;
                    int j = 0;
                    for (; j + 7 < out; j += 8) axpy8(dxk, dz, j, params, w + j, 1, r0, r1);
                    for (; j + 3 < out; j += 4) {
                        axpy4(
                                dxk,
                                dz[j],
                                dz[j + 1],
                                dz[j + 2],
                                dz[j + 3],
                                params[w + j],
                                params[w + j + 1],
                                params[w + j + 2],
                                params[w + j + 3],
                                r0,
                                r1);
                    }
                    for (; j < out; j++) axpy(dxk, dz[j], params[w + j], r0, r1);
                    float[] a = acts[l][k];
                    for (int r = r0; r < r1; r++) dxk[r] *= 1f - a[r] * a[r];
                }
            }
        }
    }

    /** scratch.weightGrad[k][j] = sum over rows of x[k][r] * dz[j][r], four rows at a time. */
    private static void accumulateByRows(float[][] x, int in, float[][] dz, int out, Scratch scratch, int r0, int r1) {
        float[][] g = scratch.weightGrad;
        for (int k = 0; k < in; k++) {
            float[] gk = g[k];
            for (int j = 0; j < out; j++) gk[j] = 0f;
        }
        float[] d0 = scratch.dzRows[0];
        float[] d1 = scratch.dzRows[1];
        float[] d2 = scratch.dzRows[2];
        float[] d3 = scratch.dzRows[3];
        float[] d4 = scratch.dzRows[4];
        float[] d5 = scratch.dzRows[5];
        float[] d6 = scratch.dzRows[6];
        float[] d7 = scratch.dzRows[7];
        int r = r0;
        for (; r + 7 < r1; r += 8) {
            for (int j = 0; j < out; j++) {
                float[] dzj = dz[j];
                d0[j] = dzj[r];
                d1[j] = dzj[r + 1];
                d2[j] = dzj[r + 2];
                d3[j] = dzj[r + 3];
                d4[j] = dzj[r + 4];
                d5[j] = dzj[r + 5];
                d6[j] = dzj[r + 6];
                d7[j] = dzj[r + 7];
            }
            for (int k = 0; k < in; k++) {
                float[] xk = x[k];
                float[] gk = g[k];
                float a0 = xk[r];
                float a1 = xk[r + 1];
                float a2 = xk[r + 2];
                float a3 = xk[r + 3];
                float a4 = xk[r + 4];
                float a5 = xk[r + 5];
                float a6 = xk[r + 6];
                float a7 = xk[r + 7];
                for (int j = 0; j < out; j++) {
                    float s = Math.fma(a0, d0[j], gk[j]);
                    s = Math.fma(a1, d1[j], s);
                    s = Math.fma(a2, d2[j], s);
                    s = Math.fma(a3, d3[j], s);
                    s = Math.fma(a4, d4[j], s);
                    s = Math.fma(a5, d5[j], s);
                    s = Math.fma(a6, d6[j], s);
                    gk[j] = Math.fma(a7, d7[j], s);
                }
            }
        }
        for (; r < r1; r++) {
            for (int j = 0; j < out; j++) d0[j] = dz[j][r];
            for (int k = 0; k < in; k++) axpy(g[k], d0, x[k][r], 0, out);
        }
    }

    /** y[i] += sum over m < 8 of w[wi + m * stride] x[k + m][i] for i in [from, to). */
    static void axpy8(float[] y, float[][] x, int k, float[] w, int wi, int stride, int from, int to) {
        float a0 = w[wi];
        float a1 = w[wi + stride];
        float a2 = w[wi + 2 * stride];
        float a3 = w[wi + 3 * stride];
        float a4 = w[wi + 4 * stride];
        float a5 = w[wi + 5 * stride];
        float a6 = w[wi + 6 * stride];
        float a7 = w[wi + 7 * stride];
        float[] x0 = x[k];
        float[] x1 = x[k + 1];
        float[] x2 = x[k + 2];
        float[] x3 = x[k + 3];
        float[] x4 = x[k + 4];
        float[] x5 = x[k + 5];
        float[] x6 = x[k + 6];
        float[] x7 = x[k + 7];
        for (int i = from; i < to; i++) {
            float s = Math.fma(a0, x0[i], y[i]);
            s = Math.fma(a1, x1[i], s);
            s = Math.fma(a2, x2[i], s);
            s = Math.fma(a3, x3[i], s);
            s = Math.fma(a4, x4[i], s);
            s = Math.fma(a5, x5[i], s);
            s = Math.fma(a6, x6[i], s);
            y[i] = Math.fma(a7, x7[i], s);
        }
    }

    /** y[i] += a0 x0[i] + a1 x1[i] + a2 x2[i] + a3 x3[i] for i in [from, to). */
    static void axpy4(
            float[] y,
            float[] x0,
            float[] x1,
            float[] x2,
            float[] x3,
            float a0,
            float a1,
            float a2,
            float a3,
            int from,
            int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.fma(a3, x3[i], Math.fma(a2, x2[i], Math.fma(a1, x1[i], Math.fma(a0, x0[i], y[i]))));
        }
    }

    /** y[i] += a x[i] for i in [from, to). */
    static void axpy(float[] y, float[] x, float a, int from, int to) {
        for (int i = from; i < to; i++) y[i] = Math.fma(a, x[i], y[i]);
    }

    /** Dot product over [from, to) with eight partial sums (float sums do not vectorize; this pipelines). */
    static float dot(float[] a, float[] b, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 = Math.fma(a[i], b[i], s0);
            s1 = Math.fma(a[i + 1], b[i + 1], s1);
            s2 = Math.fma(a[i + 2], b[i + 2], s2);
            s3 = Math.fma(a[i + 3], b[i + 3], s3);
            s4 = Math.fma(a[i + 4], b[i + 4], s4);
            s5 = Math.fma(a[i + 5], b[i + 5], s5);
            s6 = Math.fma(a[i + 6], b[i + 6], s6);
            s7 = Math.fma(a[i + 7], b[i + 7], s7);
        }
        for (; i < to; i++) s0 = Math.fma(a[i], b[i], s0);
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static float sum(float[] a, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) s0 += a[i];
        return (s0 + s1) + (s2 + s3);
    }
}
