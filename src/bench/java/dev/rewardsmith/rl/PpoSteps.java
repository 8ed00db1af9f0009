package dev.rewardsmith.rl;

import java.util.List;

/**
 * One CartPole training and nothing else, for counting instructions under valgrind: the difference between two
 * runs of different lengths is the cost of the extra steps, without the JVM's start-up and most of its JIT
 * compilation. Arguments: copies, steps per rollout, update epochs, minibatches, total timesteps, threads.
 * Uses only the trainer's public API, so the same class runs against an older build's classes.
 */
public final class PpoSteps {

    private PpoSteps() {}

    public static void main(String[] args) {
        PpoConfig cfg = PpoConfig.discreteDefaults().toBuilder()
                .numEnvs(Integer.parseInt(args[0]))
                .numSteps(Integer.parseInt(args[1]))
                .updateEpochs(Integer.parseInt(args[2]))
                .numMinibatches(Integer.parseInt(args[3]))
                .hidden(List.of(64, 64))
                .totalTimesteps(Long.parseLong(args[4]))
                .build();
        int threads = Integer.parseInt(args[5]);
        PpoTrainer trainer = threads == 1 ? new PpoTrainer() : new PpoTrainer(threads);
        TrainingResult r = trainer.train(
                new TrainingRequest(new BenchmarkCartPole(), PpoBenchmark.ALIVE, null, cfg, 1, null),
                MetricsListener.none(),
                () -> false);
        System.out.println(r.globalSteps() + " steps, F " + r.fitness());
    }
}
