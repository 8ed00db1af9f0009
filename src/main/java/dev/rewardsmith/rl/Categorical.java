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
        int n = logits.length;
        for (int r = 0; r < rows; r++) {
            double logZ = logZ(logits, n, r);
            double h = 0;
            for (int k = 0; k < n; k++) {
                double lp = logits[k][r] - logZ;
                h -= Math.exp(lp) * lp;
            }
            logProb[r] = (float) (logits[(int) actions[r]][r] - logZ);
            entropy[r] = (float) h;
        }
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
            double h = 0;
            for (int k = 0; k < n; k++) {
                double lp = logits[k][r] - logZ;
                h -= Math.exp(lp) * lp;
            }
            int a = (int) actions[r];
            for (int k = 0; k < n; k++) {
                double lp = logits[k][r] - logZ;
                double p = Math.exp(lp);
                // d logp(a)/d logit_k = [k == a] - p_k;  dH/d logit_k = -p_k (log p_k + H)
                dLogits[k][r] = (float) (dLogProb[r] * ((k == a ? 1 : 0) - p) - dEntropy[r] * p * (lp + h));
            }
        }
    }

    /** @param actions modified: one sampled index per row (inverse CDF on one uniform draw) */
    static void sample(float[][] logits, int rows, SplittableRandom random, float[] actions) {
        int n = logits.length;
        for (int r = 0; r < rows; r++) {
            double logZ = logZ(logits, n, r);
            double u = random.nextDouble();
            int chosen = n - 1;
            double c = 0;
            for (int k = 0; k < n - 1; k++) {
                c += Math.exp(logits[k][r] - logZ);
                if (u < c) {
                    chosen = k;
                    break;
                }
            }
            actions[r] = chosen;
        }
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
