package dev.rewardsmith.rl;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of a tanh multilayer perceptron whose parameters live in a caller's flat float array; batched
 * forward and backward passes over row-major matrices, written as unrolled axpy loops the JIT vectorizes.
 * Weights of a layer are stored input-major ({@code w[k * out + j]}), so a forward row is a sum of weight rows.
 */
final class Mlp {

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

    int maxWidth() {
        int m = 0;
        for (int s : sizes) m = Math.max(m, s);
        return m;
    }

    /** Activation buffers for {@code rows} rows: level 0 receives the input, the last one the output. */
    float[][] newActivations(int rows) {
        float[][] a = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) a[l] = new float[rows * sizes[l]];
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
                for (int k = 0; k < sizes[l]; k++) {
                    params[base + weightOffset[l] + k * sizes[l + 1] + j] = (float) w[j * sizes[l] + k];
                }
            }
            for (int j = 0; j < sizes[l + 1]; j++) params[base + biasOffset[l] + j] = 0f;
        }
    }

    /**
     * Forward pass of rows [r0, r1).
     *
     * @param acts modified: levels 1.. receive the activations; level 0 is read as the input
     */
    void forward(float[] params, int base, float[][] acts, int r0, int r1) {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] x = acts[l];
            float[] y = acts[l + 1];
            affine(x, in, params, base + weightOffset[l], base + biasOffset[l], out, y, r0, r1);
            if (l < layers() - 1) FastTanh.apply(y, r0 * out, r1 * out);
        }
    }

    /**
     * Backward pass of rows [r0, r1) after {@link #forward} of the same rows.
     *
     * @param acts read: the forward activations
     * @param deltas modified: level {@link #layers()} holds dLoss/dOutput on entry; lower levels are scratch
     * @param grad modified: dLoss/dParams is added at {@code base}
     * @param transposed scratch of at least maxWidth^2 floats
     */
    void backward(float[] params, int base, float[][] acts, float[][] deltas, float[] grad, float[] transposed,
            int r0, int r1) {
        for (int l = layers() - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] dz = deltas[l + 1];
            float[] x = acts[l];
            int wo = base + weightOffset[l];
            accumulateWeightGradient(x, in, dz, out, grad, wo, r0, r1);
            int bo = base + biasOffset[l];
            for (int r = r0; r < r1; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) grad[bo + j] += dz[o + j];
            }
            if (l > 0) {
                for (int k = 0; k < in; k++) {
                    for (int j = 0; j < out; j++) transposed[j * in + k] = params[wo + k * out + j];
                }
                float[] dx = deltas[l];
                affine(dz, out, transposed, 0, -1, in, dx, r0, r1);
                float[] a = acts[l];
                for (int i = r0 * in, e = r1 * in; i < e; i++) dx[i] *= 1f - a[i] * a[i];
            }
        }
    }

    /** y[r] = x[r] W + b for rows [r0, r1); W input-major at wo; no bias when bo < 0. */
    static void affine(float[] x, int in, float[] w, int wo, int bo, int out, float[] y, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int yr = r * out;
            int xr = r * in;
            if (bo >= 0) {
                System.arraycopy(w, bo, y, yr, out);
            } else {
                for (int j = 0; j < out; j++) y[yr + j] = 0f;
            }
            int k = 0;
            for (; k + 3 < in; k += 4) {
                float a0 = x[xr + k];
                float a1 = x[xr + k + 1];
                float a2 = x[xr + k + 2];
                float a3 = x[xr + k + 3];
                int w0 = wo + k * out;
                int w1 = w0 + out;
                int w2 = w1 + out;
                int w3 = w2 + out;
                for (int j = 0; j < out; j++) {
                    float s = Math.fma(a0, w[w0 + j], y[yr + j]);
                    s = Math.fma(a1, w[w1 + j], s);
                    s = Math.fma(a2, w[w2 + j], s);
                    y[yr + j] = Math.fma(a3, w[w3 + j], s);
                }
            }
            for (; k < in; k++) {
                float a = x[xr + k];
                int w0 = wo + k * out;
                for (int j = 0; j < out; j++) y[yr + j] = Math.fma(a, w[w0 + j], y[yr + j]);
            }
        }
    }

    /** g[wo + k * out + j] += sum over rows of x[r, k] * dz[r, j]. */
    private static void accumulateWeightGradient(float[] x, int in, float[] dz, int out, float[] g, int wo,
            int r0, int r1) {
        int r = r0;
        for (; r + 3 < r1; r += 4) {
            int x0 = r * in;
            int x1 = x0 + in;
            int x2 = x1 + in;
            int x3 = x2 + in;
            int d0 = r * out;
            int d1 = d0 + out;
            int d2 = d1 + out;
            int d3 = d2 + out;
            for (int k = 0; k < in; k++) {
                float a0 = x[x0 + k];
                float a1 = x[x1 + k];
                float a2 = x[x2 + k];
                float a3 = x[x3 + k];
                int gk = wo + k * out;
                for (int j = 0; j < out; j++) {
                    float s = Math.fma(a0, dz[d0 + j], g[gk + j]);
                    s = Math.fma(a1, dz[d1 + j], s);
                    s = Math.fma(a2, dz[d2 + j], s);
                    g[gk + j] = Math.fma(a3, dz[d3 + j], s);
                }
            }
        }
        for (; r < r1; r++) {
            int xr = r * in;
            int d = r * out;
            for (int k = 0; k < in; k++) {
                float a = x[xr + k];
                int gk = wo + k * out;
                for (int j = 0; j < out; j++) g[gk + j] = Math.fma(a, dz[d + j], g[gk + j]);
            }
        }
    }
}
