package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/**
 * The categorical distribution over feature-major logits ({@code logits[action][row]}), as
 * torch.distributions.Categorical; rows [0, rows) are used.
 */
final class Categorical {

    private Categorical() {}

    /** log of the normalizer of row r, max-shifted for stability. */
    private static double logZ(float[][] logits, int n, int r) {
        double max = logits[0][r];
        for (int k = 1; k < n; k++) max = Math.max(max, logits[k][r]);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.exp(logits[k][r] - max);
        return max + Math.log(sum);
    }

    /**
     * @param actions read: the action index per row, as a float
     * @param logProb modified: log-probability of actions[row]
     * @param entropy modified: entropy per row
     */
    static void evaluate(float[][] logits, int rows, float[] actions, float[] logProb, float[] entropy) {
        evaluate(logits, rows, actions, logProb, entropy, null, null);
    }

    /**
     * {@link #evaluate} that also keeps each row's log-normalizer and entropy in double for {@link #backward}, which
     * then skips recomputing them (the same floats: the same operations on the same inputs).
     *
     * @param logZs modified when not null: the log-normalizer per row
     * @param entropies modified when not null: the entropy per row before rounding to float
     */
    static void evaluate(
            float[][] logits,
            int rows,
            float[] actions,
            float[] logProb,
            float[] entropy,
            double[] logZs,
            double[] entropies) {
        evaluate(logits, 0, rows, actions, logProb, entropy, logZs, entropies);
    }

    /**
     * {@link #evaluate(float[][], int, float[], float[], float[], double[], double[])} of rows [r0, r1) only: each
     * row's values depend on that row alone, so two threads may evaluate disjoint ranges of one minibatch.
     */
    static void evaluate(
            float[][] logits,
            int r0,
            int r1,
            float[] actions,
            float[] logProb,
            float[] entropy,
            double[] logZs,
            double[] entropies) {
        evaluate(logits, r0, r1, actions, logProb, entropy, logZs, entropies, null);
    }

    /**
     * {@link #evaluate(float[][], int, int, float[], float[], float[], double[], double[])} that also keeps each
     * row's probabilities exp(logit - logZ), which the entropy computes, for {@link #backward} to reuse.
     *
     * @param probs modified when not null: rows [r0, r1), the probability of action k of row r at r * n + k
     */
    static void evaluate(
            float[][] logits,
            int r0,
            int r1,
            float[] actions,
            float[] logProb,
            float[] entropy,
            double[] logZs,
            double[] entropies,
            double[] probs) {
        int n = logits.length;
        for (int r = r0; r < r1; r++) {
            double logZ = logZ(logits, n, r);
            double h = entropy(logits, n, r, logZ, probs);
            logProb[r] = (float) (logits[(int) actions[r]][r] - logZ);
            entropy[r] = (float) h;
            if (logZs != null) {
                logZs[r] = logZ;
                entropies[r] = h;
            }
        }
    }

    private static double entropy(float[][] logits, int n, int r, double logZ) {
        return entropy(logits, n, r, logZ, null);
    }

    /** @param probs modified when not null: [r * n, r * n + n), each action's probability as computed here */
    private static double entropy(float[][] logits, int n, int r, double logZ, double[] probs) {
        double h = 0;
        for (int k = 0; k < n; k++) {
            double lp = logits[k][r] - logZ;
            double p = Math.exp(lp);
            if (probs != null) probs[r * n + k] = p;
            h -= p * lp;
        }
        return h;
    }

    /**
     * Chain rule from per-row dLoss/dLogProb and dLoss/dEntropy to dLoss/dLogits.
     *
     * @param dLogits modified: feature-major like the logits
     */
    static void backward(
            float[][] logits, int rows, float[] actions, float[] dLogProb, float[] dEntropy, float[][] dLogits) {
        int n = logits.length;
        for (int r = 0; r < rows; r++) {
            double logZ = logZ(logits, n, r);
            backwardRow(logits, n, r, actions, dLogProb, dEntropy, dLogits, logZ, entropy(logits, n, r, logZ), null);
        }
    }

