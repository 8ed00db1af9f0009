package dev.rewardsmith.rl;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * PPO as CleanRL's ppo.py / ppo_continuous_action.py, top to bottom: rollout, GAE, update epochs over shuffled
 * minibatches, with per-epoch metrics and 10 evaluated checkpoints. Same request, same metrics (bit for bit,
 * steps/s aside). A trainer holds no state between trainings; one instance may run several at once. The rollout
 * and GAE are {@link PpoRollouts}, the update epochs {@link PpoUpdate}.
 */
public final class PpoTrainer {

    /** Evaluation episodes per checkpoint (one per copy of a fresh environment). */
    public static final int EVALUATION_EPISODES = 16;
    /** Checkpoints per training (fewer when the training has fewer epochs). */
    public static final int CHECKPOINTS = 10;

    private final SpareCores cores;

    /** A trainer whose trainings run on the calling thread only. */
    public PpoTrainer() {
        this(SpareCores.NONE);
    }

    /**
     * A trainer whose trainings always run on {@code threads} threads (1 or 2), for a training that has the
     * machine to itself (a benchmark). The floats do not depend on the thread count.
     */
    public PpoTrainer(int threads) {
        this(checkThreads(threads) == 1 ? SpareCores.NONE : SpareCores.ALWAYS);
    }

    /**
     * A trainer whose trainings borrow a second core from {@code cores} when it has one idle, asked before every
     * iteration (the training pool decides, docs/architecture.md, Training). With a second core the actor's
     * passes run on the training's thread and the critic's on the second one, in the rollout and in the update;
     * each network's floats are computed exactly as on one thread, so a training gives the same floats, bit for
     * bit, whatever it was lent and when.
     */
    public PpoTrainer(SpareCores cores) {
        this.cores = java.util.Objects.requireNonNull(cores);
    }

    private static int checkThreads(int threads) {
        if (threads < 1 || threads > 2) throw new IllegalArgumentException("threads must be 1 or 2");
        return threads;
    }

    /**
     * Which MLP kernels this JVM runs: the Vector API ones when it was started with
     * {@code --add-modules jdk.incubator.vector} (about 2.5x the steps per second), else the auto-vectorized
     * scalar loops; both give the same floats.
     */
    public static String kernels() {
        return Mlp.VECTOR_API
                ? "Vector API, " + VectorKernels.describe()
                : "scalar loops (start java with --add-modules jdk.incubator.vector for the Vector API kernels)";
    }

    /** Whether {@link #kernels()} are the Vector API ones. */
    public static boolean vectorKernels() {
        return Mlp.VECTOR_API;
    }

    public TrainingResult train(TrainingRequest request, MetricsListener listener, BooleanSupplier cancelled) {
        Lease lease = new Lease(cores);
        try {
            return train(request, listener, cancelled, lease);
        } finally {
            lease.close();
        }
    }

    /**
     * The second core of one training: taken and given back between iterations, its thread kept meanwhile. A core
     * the pool lends may still be busy with another process; so the lease times its iterations with and without
     * the second core and stops using it (for {@link #REST} iterations) when it does not make an iteration at
     * least {@link #GAIN} faster. While it pays, the interval between two measurements without it doubles, up to
     * {@link #MAX_INTERVAL} iterations (each measurement runs at one core's speed), and a measurement comes early when an
     * iteration with the core takes {@link #SLOWER} times as long per step as when it last paid. Timing decides
     * only which thread runs what, never the floats. The lease also holds the training's environment and closes
     * it with the core when the training ends, however it ends (a MuJoCo task's env frees its native batch there).
     */
    private static final class Lease {
        /** The time per step with the second core must be below this fraction of the time without. */
        static final double GAIN = 0.9;
        /**
         * Iterations without the second core after it did not pay; the interval between measurements starts here
         * and doubles each time the core pays.
         */
        static final int REST = 16;
        /** The longest interval between two measurements without the second core while it pays. */
        static final int MAX_INTERVAL = 128;
        /** An iteration with the second core this much slower per step than when it last paid measures again. */
        static final double SLOWER = 1.25;

        private final SpareCores cores;
        private boolean held;
        private SecondCore thread;
        private int iteration;
        private int restUntil;
        private int probeAt;
        private double soloNanos = Double.NaN;
        private double pairNanos = Double.NaN;
        private int interval = REST;
        /** The time per step with the second core when it last paid (NaN before). */
        private double paidNanos = Double.NaN;

        private boolean used;
        private long started;
        private VectorEnv env;

        Lease(SpareCores cores) {
            this.cores = cores;
        }

        /** The second core for the next iteration, or null to run it on the caller alone. */
        SecondCore next() {
            iteration++;
            if (held && cores.wanted()) {
                cores.giveBack();
                held = false;
            } else if (!held && cores.tryTake()) {
                held = true;
            }
            // iteration 1 pays for the JIT: measure from the second one on; the iteration at probeAt runs alone to
            // measure the time without
            used = held && iteration >= restUntil && iteration != probeAt;
            started = System.nanoTime();
            if (!used) return null;
            if (thread == null) thread = new SecondCore("ppo-second-core");
            return thread;
        }

        /** Records the iteration just run ({@code steps} environment steps). */
        void finished(long steps) {
            if (!held || iteration == 1) return;
            double nanos = (double) (System.nanoTime() - started) / steps;
            if (used) pairNanos = nanos;
            else soloNanos = nanos;
            if (Double.isNaN(soloNanos)) {
                if (probeAt <= iteration) probeAt = iteration + 1;
                else if (used && pairNanos > SLOWER * paidNanos) probeAt = iteration + 1;
            } else if (!Double.isNaN(pairNanos) && used) {
                if (pairNanos > GAIN * soloNanos) {
                    restUntil = iteration + 1 + REST;
                    interval = REST;
                    paidNanos = Double.NaN;
                } else {
                    paidNanos = pairNanos;
                    interval = Math.min(2 * interval, MAX_INTERVAL);
                }
                probeAt = iteration + interval;
                soloNanos = Double.NaN;
                pairNanos = Double.NaN;
            }
        }

