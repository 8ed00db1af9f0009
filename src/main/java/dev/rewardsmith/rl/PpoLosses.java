package dev.rewardsmith.rl;

/**
 * PPO's minibatch losses (CleanRL's formulas) as pure functions: each returns the loss and writes its gradient
 * with respect to the network outputs, already divided by the minibatch size.
 */
final class PpoLosses {

    private PpoLosses() {}

    /** Statistics of the last {@link #policyLoss} call. */
    static final class RatioStats {
        double approxKl;
        double clipFraction;
    }

    /**
     * Normalizes advantages to zero mean and unit (unbiased) standard deviation, plus 1e-8, as torch's std().
     *
     * @param adv modified: the first n values
     */
    static void normalizeAdvantages(float[] adv, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) mean += adv[i];
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = adv[i] - mean;
            var += d * d;
        }
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        double scale = 1.0 / (std + 1e-8);
        for (int i = 0; i < n; i++) adv[i] = (float) ((adv[i] - mean) * scale);
    }

    /**
     * Clipped surrogate: mean over i of max(-A r, -A clip(r, 1 - c, 1 + c)) with r = exp(newLogProb - oldLogProb).
     *
     * @param dNewLogProb modified: dLoss/dNewLogProb
     * @param stats modified: approx KL ((r - 1) - log r, mean) and the fraction with |r - 1| > c; allocates its row
     *     terms (the trainer calls {@link #policyLossRows} and {@link #sumPolicyLoss} on its own buffers)
     */
    static double policyLoss(
            float[] newLogProb,
            float[] oldLogProb,
            float[] adv,
            int n,
            double clip,
            float[] dNewLogProb,
            RatioStats stats) {
        // the rows' terms, then their sums in row order: the trainer's split computes exactly this, by halves
        double[] rowLoss = new double[n];
        double[] rowKl = new double[n];
        boolean[] rowClipped = new boolean[n];
        policyLossRows(newLogProb, oldLogProb, adv, n, clip, dNewLogProb, rowLoss, rowKl, rowClipped, 0, n);
        return sumPolicyLoss(rowLoss, rowKl, rowClipped, n, stats);
    }

    /**
     * {@link #policyLoss}'s work for rows [r0, r1) of n: each row's gradient and its terms of the three sums, which
     * {@link #sumPolicyLoss} adds in row order; each row's values depend on that row alone, so two threads may
     * take disjoint ranges; any split of [0, n) gives the same floats as one range.
     *
     * @param dNewLogProb modified: rows [r0, r1)
     * @param rowLoss modified: rows [r0, r1), the row's loss term
     * @param rowKl modified: rows [r0, r1), the row's approximate-KL term
     * @param rowClipped modified: rows [r0, r1), whether |r - 1| > c
     */
    static void policyLossRows(
            float[] newLogProb,
            float[] oldLogProb,
            float[] adv,
            int n,
            double clip,
            float[] dNewLogProb,
            double[] rowLoss,
            double[] rowKl,
            boolean[] rowClipped,
            int r0,
            int r1) {
        for (int i = r0; i < r1; i++) {
            double logRatio = (double) newLogProb[i] - oldLogProb[i];
            double ratio = Math.exp(logRatio);
            rowKl[i] = (ratio - 1) - logRatio;
            rowClipped[i] = Math.abs(ratio - 1) > clip;
            double a = adv[i];
            double l1 = -a * ratio;
            double l2 = -a * Math.min(Math.max(ratio, 1 - clip), 1 + clip);
            boolean inside = ratio >= 1 - clip && ratio <= 1 + clip;
            if (l1 >= l2) {
                rowLoss[i] = l1;
                dNewLogProb[i] = (float) (-a * ratio / n);
            } else {
                rowLoss[i] = l2;
                dNewLogProb[i] = inside ? (float) (-a * ratio / n) : 0f;
            }
        }
    }

    /**
     * The loss and statistics of {@link #policyLoss} from the row terms of {@link #policyLossRows}, summed in row
     * order whatever split computed them.
     *
     * @param stats modified
     */
    static double sumPolicyLoss(double[] rowLoss, double[] rowKl, boolean[] rowClipped, int n, RatioStats stats) {
        double loss = 0;
        double kl = 0;
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            kl += rowKl[i];
            if (rowClipped[i]) clipped++;
            loss += rowLoss[i];
        }
        stats.approxKl = kl / n;
        stats.clipFraction = (double) clipped / n;
        return loss / n;
    }

    /**
     * 0.5 * mean squared error of the value, or with clipping 0.5 * mean of max(unclipped, clipped) where the
     * clipped prediction is oldValue + clip(newValue - oldValue, -c, c).
     *
     * @param dNewValue modified: dLoss/dNewValue
     */
    static double valueLoss(
            float[] newValue,
            float[] oldValue,
            float[] returns,
            int n,
            boolean clipped,
            double clip,
            float[] dNewValue) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double v = newValue[i];
            double ret = returns[i];
            double unclipped = (v - ret) * (v - ret);
            if (!clipped) {
                loss += unclipped;
                dNewValue[i] = (float) ((v - ret) / n);
                continue;
            }
            double old = oldValue[i];
            double diff = v - old;
            double vClipped = old + Math.min(Math.max(diff, -clip), clip);
            double clippedLoss = (vClipped - ret) * (vClipped - ret);
            if (unclipped >= clippedLoss) {
                loss += unclipped;
                dNewValue[i] = (float) ((v - ret) / n);
            } else {
                loss += clippedLoss;
                boolean inside = diff > -clip && diff < clip;
                dNewValue[i] = inside ? (float) ((vClipped - ret) / n) : 0f;
            }
        }
        return 0.5 * loss / n;
    }
}
