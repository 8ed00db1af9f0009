package dev.rewardsmith.rl;

/** Gym's RunningMeanStd: per-dimension mean and variance merged batch by batch (Chan et al.), count from 1e-4. */
final class RunningMeanStd {

    final double[] mean;
    final double[] var;
    double count;
    private final double[] batchMean;
    private final double[] batchVar;

    RunningMeanStd(int dims) {
        mean = new double[dims];
        var = new double[dims];
        java.util.Arrays.fill(var, 1.0);
        count = 1e-4;
        batchMean = new double[dims];
        batchVar = new double[dims];
    }

    /** @param other read only: its statistics are copied into this one */
    void copyFrom(RunningMeanStd other) {
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.var, 0, var, 0, var.length);
        count = other.count;
    }

    int dims() {
        return mean.length;
    }

    /** Merges a batch of rows x dims float values ({@code [row * dims + i]}). */
    void update(float[] x, int rows) {
        int d = mean.length;
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int r = 0; r < rows; r++) s += x[r * d + i];
            double bm = s / rows;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                double dv = x[r * d + i] - bm;
                ss += dv * dv;
            }
            batchMean[i] = bm;
            batchVar[i] = ss / rows;
        }
        merge(rows);
    }

    /** Merges a batch of scalars (dims must be 1). */
    void update(double[] x, int n) {
        double s = 0;
        for (int r = 0; r < n; r++) s += x[r];
        double bm = s / n;
        double ss = 0;
        for (int r = 0; r < n; r++) ss += (x[r] - bm) * (x[r] - bm);
        batchMean[0] = bm;
        batchVar[0] = ss / n;
        merge(n);
    }

    private void merge(int batchCount) {
        double total = count + batchCount;
        for (int i = 0; i < mean.length; i++) {
            double delta = batchMean[i] - mean[i];
            double m2 = var[i] * count + batchVar[i] * batchCount + delta * delta * count * batchCount / total;
            mean[i] += delta * batchCount / total;
            var[i] = m2 / total;
        }
        count = total;
    }
}