        void close() {
            if (held) cores.giveBack();
            held = false;
            if (thread != null) thread.close();
            if (env != null) env.close();
        }
    }

    private TrainingResult train(
            TrainingRequest request, MetricsListener listener, BooleanSupplier cancelled, Lease lease) {
        long start = System.nanoTime();
        PpoConfig cfg = request.config();
        Environment environment = request.environment();
        SplittableRandom root = new SplittableRandom(request.seed());
        SplittableRandom initRandom = root.split();
        SplittableRandom random = root.split();
        long envSeed = root.nextLong();
        long evaluationSeed = root.nextLong();

        Policy agent = initialPolicy(request, initRandom);
        PackedWeights weights = new PackedWeights(agent);
        PpoRollouts rollouts = new PpoRollouts(environment, agent, weights, cfg, request, envSeed, random);
        lease.env = rollouts.env;
        PpoUpdate update = new PpoUpdate(agent, weights, cfg);
        int iterations = cfg.numIterations();
        int checkpoints = Math.min(CHECKPOINTS, iterations);
        double[] checkpointFitness = new double[checkpoints];
        int nextCheckpoint = 0;
        int best = -1;
        byte[] bestPolicy = null;

        for (int iteration = 1; iteration <= iterations; iteration++) {
            if (cancelled.getAsBoolean()) throw new TrainingCancelledException(iteration - 1);
            double frac = 1.0 - (iteration - 1.0) / iterations;
            double lr = cfg.annealLr() ? frac * cfg.learningRate() : cfg.learningRate();

            SecondCore second = lease.next();
            rollouts.collect(second);
            rollouts.computeAdvantages();
            update.run(rollouts, lr, random, second);
            lease.finished(cfg.batchSize());

            double seconds = (System.nanoTime() - start) / 1e9;
            listener.onEpoch(new MetricsRecord(
                    iteration,
                    rollouts.globalStep,
                    rollouts.globalStep / seconds,
                    rollouts.meanEpisodicReturn(),
                    rollouts.meanEpisodeLength(),
                    rollouts.meanFitness(),
                    rollouts.componentNames,
                    rollouts.componentMeans(),
                    rollouts.meanHumanReward(),
                    update.policyLoss,
                    update.valueLoss,
                    update.entropy,
                    update.approxKl,
                    update.clipFraction,
                    lr,
                    rollouts.meanReward()));

            if (nextCheckpoint < checkpoints
                    && iteration == (int) ((long) (nextCheckpoint + 1) * iterations / checkpoints)) {
                Policy snapshot = agent.copy();
                double f = PolicyEvaluation.fitness(
                        snapshot,
                        environment,
                        EVALUATION_EPISODES,
                        evaluationSeed + nextCheckpoint * 0x9E3779B97F4A7C15L);
                checkpointFitness[nextCheckpoint] = f;
                if (best < 0 || f > checkpointFitness[best]) {
                    best = nextCheckpoint;
                    bestPolicy = snapshot.toBytes();
                }
                listener.onCheckpoint(nextCheckpoint, rollouts.globalStep, f);
                nextCheckpoint++;
            }
        }
        return new TrainingResult(
                checkpointFitness[best],
                checkpointFitness,
                best,
                bestPolicy,
                rollouts.globalStep,
                (System.nanoTime() - start) / 1e9);
    }

    private static Policy initialPolicy(TrainingRequest request, SplittableRandom random) {
        Environment env = request.environment();
        PpoConfig cfg = request.config();
        byte[] initial = request.initialPolicy();
        if (initial == null) {
            return Policy.initial(
                    env.observationSize(), env.actionSpace(), cfg.hidden(), cfg.normObs(), cfg.initLogStd(), random);
        }
        Policy p = Policy.fromBytes(initial);
        if (p.observationSize() != env.observationSize() || !p.actionSpace().equals(env.actionSpace())) {
            throw new IllegalArgumentException("the initial policy was trained for observations of size "
                    + p.observationSize() + " and actions " + p.actionSpace() + ", the environment has "
                    + env.observationSize() + " and " + env.actionSpace());
        }
        return p;
    }

    /**
     * The agent's actor and critic weights in the MLP kernels' layout, shared by the rollout and the update;
     * {@link #refresh} after every change of the parameters.
     */
    static final class PackedWeights {
        final Policy agent;
        final Mlp.Weights actor;
        final Mlp.Weights critic;

        PackedWeights(Policy agent) {
            this.agent = agent;
            this.actor = agent.actor.newWeights();
            this.critic = agent.critic.newWeights();
            refresh();
        }

        void refresh() {
            refreshActor();
            refreshCritic();
        }

        void refreshActor() {
            agent.actor.pack(agent.params, 0, actor);
        }

        void refreshCritic() {
            agent.critic.pack(agent.params, agent.criticOffset, critic);
        }
    }

    /**
     * Runs {@code mine} then {@code theirs} on the caller, or both at once when the training has a second core;
     * they write disjoint memory, so the floats are the same either way.
     */
    static void both(SecondCore second, Runnable mine, Runnable theirs) {
        if (second == null) {
            mine.run();
            theirs.run();
        } else {
            second.runBoth(mine, theirs);
        }
    }
}