    /** {@link #backward} with the log-normalizers and entropies that {@link #evaluate} kept for these logits. */
    static void backward(
            float[][] logits,
            int rows,
            float[] actions,
            float[] dLogProb,
            float[] dEntropy,
            float[][] dLogits,
            double[] logZs,
            double[] entropies) {
        backward(logits, 0, rows, actions, dLogProb, dEntropy, dLogits, logZs, entropies, null);
    }

    /**
     * {@link #backward(float[][], int, float[], float[], float[], float[][], double[], double[])} of rows [r0, r1)
     * only (each row's gradient depends on that row alone, so two threads may take disjoint ranges), reusing the
     * probabilities {@link #evaluate(float[][], int, int, float[], float[], float[], double[], double[],
     * double[])} kept (the same floats: the same exp of the same argument), or recomputes them when {@code probs}
     * is null.
     */
    static void backward(
            float[][] logits,
            int r0,
            int r1,
            float[] actions,
            float[] dLogProb,
            float[] dEntropy,
            float[][] dLogits,
            double[] logZs,
            double[] entropies,
            double[] probs) {
        int n = logits.length;
        for (int r = r0; r < r1; r++) {
            backwardRow(logits, n, r, actions, dLogProb, dEntropy, dLogits, logZs[r], entropies[r], probs);
        }
    }

    private static void backwardRow(
            float[][] logits,
            int n,
            int r,
            float[] actions,
            float[] dLogProb,
            float[] dEntropy,
            float[][] dLogits,
            double logZ,
            double h,
            double[] probs) {
        int a = (int) actions[r];
        for (int k = 0; k < n; k++) {
            double lp = logits[k][r] - logZ;
            double p = probs != null ? probs[r * n + k] : Math.exp(lp);
            // d logp(a)/d logit_k = [k == a] - p_k;  dH/d logit_k = -p_k (log p_k + H)
            dLogits[k][r] = (float) (dLogProb[r] * ((k == a ? 1 : 0) - p) - dEntropy[r] * p * (lp + h));
        }
    }

    /**
     * {@link #sample} then {@link #evaluate} of the sampled actions, computing each row's normalizer once (the same
     * draws and floats as the two calls).
     */
    static void sampleAndEvaluate(
            float[][] logits, int rows, SplittableRandom random, float[] actions, float[] logProb, float[] entropy) {
        int n = logits.length;
        for (int r = 0; r < rows; r++) {
            double logZ = logZ(logits, n, r);
            int chosen = draw(logits, n, r, logZ, random.nextDouble());
            actions[r] = chosen;
            logProb[r] = (float) (logits[chosen][r] - logZ);
            entropy[r] = (float) entropy(logits, n, r, logZ);
        }
    }

    /**
     * {@link #sample}'s actions and their log-probabilities, computing each row's normalizer once; the rollout
     * needs no entropy (the same draws and floats as {@link #sampleAndEvaluate} without it).
     */
    static void sampleWithLogProb(
            float[][] logits, int rows, SplittableRandom random, float[] actions, float[] logProb) {
        int n = logits.length;
        for (int r = 0; r < rows; r++) {
            double logZ = logZ(logits, n, r);
            int chosen = draw(logits, n, r, logZ, random.nextDouble());
            actions[r] = chosen;
            logProb[r] = (float) (logits[chosen][r] - logZ);
        }
    }

    private static int draw(float[][] logits, int n, int r, double logZ, double u) {
        double c = 0;
        for (int k = 0; k < n - 1; k++) {
            c += Math.exp(logits[k][r] - logZ);
            if (u < c) return k;
        }
        return n - 1;
    }

    /** @param actions modified: one sampled index per row (inverse CDF on one uniform draw) */
    static void sample(float[][] logits, int rows, SplittableRandom random, float[] actions) {
        int n = logits.length;
        for (int r = 0; r < rows; r++) actions[r] = draw(logits, n, r, logZ(logits, n, r), random.nextDouble());
    }

    /** @param actions modified: the most likely index of each row (ties to the lowest) */
    static void argmax(float[][] logits, int rows, float[] actions) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int k = 1; k < logits.length; k++) if (logits[k][r] > logits[best][r]) best = k;
            actions[r] = best;
        }
    }
}
