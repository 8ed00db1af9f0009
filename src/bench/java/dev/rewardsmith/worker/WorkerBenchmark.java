package dev.rewardsmith.worker;

import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerTrainingQueue;
import dev.rewardsmith.work.InProcessTrainingQueue;
import dev.rewardsmith.work.MixedTrainingQueue;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Trainings on worker processes against the in-process pool (README, "Scaling out"): a cartpole search K=8 x N=3
 * with 0 (in-process pool, one training per core), 1 and 2 worker processes (each one training per core) on this
 * machine, wall time and trainings per minute; then the broker's per-job overhead: the same small training submitted
 * one at a time to a 1-thread pool and to one worker with concurrency 1, mean submit-to-result time of each and
 * the difference. Beside wall times (noise on a shared machine) it prints CPU seconds: this process's and the worker
 * processes' together, per training and per job. Needs RabbitMQ at {@link WorkerCluster#BROKER}. Arguments: [steps per search training, default
 * 20000] [jobs for the overhead, default 10].
 */
public final class WorkerBenchmark {

    private WorkerBenchmark() {}

    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 20_000;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        WorkerCluster.requireBroker();
        Task cartpole = new TaskRegistry().find("cartpole").orElseThrow();
        PpoConfig ppo = cartpole.ppoDefaults().toBuilder().totalTimesteps(steps).build();
        SearchSpec spec = new SearchSpec(
                "cartpole", ProposerKind.OFFLINE, 8, 3, 1, 0, 1, SelectionMode.FITNESS, false, null, ppo, null);
        System.out.printf(
                Locale.ROOT,
                "cartpole K=8 x N=3, %,d steps per training, %d cores (machine shared with other jobs: load %.1f)%n",
                steps,
                Runtime.getRuntime().availableProcessors(),
                load());
        for (int workers = 0; workers <= 2; workers++) {
            long start = System.nanoTime();
            double cpu = cpuSeconds(java.util.List.of());
            double cpuSpent;
            WorkerCluster.Result result;
            if (workers == 0) {
                try (InProcessTrainingQueue pool =
                        new InProcessTrainingQueue(0, new TaskRegistry(), new RewardCompiler())) {
                    result = WorkerCluster.search(spec, new MixedTrainingQueue(pool, null), SearchEvents.none());
                }
                cpuSpent = cpuSeconds(java.util.List.of()) - cpu;
            } else {
                try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                        WorkerCluster cluster = new WorkerCluster()) {
                    java.util.List<Process> spawned = new java.util.ArrayList<>();
                    for (int w = 0; w < workers; w++) {
                        spawned.add(cluster.spawn(
                                "bench-" + workers + "-" + w,
                                Runtime.getRuntime().availableProcessors(),
                                queue));
                    }
                    start = System.nanoTime(); // worker start-up excluded
                    cpu = cpuSeconds(spawned);
                    result = WorkerCluster.search(spec, queue, SearchEvents.none());
                    cpuSpent = cpuSeconds(spawned) - cpu;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long trained =
                    result.candidates().stream().filter(c -> c.attempt > 0).count();
            System.out.printf(
                    Locale.ROOT,
                    "%d worker processes: %.1f s wall, %d trainings, %.1f trainings/min, %.1f CPU s, %.2f CPU s per"
                            + " training, %s (load %.1f)%n",
                    workers,
                    seconds,
                    trained,
                    trained / seconds * 60,
                    cpuSpent,
                    cpuSpent / trained,
                    result.journal().state(result.id()).label(),
                    load());
        }

        PpoConfig small =
                cartpole.ppoDefaults().toBuilder().totalTimesteps(5_120).build();
        TrainingJob job = new TrainingJob("overhead", 1, "cartpole", cartpole.humanReward(), null, small, 3, null);
        double local;
        double localCpu;
        try (InProcessTrainingQueue pool = new InProcessTrainingQueue(1, new TaskRegistry(), new RewardCompiler())) {
            meanOf(pool, job, 3); // warm-up
            double cpu = cpuSeconds(java.util.List.of());
            local = meanOf(pool, job, jobs);
            localCpu = (cpuSeconds(java.util.List.of()) - cpu) * 1000 / jobs;
        }
        double broker;
        double brokerCpu;
        try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                WorkerCluster cluster = new WorkerCluster()) {
            Process worker = cluster.spawn("bench-overhead", 1, queue);
            meanOf(queue, job, 3); // the worker's JIT warms up
            double cpu = cpuSeconds(java.util.List.of(worker));
            broker = meanOf(queue, job, jobs);
            brokerCpu = (cpuSeconds(java.util.List.of(worker)) - cpu) * 1000 / jobs;
        }
        System.out.printf(
                Locale.ROOT,
                "one training of %,d steps (%d epochs), submit to result, mean of %d: in process %.1f ms, over the"
                        + " broker %.1f ms, broker overhead %.1f ms per job; CPU per job (server and worker): in process"
                        + " %.1f ms, over the broker %.1f ms, overhead %.1f CPU ms per job (load %.1f)%n",
                small.totalTimesteps(),
                small.numIterations(),
                jobs,
                local,
                broker,
                broker - local,
                localCpu,
                brokerCpu,
                brokerCpu - localCpu,
                load());
    }

    /** CPU seconds used so far by this process and the given worker processes. */
    private static double cpuSeconds(java.util.List<Process> workers) {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double total = os.getProcessCpuTime() / 1e9;
        for (Process p : workers) {
            total += p.info()
                            .totalCpuDuration()
                            .orElseThrow(() -> new IllegalStateException("no CPU time of worker " + p.pid()))
                            .toNanos()
                    / 1e9;
        }
        return total;
    }

    private static double meanOf(TrainingQueue queue, TrainingJob job, int n) throws Exception {
        long total = 0;
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long start = System.nanoTime();
            queue.submit(job, new TrainingQueue.Listener() {
                @Override
                public void event(TrainingEvent event) {
                    if (event instanceof TrainingEvent.Finished) done.complete(null);
                }

                @Override
                public void failed(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            done.get();
            total += System.nanoTime() - start;
        }
        return total / 1e6 / n;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
