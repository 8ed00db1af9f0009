package dev.rewardsmith.search;

import java.util.OptionalDouble;

/** The numbers Eureka reports (docs/architecture.md, Search): spread over seeds, human-normalized score, correlation. */
public final class Scores {

    /** Below this |F_human - F_sparse| the human-normalized score would divide by (almost) zero. */
    public static final double HNS_MIN_DENOMINATOR = 1e-6;
    /** Averages over tasks clip the human-normalized score to [0, HNS_CLIP]. */
    public static final double HNS_CLIP = 3;

    private Scores() {}

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** The sample standard deviation (n - 1); 0 for a single value. */
    public static double sd(double[] values) {
        if (values.length < 2) return 0;
        double m = mean(values);
        double sq = 0;
        for (double v : values) sq += (v - m) * (v - m);
        return Math.sqrt(sq / (values.length - 1));
    }

    /**
     * (F_method - F_sparse) / |F_human - F_sparse|; empty when the human and sparse rewards score the same (within
     * {@link #HNS_MIN_DENOMINATOR}), where the score is undefined.
     */
    public static OptionalDouble humanNormalized(double method, double human, double sparse) {
        double denominator = Math.abs(human - sparse);
        if (!(denominator >= HNS_MIN_DENOMINATOR)) return OptionalDouble.empty();
        return OptionalDouble.of((method - sparse) / denominator);
    }

    /** The score as averages use it: clipped to [0, 3]. */
    public static double clip(double hns) {
        return Math.max(0, Math.min(HNS_CLIP, hns));
    }

    /** Pearson's correlation of paired values; empty when either side is constant or there are fewer than 2 pairs. */
    public static OptionalDouble pearson(double[] x, double[] y, int n) {
        if (n < 2) return OptionalDouble.empty();
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx <= 0 || syy <= 0) return OptionalDouble.empty();
        return OptionalDouble.of(sxy / Math.sqrt(sxx * syy));
    }
}
