package dev.rewardsmith.gpu;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.Policy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The device trainer's parameters in the JVM trainer's flat layout (actor | log-std for continuous actions |
 * critic; per layer the input-major weights, then the biases) and the checkpoint bytes {@link Policy#fromBytes}
 * reads, so a policy trained on the device is stored, evaluated and fine-tuned like any other.
 */
final class PolicyCodec {

    private static final int MAGIC = 0x52535031; // "RSP1", Policy's byte form
    private static final int VERSION = 1;

    final int observationSize;
    final ActionSpace actionSpace;
    final List<Integer> hidden;
    final int[] actorSizes;
    final int[] criticSizes;
    final int actorCount;
    final int logStdOffset;
    final int criticOffset;
    final int parameterCount;

    PolicyCodec(int observationSize, ActionSpace actionSpace, List<Integer> hidden) {
        this.observationSize = observationSize;
        this.actionSpace = actionSpace;
        this.hidden = List.copyOf(hidden);
        int outputs = actionSpace instanceof ActionSpace.Discrete d ? d.n() : actionSpace.size();
        actorSizes = sizes(observationSize, hidden, outputs);
        criticSizes = sizes(observationSize, hidden, 1);
        actorCount = count(actorSizes);
        logStdOffset = actorCount;
        criticOffset = actorCount + (continuous() ? actionSpace.size() : 0);
        parameterCount = criticOffset + count(criticSizes);
    }

    boolean continuous() {
        return actionSpace instanceof ActionSpace.Continuous;
    }

    int criticCount() {
        return count(criticSizes);
    }

    private static int[] sizes(int in, List<Integer> hidden, int out) {
        int[] s = new int[hidden.size() + 2];
        s[0] = in;
        for (int i = 0; i < hidden.size(); i++) s[i + 1] = hidden.get(i);
        s[s.length - 1] = out;
        return s;
    }

    private static int count(int[] sizes) {
        int c = 0;
        for (int l = 0; l + 1 < sizes.length; l++) c += sizes[l] * sizes[l + 1] + sizes[l + 1];
        return c;
    }

    /**
     * CleanRL's initialization as the JVM trainer draws it from the same generator: per network and layer an
     * orthogonal matrix (a Gaussian matrix orthonormalized by modified Gram-Schmidt, torch.nn.init.orthogonal_)
     * with gain sqrt(2), or 0.01 (actor output) and 1 (critic output); zero biases; log-std initLogStd.
     */
    float[] initial(double initLogStd, SplittableRandom random) {
        float[] p = new float[parameterCount];
        initialize(actorSizes, p, 0, 0.01, random);
        initialize(criticSizes, p, criticOffset, 1.0, random);
        for (int i = logStdOffset; i < criticOffset; i++) p[i] = (float) initLogStd;
        return p;
    }

    private static void initialize(int[] sizes, float[] p, int base, double outputGain, SplittableRandom random) {
        int layers = sizes.length - 1;
        int offset = base;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double gain = l == layers - 1 ? outputGain : Math.sqrt(2);
            double[] w = orthogonal(out, in, gain, random); // [out][in], as torch stores it
            for (int j = 0; j < out; j++) {
                for (int k = 0; k < in; k++) p[offset + k * out + j] = (float) w[j * in + k];
            }
            offset += in * out;
            for (int j = 0; j < out; j++) p[offset + j] = 0f;
            offset += out;
        }
    }

    private static double[] orthogonal(int rows, int cols, double gain, SplittableRandom random) {
        boolean tall = rows >= cols;
        int m = tall ? rows : cols;
        int n = tall ? cols : rows;
        double[][] q = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) q[j][i] = random.nextGaussian();
        }
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[k][i] * q[j][i];
                for (int i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[j][i] /= norm;
        }
        double[] w = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) w[r * cols + c] = gain * (tall ? q[c][r] : q[r][c]);
        }
        return w;
    }

    /**
     * Policy's byte form.
     *
     * @param normalizer mean[d], var[d], count; null when observations are not normalized
     */
    byte[] toBytes(float[] params, double[] normalizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(observationSize);
            if (actionSpace instanceof ActionSpace.Continuous c) {
                out.writeByte(1);
                out.writeInt(c.size());
                for (double v : c.low()) out.writeDouble(v);
                for (double v : c.high()) out.writeDouble(v);
            } else {
                out.writeByte(0);
                out.writeInt(((ActionSpace.Discrete) actionSpace).n());
            }
            out.writeInt(hidden.size());
            for (int h : hidden) out.writeInt(h);
            out.writeBoolean(normalizer != null);
            if (normalizer != null) {
                int d = observationSize;
                out.writeDouble(normalizer[2 * d]);
                for (int i = 0; i < 2 * d; i++) out.writeDouble(normalizer[i]);
            }
            out.writeInt(params.length);
            for (float v : params) out.writeFloat(v);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A policy's parameters and normalizer (as {@link #toBytes}) from its byte form, checked by Policy first. */
    record Decoded(float[] params, double[] normalizer) {}

    Decoded fromBytes(byte[] bytes) {
        Policy p = Policy.fromBytes(bytes); // validates magic, version and checksum
        if (p.observationSize() != observationSize
                || !p.actionSpace().equals(actionSpace)
                || !p.hidden().equals(hidden)) {
            throw new IllegalArgumentException("the initial policy was trained for observations of size "
                    + p.observationSize() + ", actions " + p.actionSpace() + " and hidden layers " + p.hidden()
                    + ", this training has " + observationSize + ", " + actionSpace + " and " + hidden);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.skipNBytes(12);
            if (in.readByte() == 1) {
                int d = in.readInt();
                in.skipNBytes(16L * d);
            } else {
                in.readInt();
            }
            in.skipNBytes(4L * in.readInt());
            double[] normalizer = null;
            if (in.readBoolean()) {
                int d = observationSize;
                normalizer = new double[2 * d + 1];
                normalizer[2 * d] = in.readDouble();
                for (int i = 0; i < 2 * d; i++) normalizer[i] = in.readDouble();
            }
            float[] params = new float[in.readInt()];
            for (int i = 0; i < params.length; i++) params[i] = in.readFloat();
            return new Decoded(params, normalizer);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy: truncated", e);
        }
    }
}
