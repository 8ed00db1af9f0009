package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/** The categorical distribution over logits rows ({@code [row * n + k]}), as torch.distributions.Categorical. */
final class Categorical {

    private Categorical() {}

    /**
     * @param logProb modified: log-probability of actions[row]
     * @param entropy modified: entropy per row
     */
    static void evaluate(float[] logits, int rows, int n, float[] actions, float[] logProb, float[] entropy) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double max = logits[o];
            for (int k = 1; k < n; k++) max = Math.max(max, logits[o + k]);
            double sum = 0;
            for (int k = 0; k < n; k++) sum += Math.exp(logits[o + k] - max);
            double logZ = max + Math.log(sum);
            double h = 0;
            for (int k = 0; k < n; k++) {
                double lp = logits[o + k] - logZ;
                h -= Math.exp(lp) * lp;
            }
            logProb[r] = (float) (logits[o + (int) actions[r]] - logZ);
            entropy[r] = (float) h;
        }
    }

    /**
     * Chain rule from per-row dLoss/dLogProb and dLoss/dEntropy to dLoss/dLogits.
     *
     * @param dLogits modified
     */
    static void backward(float[] logits, int rows, int n, float[] actions, float[] dLogProb, float[] dEntropy,
            float[] dLogits) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double max = logits[o];
            for (int k = 1; k < n; k++) max = Math.max(max, logits[o + k]);
            double sum = 0;
            for (int k = 0; k < n; k++) sum += Math.exp(logits[o + k] - max);
            double logZ = max + Math.log(sum);
            double h = 0;
            for (int k = 0; k < n; k++) {
                double lp = logits[o + k] - logZ;
                h -= Math.exp(lp) * lp;
            }
            int a = (int) actions[r];
            for (int k = 0; k < n; k++) {
                double lp = logits[o + k] - logZ;
                double p = Math.exp(lp);
                // d logp(a)/d logit_k = [k == a] - p_k;  dH/d logit_k = -p_k (log p_k + H)
                double g = dLogProb[r] * ((k == a ? 1 : 0) - p) - dEntropy[r] * p * (lp + h);
                dLogits[o + k] = (float) g;
            }
        }
    }

    /** Samples one action per row by inverse CDF; returns nothing, writes actions[row]. */
    static void sample(float[] logits, int rows, int n, SplittableRandom random, float[] actions) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double max = logits[o];
            for (int k = 1; k < n; k++) max = Math.max(max, logits[o + k]);
            double sum = 0;
            for (int k = 0; k < n; k++) sum += Math.exp(logits[o + k] - max);
            double u = random.nextDouble() * sum;
            int chosen = n - 1;
            double c = 0;
            for (int k = 0; k < n; k++) {
                c += Math.exp(logits[o + k] - max);
                if (u < c) {
                    chosen = k;
                    break;
                }
            }
            actions[r] = chosen;
        }
    }

    /** The most likely action of each row (ties to the lowest index). */
    static void argmax(float[] logits, int rows, int n, float[] actions) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            int best = 0;
            for (int k = 1; k < n; k++) if (logits[o + k] > logits[o + best]) best = k;
            actions[r] = best;
        }
    }
}
