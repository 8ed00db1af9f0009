package dev.rewardsmith.gpu;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.Policy;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The device trainer's parameters in the JVM trainer's flat layout (actor | log-std for continuous actions |
 * critic; per layer the input-major weights, then the biases) and the checkpoint bytes {@link Policy#fromBytes}
 * reads, so a policy trained on the device is stored, evaluated and fine-tuned like any other.
 */
final class PolicyCodec {

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

    /** CleanRL's initialization, drawn by {@link Policy#initialParameters} from the same generator. */
    float[] initial(double initLogStd, SplittableRandom random) {
        return Policy.initialParameters(observationSize, actionSpace, hidden, initLogStd, random);
    }

    /**
     * Policy's byte form.
     *
     * @param normalizer mean[d], var[d], count; null when observations are not normalized
     */
    byte[] toBytes(float[] params, double[] normalizer) {
        return Policy.of(observationSize, actionSpace, hidden, params, normalizer)
                .toBytes();
    }

    /** A policy's parameters and normalizer (as {@link #toBytes}) from its byte form. */
    record Decoded(float[] params, double[] normalizer) {}

    Decoded fromBytes(byte[] bytes) {
        Policy p = Policy.fromBytes(bytes); // validates magic, version, checksum and every count
        if (p.observationSize() != observationSize
                || !p.actionSpace().equals(actionSpace)
                || !p.hidden().equals(hidden)) {
            throw new IllegalArgumentException("the initial policy was trained for observations of size "
                    + p.observationSize() + ", actions " + p.actionSpace() + " and hidden layers " + p.hidden()
                    + ", this training has " + observationSize + ", " + actionSpace + " and " + hidden);
        }
        return new Decoded(p.parameters(), p.normalizerState());
    }
}
