package dev.rewardsmith.rl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * A trained agent: actor and critic MLPs, the Gaussian log-std for continuous actions and the observation
 * normalizer, with a versioned, checksummed byte form for checkpoints, fine-tuning and rollouts. Not thread-safe
 * ({@link #act} reuses scratch buffers); use one instance per thread.
 */
public final class Policy {

    private static final int MAGIC = 0x52535031; // "RSP1"
    private static final int VERSION = 1;
    static final float OBS_CLIP = 10f;

    private final int observationSize;
    private final ActionSpace actionSpace;
    private final List<Integer> hidden;
    final Mlp actor;
    final Mlp critic;
    /** actor | log-std (continuous only) | critic. */
    final float[] params;

    final int logStdOffset;
    final int criticOffset;
    /** Null when observations are not normalized. */
    final RunningMeanStd normalizer;

    private float[][][] scratch;
    private int scratchRows;

    private Policy(int observationSize, ActionSpace actionSpace, List<Integer> hidden, boolean normalize) {
        this.observationSize = observationSize;
        this.actionSpace = actionSpace;
        this.hidden = List.copyOf(hidden);
        int actorOut = actionSpace instanceof ActionSpace.Discrete d ? d.n() : actionSpace.size();
        this.actor = new Mlp(observationSize, hidden, actorOut);
        this.critic = new Mlp(observationSize, hidden, 1);
        this.logStdOffset = actor.parameterCount();
        this.criticOffset = logStdOffset + (continuous() ? actionSpace.size() : 0);
        this.params = new float[criticOffset + critic.parameterCount()];
        this.normalizer = normalize ? new RunningMeanStd(observationSize) : null;
    }

    /** A fresh CleanRL initialization: orthogonal weights, gains sqrt(2) / 0.01 (actor out) / 1 (critic out). */
    static Policy initial(
            int observationSize,
            ActionSpace actionSpace,
            List<Integer> hidden,
            boolean normalize,
            double initLogStd,
            SplittableRandom random) {
        if (observationSize < 1) throw new IllegalArgumentException("observationSize must be positive");
        Policy p = new Policy(observationSize, actionSpace, hidden, normalize);
        p.actor.initialize(p.params, 0, 0.01, random);
        p.critic.initialize(p.params, p.criticOffset, 1.0, random);
        for (int i = p.logStdOffset; i < p.criticOffset; i++) p.params[i] = (float) initLogStd;
        return p;
    }

    /**
     * The flat parameters (actor | log-std for continuous actions | critic; per layer the input-major weights,
     * then the biases) of a fresh {@link #initial} policy: what another trainer (the device's) starts from, drawn
     * from the same generator in the same order.
     */
    public static float[] initialParameters(
            int observationSize,
            ActionSpace actionSpace,
            List<Integer> hidden,
            double initLogStd,
            SplittableRandom random) {
        return initial(observationSize, actionSpace, hidden, false, initLogStd, random).params;
    }

    /**
     * A policy from flat parameters in {@link #initialParameters}'s layout and a normalizer state in
     * {@link #normalizerState}'s, e.g. one trained on the device; both arrays are copied.
     *
     * @param normalizer null when observations are not normalized
     */
    public static Policy of(
            int observationSize, ActionSpace actionSpace, List<Integer> hidden, float[] params, double[] normalizer) {
        if (observationSize < 1) throw new IllegalArgumentException("observationSize must be positive");
        Policy p = new Policy(observationSize, actionSpace, hidden, normalizer != null);
        check(params.length == p.params.length, "parameter count " + params.length + ", expected " + p.params.length);
        System.arraycopy(params, 0, p.params, 0, params.length);
        if (normalizer != null) {
            check(normalizer.length == 2 * observationSize + 1, "normalizer length " + normalizer.length);
            System.arraycopy(normalizer, 0, p.normalizer.mean, 0, observationSize);
            System.arraycopy(normalizer, observationSize, p.normalizer.var, 0, observationSize);
            p.normalizer.count = normalizer[2 * observationSize];
        }
        return p;
    }

    /** A copy of the flat parameters ({@link #initialParameters}'s layout). */
    public float[] parameters() {
        return params.clone();
    }

    /** The observation normalizer as mean[d], var[d], count; null when observations are not normalized. */
    public double[] normalizerState() {
        if (normalizer == null) return null;
        int d = observationSize;
        double[] out = new double[2 * d + 1];
        System.arraycopy(normalizer.mean, 0, out, 0, d);
        System.arraycopy(normalizer.var, 0, out, d, d);
        out[2 * d] = normalizer.count;
        return out;
    }

    public int observationSize() {
        return observationSize;
    }

    public ActionSpace actionSpace() {
        return actionSpace;
    }

    public List<Integer> hidden() {
        return hidden;
    }

    boolean continuous() {
        return actionSpace instanceof ActionSpace.Continuous;
    }

    /** An independent copy (parameters and normalizer statistics). */
    Policy copy() {
        Policy p = new Policy(observationSize, actionSpace, hidden, normalizer != null);
        System.arraycopy(params, 0, p.params, 0, params.length);
        if (normalizer != null) p.normalizer.copyFrom(normalizer);
        return p;
    }

    /**
     * The deterministic action for one raw observation: the most likely index (as a float) or the Gaussian mean
     * clipped to the bounds.
     *
     * @param obs observationSize values, not modified
     * @param action modified: actionSpace().size() values
     */
    public void act(float[] obs, float[] action) {
        if (obs.length < observationSize || action.length < actionSpace.size()) {
            throw new IllegalArgumentException(
                    "obs needs " + observationSize + " values, action " + actionSpace.size());
        }
        actBatch(obs, 1, action);
    }

    /** {@link #act} for rows observations at once ({@code [row * observationSize + j]}). */
    void actBatch(float[] rawObs, int rows, float[] actions) {
        if (scratch == null || scratchRows < rows) {
            scratch = actor.newActivations(rows);
            scratchRows = rows;
        }
        normalize(rawObs, rows, scratch[0]);
        actor.forward(params, 0, scratch, 0, rows);
        float[][] out = scratch[actor.layers()];
        if (actionSpace instanceof ActionSpace.Continuous c) {
            int d = c.size();
            for (int i = 0; i < d; i++) {
                for (int r = 0; r < rows; r++) actions[r * d + i] = out[i][r];
            }
            clipToBounds(actions, rows, c, actions);
        } else {
            Categorical.argmax(out, rows, actions);
        }
    }

    /**
     * Observation normalization as CleanRL's wrappers: (x - mean) / sqrt(var + 1e-8), clipped to +-10.
     *
     * @param raw row-major observations, read only
     * @param out modified: feature-major ({@code out[j][row]}), as the networks read them
     */
    void normalize(float[] raw, int rows, float[][] out) {
        int d = observationSize;
        for (int j = 0; j < d; j++) {
            float[] o = out[j];
            if (normalizer == null) {
                for (int r = 0; r < rows; r++) o[r] = raw[r * d + j];
                continue;
            }
            float m = (float) normalizer.mean[j];
            float inv = (float) (1 / Math.sqrt(normalizer.var[j] + 1e-8));
            for (int r = 0; r < rows; r++) {
                float v = (raw[r * d + j] - m) * inv;
                o[r] = Math.max(-OBS_CLIP, Math.min(OBS_CLIP, v));
            }
        }
    }

    static void clipToBounds(float[] values, int rows, ActionSpace.Continuous space, float[] out) {
        double[] low = space.low();
        double[] high = space.high();
        int d = low.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                out[r * d + i] = (float) Math.max(low[i], Math.min(high[i], values[r * d + i]));
            }
        }
    }

    /** The versioned, checksummed byte form read by {@link #fromBytes}. */
    public byte[] toBytes() {
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
                out.writeDouble(normalizer.count);
                for (double v : normalizer.mean) out.writeDouble(v);
                for (double v : normalizer.var) out.writeDouble(v);
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

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid policy of a known version
     */
    public static Policy fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 16) throw new IllegalArgumentException("not a policy: too short");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = 0;
        for (int i = bytes.length - 8; i < bytes.length; i++) stored = (stored << 8) | (bytes[i] & 0xff);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a policy: bad magic number");
            int version = in.readInt();
            if (version != VERSION) throw new IllegalArgumentException("unsupported policy version " + version);
            if (stored != crc.getValue()) throw new IllegalArgumentException("policy bytes are corrupt (checksum)");
            int obsSize = in.readInt();
            check(obsSize >= 1 && obsSize <= 1 << 16, "observation size " + obsSize);
            byte kind = in.readByte();
            ActionSpace space;
            if (kind == 1) {
                int d = in.readInt();
                check(d >= 1 && d <= 1 << 12, "action dimension " + d);
                double[] low = new double[d];
                double[] high = new double[d];
                for (int i = 0; i < d; i++) low[i] = in.readDouble();
                for (int i = 0; i < d; i++) high[i] = in.readDouble();
                space = new ActionSpace.Continuous(low, high);
            } else if (kind == 0) {
                int n = in.readInt();
                check(n >= 2 && n <= 1 << 16, "action count " + n);
                space = new ActionSpace.Discrete(n);
            } else {
                throw new IllegalArgumentException("unknown action space kind " + kind);
            }
            int layers = in.readInt();
            check(layers >= 1 && layers <= 4, "hidden layer count " + layers);
            List<Integer> hidden = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                int h = in.readInt();
                check(h >= 1 && h <= 1024, "hidden size " + h);
                hidden.add(h);
            }
            boolean normalize = in.readBoolean();
            Policy p = new Policy(obsSize, space, hidden, normalize);
            if (normalize) {
                p.normalizer.count = in.readDouble();
                for (int i = 0; i < obsSize; i++) p.normalizer.mean[i] = in.readDouble();
                for (int i = 0; i < obsSize; i++) p.normalizer.var[i] = in.readDouble();
            }
            int count = in.readInt();
            check(count == p.params.length, "parameter count " + count + ", expected " + p.params.length);
            for (int i = 0; i < count; i++) {
                p.params[i] = in.readFloat();
                check(Float.isFinite(p.params[i]), "non-finite parameter " + i);
            }
            check(in.available() == 0, "trailing bytes");
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy: truncated", e);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalArgumentException("invalid policy: " + what);
    }
}
