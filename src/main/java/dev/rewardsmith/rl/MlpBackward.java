package dev.rewardsmith.rl;

/**
 * The backward pass of an {@link Mlp}: dLoss/dParams of a block of rows, from the forward activations and
 * dLoss/dOutput, computed in the kernels' layout (see {@link Mlp}) into a {@link Scratch} and then added to a
 * flat gradient. The passes run on {@link Mlp}'s kernels ({@link Mlp#accumulate}, {@link Mlp#dotOverRows}) and
 * add every term in a fixed order, so a gradient is the same floats on every run and on both kernel paths.
 */
final class MlpBackward {

    /** Reusable buffers of one thread's backward passes: the gradient in the kernels' layout. */
    static final class Scratch {
        /** [layer][k][j] for hidden layers, [layer][j][k] for the output layer (its width is the short side). */
        final float[][][] weightGrad;

        final float[][] biasGrad;
        /** The four partial sums of a bias gradient over rows, one array per partial sum. */
        final float[][] partialSums;

        private Scratch(int[] sizes) {
            int layers = sizes.length - 1;
            int maxWidth = 0;
            for (int size : sizes) maxWidth = Math.max(maxWidth, size);
            partialSums = new float[4][maxWidth];
            weightGrad = new float[layers][][];
            biasGrad = new float[layers][];
            for (int l = 0; l < layers; l++) {
                weightGrad[l] = l == layers - 1 ? new float[sizes[l + 1]][sizes[l]] : new float[sizes[l]][sizes[l + 1]];
                biasGrad[l] = new float[sizes[l + 1]];
            }
        }
    }

    /**
     * Below this output width a weight gradient is a dot product over rows with eight partial sums, as the
     * feature-major trainer computed it; wider layers sum over rows one by one. Kept so that the results stay
     * bit-identical to that trainer (every pass below adds its terms in the order it did).
     */
    private static final int ROW_SUM_MIN_WIDTH = 16;

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;

    /** The backward pass of the network with these shapes and offsets (its {@link Mlp}'s arrays, read only). */
    MlpBackward(int[] sizes, int[] weightOffset, int[] biasOffset) {
        this.sizes = sizes;
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
    }

    private int layers() {
        return sizes.length - 1;
    }

    Scratch newScratch() {
        return new Scratch(sizes);
    }

    /**
     * Backward pass of rows [r0, r1) after {@link Mlp#forward} of the same rows.
     *
     * @param acts read: the forward activations
     * @param deltas modified: level {@link Mlp#layers()} holds dLoss/dOutput on entry (feature-major); lower levels
     *     are scratch
     * @param scratch modified: receives dLoss/dParams of these rows (read it with {@link #addGradient})
     */
    void backward(Mlp.Weights weights, float[][][] acts, float[][][] deltas, Scratch scratch, int r0, int r1) {
        int last = layers() - 1;
        for (int l = last; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[][] x = l == 0 ? acts[last + 2] : acts[l];
            float[][] g = scratch.weightGrad[l];
            float[] gb = scratch.biasGrad[l];
            for (float[] gk : g) java.util.Arrays.fill(gk, 0f);
            if (l == last) {
                float[][] dOut = deltas[l + 1]; // feature-major
                for (int j = 0; j < out; j++) gb[j] = sum(dOut[j], r0, r1);
                if (out < ROW_SUM_MIN_WIDTH) {
                    for (int j = 0; j < out; j++) {
                        if (Mlp.VECTOR_API) VectorReductions.dotOverRows(g[j], x, in, dOut, true, j, r0, r1);
                        else for (int k = 0; k < in; k++) g[j][k] = Mlp.dotOverRows(x, k, dOut, true, j, r0, r1);
                    }
                } else {
                    // g[j] = sum over rows of dOut[j][r] * x[r]
                    Mlp.accumulate(g, 0, out, x, r0, r1, dOut, false, in);
                }
                // dx[r] = sum over j of dOut[j][r] * cols[j]
                if (l > 0) propagate(deltas[l], acts[l], r0, r1, weights.cols[l], dOut, true, out, in);
            } else {
                float[][] dz = deltas[l + 1]; // row-major
                if (Mlp.VECTOR_API) VectorReductions.sumOverRows(dz, r0, r1, out, gb);
                else sumOverRows(dz, r0, r1, out, scratch.partialSums, gb);
                if (out < ROW_SUM_MIN_WIDTH) {
                    for (int k = 0; k < in; k++) {
                        for (int j = 0; j < out; j++) g[k][j] = Mlp.dotOverRows(x, k, dz, false, j, r0, r1);
                    }
                } else {
                    // g[k] = sum over rows of x[r][k] * dz[r]
                    Mlp.accumulate(g, 0, in, dz, r0, r1, x, true, out);
                }
                if (l > 0) propagate(deltas[l], acts[l], r0, r1, weights.cols[l], dz, false, out, in);
            }
        }
    }

