package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/**
 * A diagonal Gaussian with feature-major means ({@code mean[dim][row]}) and one state-independent log-std
 * vector; actions are row-major ({@code actions[row * dims + dim]}), as the environment takes them.
 */
final class DiagGaussian {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private DiagGaussian() {}

    /**
     * @param logStd dims values at logStdOffset
     * @param logProb modified: sum over dimensions of the log-density of the row's action
     * @param entropy modified: the entropy (the same for every row)
     */
    static void evaluate(
            float[][] mean,
            int rows,
            float[] logStd,
            int logStdOffset,
            float[] actions,
            float[] logProb,
            float[] entropy) {
        evaluate(mean, 0, rows, logStd, logStdOffset, actions, logProb, entropy);
    }

    /**
     * {@link #evaluate(float[][], int, float[], int, float[], float[], float[])} of rows [r0, r1) only: each row's
     * values depend on that row alone, so two threads may evaluate disjoint ranges of one minibatch.
     */
    static void evaluate(
            float[][] mean,
            int r0,
            int r1,
            float[] logStd,
            int logStdOffset,
            float[] actions,
            float[] logProb,
            float[] entropy) {
        int d = mean.length;
        double h = 0;
        for (int i = 0; i < d; i++) h += logStd[logStdOffset + i] + 0.5 + HALF_LOG_2PI;
        for (int r = r0; r < r1; r++) {
            double lp = 0;
            for (int i = 0; i < d; i++) {
                double ls = logStd[logStdOffset + i];
                double z = (actions[r * d + i] - mean[i][r]) * Math.exp(-ls);
                lp += -0.5 * z * z - ls - HALF_LOG_2PI;
            }
            logProb[r] = (float) lp;
            entropy[r] = (float) h;
        }
    }

    /**
     * Chain rule from per-row dLoss/dLogProb and dLoss/dEntropy to the means and the log-std.
     *
     * @param dMean modified: dLoss/dMean, feature-major
     * @param grad modified: dLoss/dLogStd is added at logStdOffset
     */
    static void backward(
            float[][] mean,
            int rows,
            float[] logStd,
            int logStdOffset,
            float[] actions,
            float[] dLogProb,
            float[] dEntropy,
            float[][] dMean,
            float[] grad) {
        int d = mean.length;
        for (int i = 0; i < d; i++) {
            double invVar = Math.exp(-2.0 * logStd[logStdOffset + i]);
            double gLogStd = 0;
            for (int r = 0; r < rows; r++) {
                double diff = actions[r * d + i] - mean[i][r];
                // d logp/d mean = diff / var;  d logp/d logstd = diff^2 / var - 1;  dH/d logstd = 1
                dMean[i][r] = (float) (dLogProb[r] * diff * invVar);
                gLogStd += dLogProb[r] * (diff * diff * invVar - 1) + dEntropy[r];
            }
            grad[logStdOffset + i] += (float) gLogStd;
        }
    }

    /** @param actions modified: mean + std * N(0, 1), row-major */
    static void sample(
            float[][] mean, int rows, float[] logStd, int logStdOffset, SplittableRandom random, float[] actions) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                double std = Math.exp(logStd[logStdOffset + i]);
                actions[r * d + i] = (float) (mean[i][r] + std * random.nextGaussian());
            }
        }
    }
}
