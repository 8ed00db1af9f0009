package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/** torch.nn.init.orthogonal_: a Gaussian matrix orthonormalized (QR with a positive R diagonal), times a gain. */
final class Orthogonal {

    private Orthogonal() {}

    /** A rows x cols matrix, row-major, whose rows (or columns, whichever are fewer) are orthogonal with norm gain. */
    static double[] matrix(int rows, int cols, double gain, SplittableRandom random) {
        boolean tall = rows >= cols;
        int m = tall ? rows : cols;
        int n = tall ? cols : rows;
        // n column vectors of length m, orthonormalized by modified Gram-Schmidt (= QR with R's diagonal > 0)
        double[][] q = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) q[j][i] = random.nextGaussian();
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[p][i] * q[j][i];
                for (int i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[j][i] /= norm;
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = gain * (tall ? q[c][r] : q[r][c]);
            }
        }
        return out;
    }
}