    /**
     * dx[r] = (sum over j of dz(r, j) * cols[j]) * (1 - a[r]^2): the delta of the tanh level below.
     *
     * @param dzFeatureMajor whether dz is [j][r] (the output level) rather than [r][j]
     */
    private static void propagate(
            float[][] dx,
            float[][] a,
            int r0,
            int r1,
            float[][] cols,
            float[][] dz,
            boolean dzFeatureMajor,
            int out,
            int in) {
        if (Mlp.VECTOR_API) {
            // the same floats as the passes below, in one (zero, products, derivative of each tile row while in L1)
            VectorKernels.propagateTanh(dx, a, r0, r1, cols, dz, dzFeatureMajor, out, in);
            return;
        }
        for (int r = r0; r < r1; r++) java.util.Arrays.fill(dx[r], 0, in, 0f);
        Mlp.accumulate(dx, r0, r1, cols, 0, out, dz, dzFeatureMajor, in);
        for (int r = r0; r < r1; r++) {
            float[] d = dx[r];
            float[] ar = a[r];
            for (int k = 0; k < in; k++) d[k] *= 1f - ar[k] * ar[k];
        }
    }

    /**
     * Adds the gradient the last {@link #backward} left in {@code scratch} to the flat gradient.
     *
     * @param grad modified at {@code base}
     */
    void addGradient(Scratch scratch, float[] grad, int base) {
        int last = layers() - 1;
        for (int l = 0; l <= last; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int wo = base + weightOffset[l];
            float[][] g = scratch.weightGrad[l];
            if (l == last) {
                for (int j = 0; j < out; j++) {
                    float[] gj = g[j];
                    for (int k = 0; k < in; k++) grad[wo + k * out + j] += gj[k];
                }
            } else {
                for (int k = 0; k < in; k++) {
                    float[] gk = g[k];
                    int o = wo + k * out;
                    for (int j = 0; j < out; j++) grad[o + j] += gk[j];
                }
            }
            float[] gb = scratch.biasGrad[l];
            int bo = base + biasOffset[l];
            for (int j = 0; j < out; j++) grad[bo + j] += gb[j];
        }
    }

    /**
     * out[j] = sum over rows [r0, r1) of dz[r][j] with the four partial sums and the final order of {@link #sum},
     * vectorized over j.
     *
     * @param partial modified: four arrays of at least n values
     */
    static void sumOverRows(float[][] dz, int r0, int r1, int n, float[][] partial, float[] out) {
        float[] p0 = partial[0];
        float[] p1 = partial[1];
        float[] p2 = partial[2];
        float[] p3 = partial[3];
        for (float[] p : partial) java.util.Arrays.fill(p, 0, n, 0f);
        int r = r0;
        for (; r + 3 < r1; r += 4) {
            float[] d0 = dz[r];
            float[] d1 = dz[r + 1];
            float[] d2 = dz[r + 2];
            float[] d3 = dz[r + 3];
            for (int j = 0; j < n; j++) {
                p0[j] += d0[j];
                p1[j] += d1[j];
                p2[j] += d2[j];
                p3[j] += d3[j];
            }
        }
        for (; r < r1; r++) {
            float[] d = dz[r];
            for (int j = 0; j < n; j++) p0[j] += d[j];
        }
        for (int j = 0; j < n; j++) out[j] = (p0[j] + p1[j]) + (p2[j] + p3[j]);
    }

    /** Sum of [from, to) with four partial sums, added in a fixed order. */
    private static float sum(float[] a, int from, int to) {
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
