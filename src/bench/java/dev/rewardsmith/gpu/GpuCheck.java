package dev.rewardsmith.gpu;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import java.nio.file.Path;

/**
 * The figures of native-gpu/check.sh (docs/gpu.md). Modes:
 *
 * <ul>
 *   <li>{@code host-bench COPIES...}: rollout steps/s of the host build (no update) at each number of copies;
 *   <li>{@code device COPIES STEPS}: on the GPU, trains cartpole with COPIES copies for STEPS steps and prints
 *       steps/s and F; the same build's CPU figure (the host build, one short training); and the largest
 *       difference between the host build's and the device's states over the first 100 steps.
 * </ul>
 *
 * Each line is printed as soon as it is measured; a failing part prints its error and the others still run.
 */
public final class GpuCheck {

    public static void main(String[] args) {
        Path library = HostBackend.defaultLibrary();
        if (library == null) {
            System.out.println("host build: MISSING (target/native-gpu/librsppo.so; run the Maven build)");
            System.exit(1);
        }
        switch (args.length == 0 ? "" : args[0]) {
            case "host-bench" -> hostBench(library, args);
            case "device" -> System.exit(device(library, Integer.parseInt(args[1]), Long.parseLong(args[2])));
            default -> {
                System.out.println("usage: GpuCheck host-bench COPIES... | device COPIES STEPS");
                System.exit(2);
            }
        }
    }

    static CompiledReward humanReward(CartPoleTask task) {
        CompileResult r = new RewardCompiler().compile(task.humanReward(), task.stateType());
        return ((CompileResult.Compiled) r).reward();
    }

    static PpoConfig config(CartPoleTask task, int copies, long steps) {
        // CleanRL's CartPole settings per copy: 128 steps, 4 minibatches, 4 epochs
        return task.ppoDefaults().toBuilder()
                .numEnvs(Math.min(copies, 4096))
                .numSteps(128)
                .numMinibatches(4)
                .updateEpochs(4)
                .totalTimesteps(Math.max(steps, 128L * Math.min(copies, 4096)))
                .build();
    }

    private static void hostBench(Path library, String[] args) {
        CartPoleTask task = new CartPoleTask();
        CompiledReward reward = humanReward(task);
        System.out.println("host build of the kernels (gcc, one thread), cartpole rollout with the 64x64 policy;"
                + " load average " + loadAverage());
        for (int i = 1; i < args.length; i++) {
            int copies = Integer.parseInt(args[i]);
            PpoConfig cfg = task.ppoDefaults().toBuilder()
                    .numEnvs(Math.min(copies, 4096))
                    .numSteps(8)
                    .numMinibatches(1)
                    .totalTimesteps(8L * Math.min(copies, 4096))
                    .build();
            try (HostBackend host = new HostBackend(library)) {
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                double sps = new DeviceTrainer(host)
                        .rolloutStepsPerSecond(new DeviceTrainer.Request(task, reward, null, cfg, 1, null, copies), 2);
                // the share of a core this thread got while measuring: under load the wall figure understates the
                // kernels, the per-CPU-second figure does not (as much)
                double share = (threads.getCurrentThreadCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
                System.out.printf(
                        "copies %6d: %,.0f env steps/s wall, %,.0f per CPU-s (rollout: step, reward, policy, value)%n",
                        copies, sps, sps / Math.max(share, 1e-9));
            }
        }
    }

    private static int device(Path library, int copies, long steps) {
        CartPoleTask task = new CartPoleTask();
        CompiledReward reward = humanReward(task);
        int failures = 0;
        CudaBackend.Opened opened = CudaBackend.open(System.getProperty("rewardsmith.gpu.nvcc", "/usr/local/bin/nvcc"));
        if (opened.backend() == null) {
            System.out.println("device: none (" + opened.reason() + ")");
            return 3;
        }
        try (Backend gpu = opened.backend()) {
            System.out.println("device: " + gpu.describe());
            // the largest difference between the builds over the first 100 steps
            try (HostBackend host = new HostBackend(library)) {
                PpoConfig cfg = config(task, copies, steps);
                DeviceTrainer.Request req = new DeviceTrainer.Request(task, reward, null, cfg, 1, null, copies);
                double[][] a = new DeviceTrainer(host).envTrace(req, 100);
                double[][] b = new DeviceTrainer(gpu).envTrace(req, 100);
                double max = 0;
                for (int t = 0; t < a.length; t++) {
                    for (int i = 0; i < a[t].length; i++) max = Math.max(max, Math.abs(a[t][i] - b[t][i]));
                }
                System.out.printf("max |host - device| over the first 100 steps of %d copies: %.3g%n", copies, max);
            } catch (RuntimeException e) {
                failures++;
                System.out.println("host vs device: FAILED " + e);
            }
            try {
                PpoConfig cfg = config(task, copies, steps);
                TrainingResult result = new DeviceTrainer(gpu)
                        .train(
                                new DeviceTrainer.Request(task, reward, null, cfg, 1, null, copies),
                                new Progress(),
                                () -> false);
                System.out.printf(
                        "GPU: %d steps in %.1f s = %,.0f steps/s (checkpoint evaluations included), F = %.3f%n",
                        result.globalSteps(),
                        result.wallSeconds(),
                        result.globalSteps() / result.wallSeconds(),
                        result.fitness());
            } catch (RuntimeException e) {
                failures++;
                System.out.println("GPU training: FAILED " + e);
            }
        } catch (RuntimeException e) {
            failures++;
            System.out.println("device: FAILED " + e);
        }
        try (HostBackend host = new HostBackend(library)) {
            long cpuSteps = 128L * Math.min(copies, 4096);
            PpoConfig cfg = config(task, copies, cpuSteps);
            TrainingResult r = new DeviceTrainer(host)
                    .train(
                            new DeviceTrainer.Request(task, reward, null, cfg, 1, null, copies),
                            new Progress(),
                            () -> false);
            System.out.printf(
                    "CPU (host build, one thread, one iteration): %,.0f steps/s; load average %s%n",
                    r.globalSteps() / r.wallSeconds(), loadAverage());
        } catch (RuntimeException e) {
            failures++;
            System.out.println("CPU figure: FAILED " + e);
        }
        return failures == 0 ? 0 : 1;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static final class Progress implements MetricsListener {
        @Override
        public void onEpoch(MetricsRecord record) {}

        @Override
        public void onCheckpoint(int index, long globalStep, double fitness) {
            System.out.printf("  checkpoint %d at %d steps: F = %.3f%n", index, globalStep, fitness);
        }
    }
}
