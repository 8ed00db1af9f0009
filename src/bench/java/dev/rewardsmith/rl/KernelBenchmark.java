package dev.rewardsmith.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GMAC/s per CPU second of the Vector API kernels alone on the PPO update's 64x64 shapes (a minibatch of 2,048 rows
 * at CleanRL's settings): the forward pass of a tanh layer (fused, tanh included), the weight gradient (a sum over
 * rows) and the delta of a tanh level (fused, derivative included); and the tile kernel on 64 rows that stay in
 * L1, the practical peak of the machine's FMA units from Java. With the MAC count of a PPO step these give the
 * bound on steps per CPU second (bench/README.md, "Fused kernels").
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.rewardsmith.rl.KernelBenchmark [rounds]}.
 */
public final class KernelBenchmark {

    private KernelBenchmark() {}

    public static void main(String[] args) {
        if (!Mlp.VECTOR_API) throw new IllegalStateException("start java with --add-modules jdk.incubator.vector");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = 2048;
        int n = 64;
        SplittableRandom random = new SplittableRandom(1);
        float[][] x = matrix(rows, n, 1, random);
        float[][] a = matrix(rows, n, 1, random);
        float[][] dz = matrix(rows, n, 0.1, random);
        float[][] y = new float[rows][n];
        float[][] w = matrix(n, n, 0.2, random);
        float[][] g = new float[n][n];
        float[] b = matrix(1, n, 0.1, random)[0];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println(
                "MLP kernels: " + PpoTrainer.kernels() + "; GMAC/s per CPU second, " + rows + " rows, " + n + "x" + n);
        int reps = 300;
        double macs = (double) reps * rows * n * n;
        for (int round = 0; round <= rounds; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) VectorKernels.forwardTanh(y, 0, rows, w, b, x, n, n);
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                for (float[] gk : g) java.util.Arrays.fill(gk, 0f);
                VectorKernels.accumulate(g, 0, n, dz, 0, rows, x, true, n);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) VectorKernels.propagateTanh(y, a, 0, rows, w, dz, false, n, n);
            long t3 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reps * 32; i++) VectorKernels.accumulate(y, 0, 64, w, 0, n, x, false, n);
            long t4 = threads.getCurrentThreadCpuTime();
            if (round == 0) continue; // warm-up
            System.out.printf(
                    Locale.ROOT,
                    "round %d  forward+tanh %5.1f | weight gradient %5.1f | delta+derivative %5.1f | tile kernel, 64"
                            + " rows in L1 %5.1f%n",
                    round,
                    macs / (t1 - t0),
                    macs / (t2 - t1),
                    macs / (t3 - t2),
                    macs / (t4 - t3));
        }
    }

    private static float[][] matrix(int rows, int columns, double scale, SplittableRandom random) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) for (int j = 0; j < columns; j++) row[j] = (float) random.nextDouble(-scale, scale);
        return m;
    }
}
