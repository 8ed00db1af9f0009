package dev.rewardsmith.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GMAC/s per CPU second of the Vector API kernels alone on the PPO update's 64x64 shapes (a minibatch of 2,048 rows
 * at CleanRL's settings): the forward pass of a tanh layer (fused, tanh included), the weight gradient (a sum over
 * rows) and the delta of a tanh level (fused, derivative included); the tile kernel on 64 rows that stay in
 * L1, the practical peak of the machine's FMA units from Java; and twelve independent chains of vector fused
 * multiply-adds in registers, no memory at all: the FMA units' peak. With the MAC count of a PPO step these give
 * the bound on steps per CPU second (bench/README.md, "Fused kernels" and branch `kernels`).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.rewardsmith.rl.KernelBenchmark [rounds]}.
 */
public final class KernelBenchmark {

    /** Keeps the register chains' result alive. */
    private static float sink;

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
        for (int i = 0; i < 20; i++) sink += registerChains(200_000, b); // compiled before the first round
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
            long chains = 20_000_000;
            sink += registerChains(chains, b);
            long t5 = threads.getCurrentThreadCpuTime();
            if (round == 0) continue; // warm-up
            System.out.printf(
                    Locale.ROOT,
                    "round %d  forward+tanh %5.1f | weight gradient %5.1f | delta+derivative %5.1f | tile kernel, 64"
                            + " rows in L1 %5.1f | registers only %5.1f%n",
                    round,
                    macs / (t1 - t0),
                    macs / (t2 - t1),
                    macs / (t3 - t2),
                    macs / (t4 - t3),
                    chains * 12.0 * FloatVector.SPECIES_PREFERRED.length() / (t5 - t4));
        }
    }

    /**
     * {@code iterations} x 12 independent vector fused multiply-adds on registers (more chains than the FMA latency
     * times the units' throughput), returning their sum so that C2 keeps them.
     */
    private static float registerChains(long iterations, float[] seed) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        FloatVector k = FloatVector.broadcast(s, 0.999f);
        FloatVector v = FloatVector.broadcast(s, seed[0] * 1e-3f);
        FloatVector a0 = v;
        FloatVector a1 = v.add(1f);
        FloatVector a2 = v.add(2f);
        FloatVector a3 = v.add(3f);
        FloatVector a4 = v.add(4f);
        FloatVector a5 = v.add(5f);
        FloatVector a6 = v.add(6f);
        FloatVector a7 = v.add(7f);
        FloatVector a8 = v.add(8f);
        FloatVector a9 = v.add(9f);
        FloatVector a10 = v.add(10f);
        FloatVector a11 = v.add(11f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(k, v);
            a1 = a1.fma(k, v);
            a2 = a2.fma(k, v);
            a3 = a3.fma(k, v);
            a4 = a4.fma(k, v);
            a5 = a5.fma(k, v);
            a6 = a6.fma(k, v);
            a7 = a7.fma(k, v);
            a8 = a8.fma(k, v);
            a9 = a9.fma(k, v);
            a10 = a10.fma(k, v);
            a11 = a11.fma(k, v);
        }
        return a0.add(a1)
                .add(a2.add(a3))
                .add(a4.add(a5).add(a6.add(a7)))
                .add(a8.add(a9).add(a10.add(a11)))
                .reduceLanes(VectorOperators.ADD);
    }

    private static float[][] matrix(int rows, int columns, double scale, SplittableRandom random) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) for (int j = 0; j < columns; j++) row[j] = (float) random.nextDouble(-scale, scale);
        return m;
    }
}
