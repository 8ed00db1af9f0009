package dev.rewardsmith.reward;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Prints compile times (first compile in a fresh JVM, later uncached compiles, cache hits) and evaluations per
 * second of a compiled program beside a hand-written Java method computing the same thing. Run as a main.
 */
public final class RewardBenchmark {

    /** A cart-pole-like state view for the benchmark. */
    public static final class BenchState {
        public double cartPosition;
        public double cartVelocity;
        public double poleAngle;
        public double poleAngularVelocity;
        public double[] action = new double[2];
        public boolean terminated;
    }

    private static final String PROGRAM =
            """
            Here is an improved reward. I keep the temperatures as variables so they can be tuned.

            ```java
            double reward(BenchState s, Components c) {
                double angleTemperature = %s;
                double velocityTemperature = 0.5;
                double upright = Math.exp(-angleTemperature * s.poleAngle * s.poleAngle);
                double calm = Math.exp(-velocityTemperature * s.poleAngularVelocity * s.poleAngularVelocity);
                double centred = -0.1 * s.cartPosition * s.cartPosition;
                double effort = 0.0;
                for (int i = 0; i < s.action.length; i++) {
                    effort += s.action[i] * s.action[i];
                }
                double alive = s.terminated ? -1.0 : 0.0;
                c.put("upright", upright);
                c.put("calm", calm);
                c.put("centred", centred);
                c.put("effort", -0.01 * effort);
                c.put("alive", alive);
                return upright * calm + centred - 0.01 * effort + alive;
            }
            ```
            The upright term dominates; the effort penalty is small.
            """;

    private RewardBenchmark() {}

    static double handWritten(BenchState s, double[] c) {
        double upright = Math.exp(-4.0 * s.poleAngle * s.poleAngle);
        double calm = Math.exp(-0.5 * s.poleAngularVelocity * s.poleAngularVelocity);
        double centred = -0.1 * s.cartPosition * s.cartPosition;
        double effort = s.action[0] * s.action[0] + s.action[1] * s.action[1];
        double alive = s.terminated ? -1.0 : 0.0;
        c[0] = upright;
        c[1] = calm;
        c[2] = centred;
        c[3] = -0.01 * effort;
        c[4] = alive;
        return upright * calm + centred - 0.01 * effort + alive;
    }

    public static void main(String[] args) {
        RewardCompiler compiler = new RewardCompiler();
        long t0 = System.nanoTime();
        CompileResult first = compiler.compile(PROGRAM.formatted("4.0"), BenchState.class);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        if (!(first instanceof CompileResult.Compiled compiled)) {
            throw new IllegalStateException("benchmark program rejected: " + first);
        }
        int distinct = 300;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        t0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < distinct; i++) {
            compiler.compile(PROGRAM.formatted(Double.toString(1.0 + i * 0.01)), BenchState.class);
        }
        double uncachedMs = (System.nanoTime() - t0) / 1e6 / distinct;
        double uncachedCpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / distinct;
        int hits = 2000;
        t0 = System.nanoTime();
        for (int i = 0; i < hits; i++) {
            compiler.compile(PROGRAM.formatted("4.0"), BenchState.class);
        }
        double cachedMs = (System.nanoTime() - t0) / 1e6 / hits;
        int reworded = 300;
        t0 = System.nanoTime();
        cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reworded; i++) {
            compiler.compile("Attempt " + i + ":\n" + PROGRAM.formatted("4.0"), BenchState.class);
        }
        double rewordedMs = (System.nanoTime() - t0) / 1e6 / reworded;
        double rewordedCpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / reworded;
        String rejected = "double reward(BenchState s, Components c) {\n    System.exit(0);\n    return 0;\n}\n";
        t0 = System.nanoTime();
        for (int i = 0; i < hits; i++) {
            compiler.compile(rejected, BenchState.class);
        }
        double rejectMs = (System.nanoTime() - t0) / 1e6 / hits;
        System.out.printf("compile, first in a fresh JVM:        %8.2f ms%n", coldMs);
        System.out.printf(
                "compile, uncached (warm, %d programs): %7.3f ms wall, %7.3f ms CPU%n",
                distinct, uncachedMs, uncachedCpuMs);
        System.out.printf("compile, same text again (text cache): %7.3f ms%n", cachedMs);
        System.out.printf(
                "compile, same program, new prose:      %7.3f ms wall, %7.3f ms CPU (validate + cache)%n",
                rewordedMs, rewordedCpuMs);
        System.out.printf("reject (System.exit):                  %7.3f ms%n", rejectMs);
        System.out.printf("janino compilations: %d%n", compiler.compilations());

        RewardFunction function = compiled.reward().function();
        GuardedReward guarded = new GuardedReward(function);
        int n = 4096;
        BenchState[] states = new BenchState[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            BenchState s = new BenchState();
            s.cartPosition = random.nextGaussian();
            s.cartVelocity = random.nextGaussian();
            s.poleAngle = 0.2 * random.nextGaussian();
            s.poleAngularVelocity = random.nextGaussian();
            s.action[0] = random.nextGaussian();
            s.action[1] = random.nextGaussian();
            s.terminated = random.nextInt(100) == 0;
            states[i] = s;
        }
        double[] components = new double[5];
        double sink = 0;
        double bestCompiled = 0;
        double bestGuarded = 0;
        double bestHand = 0;
        int rounds = 2000;
        for (int repeat = 0; repeat < 5; repeat++) {
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (BenchState s : states) {
                    sink += function.evaluate(s, components);
                }
            }
            bestCompiled = Math.max(bestCompiled, (double) rounds * n / ((System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (BenchState s : states) {
                    sink += guarded.evaluate(s, components, r);
                }
            }
            bestGuarded = Math.max(bestGuarded, (double) rounds * n / ((System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (BenchState s : states) {
                    sink += handWritten(s, components);
                }
            }
            bestHand = Math.max(bestHand, (double) rounds * n / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf("evaluations/s, compiled program:       %,12.0f%n", bestCompiled);
        System.out.printf("evaluations/s, compiled + GuardedReward: %,10.0f%n", bestGuarded);
        System.out.printf("evaluations/s, hand-written Java:      %,12.0f%n", bestHand);
        System.out.printf("(checksum %.3f)%n", sink);
    }
}
