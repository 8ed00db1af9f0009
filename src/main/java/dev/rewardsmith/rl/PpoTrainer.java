package dev.rewardsmith.rl;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * PPO as CleanRL's ppo.py / ppo_continuous_action.py, top to bottom: rollout, GAE, update epochs over shuffled
 * minibatches, with per-epoch metrics and 10 evaluated checkpoints. Same request, same metrics (bit for bit,
 * steps/s aside). A trainer holds no state between trainings; one instance may run several at once. The rollout
 * and GAE are {@link PpoRollouts}, the update epochs {@link Update}.
 */
public final class PpoTrainer {

    /** Evaluation episodes per checkpoint (one per copy of a fresh environment). */
    public static final int EVALUATION_EPISODES = 16;
    /** Checkpoints per training (fewer when the training has fewer epochs). */
    public static final int CHECKPOINTS = 10;

    private final int updateThreads;

    /** A trainer whose trainings run on the calling thread only (search workers run several trainings at once). */
    public PpoTrainer() {
        this(1);
    }

    /**
     * A trainer whose update passes run on {@code updateThreads} threads (1 or 2), for a training that has the
     * machine to itself. Results are deterministic for a given thread count; two threads sum the gradient over
     * two halves of each minibatch, so their float results differ slightly from one thread's.
     */
    public PpoTrainer(int updateThreads) {
        if (updateThreads < 1 || updateThreads > Update.CHUNKS) {
            throw new IllegalArgumentException("updateThreads must be in [1, " + Update.CHUNKS + "]");
        }
        this.updateThreads = updateThreads;
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
        if (updateThreads == 1) return train(request, listener, cancelled, null);
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ppo-update-helper");
            t.setDaemon(true);
            return t;
        });
        try {
            return train(request, listener, cancelled, helper);
        } finally {
            helper.shutdownNow();
        }
    }

    private TrainingResult train(
            TrainingRequest request, MetricsListener listener, BooleanSupplier cancelled, ExecutorService helper) {
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
        Update update = new Update(agent, weights, cfg, helper);
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

            rollouts.collect();
            rollouts.computeAdvantages();
            update.run(rollouts, lr, random);

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
                    lr));

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
            agent.actor.pack(agent.params, 0, actor);
            agent.critic.pack(agent.params, agent.criticOffset, critic);
        }
    }

    /** The PPO update: epochs of shuffled minibatches, each gathered into contiguous matrices. */
    static final class Update {
        /**
         * The most threads an update uses. With one, the minibatch is one chunk of rows (results bit-identical to
         * the trainer before the row-major MLP layout); with two, two fixed chunks with their own gradient
         * buffers, summed in chunk order: deterministic, but the float sums differ slightly from one thread's.
         */
        static final int CHUNKS = 2;

        private final Policy agent;
        private final PackedWeights weights;
        private final PpoConfig cfg;
        private final Adam optimizer;
        private final int mb;
        private final int[] indices;
        private final float[][][] actorActs;
        private final float[][][] criticActs;
        private final float[][][] actorDeltas;
        private final float[][][] criticDeltas;
        private final float[] mbActions;
        private final float[] mbLogProbs;
        private final float[] mbAdvantages;
        private final float[] mbReturns;
        private final float[] mbValues;
        private final float[] newLogProb;
        private final float[] entropyOut;
        private final float[] dLogProb;
        private final float[] dEntropy;
        private final float[] grad;
        private final MlpBackward.Scratch[] actorScratch;
        private final MlpBackward.Scratch[] criticScratch;
        private final Runnable[] forwardChunks;
        private final Runnable[] backwardChunks;
        /** Runs chunk 1 while the caller runs chunk 0; null to run every chunk on the caller. */
        private final ExecutorService helper;

        private final PpoLosses.RatioStats stats = new PpoLosses.RatioStats();

        double policyLoss;
        double valueLoss;
        double entropy;
        double approxKl;
        double clipFraction;

        Update(Policy agent, PackedWeights weights, PpoConfig cfg, ExecutorService helper) {
            this.agent = agent;
            this.weights = weights;
            this.helper = helper;
            this.cfg = cfg;
            this.optimizer = Adam.cleanRl(agent.params.length);
            this.mb = cfg.minibatchSize();
            this.indices = new int[cfg.batchSize()];
            for (int i = 0; i < indices.length; i++) indices[i] = i;
            actorActs = agent.actor.newActivations(mb);
            criticActs = agent.critic.newActivations(mb);
            criticActs[0] = actorActs[0];
            actorDeltas = agent.actor.newActivations(mb);
            criticDeltas = agent.critic.newActivations(mb);
            int actSize = agent.actionSpace().size();
            mbActions = new float[mb * actSize];
            mbLogProbs = new float[mb];
            mbAdvantages = new float[mb];
            mbReturns = new float[mb];
            mbValues = new float[mb];
            newLogProb = new float[mb];
            entropyOut = new float[mb];
            dLogProb = new float[mb];
            dEntropy = new float[mb];
            grad = new float[agent.params.length];
            int chunks = helper == null ? 1 : CHUNKS;
            actorScratch = new MlpBackward.Scratch[chunks];
            criticScratch = new MlpBackward.Scratch[chunks];
            forwardChunks = new Runnable[chunks];
            backwardChunks = new Runnable[chunks];
            for (int c = 0; c < chunks; c++) {
                int r0 = c * mb / chunks;
                int r1 = (c + 1) * mb / chunks;
                MlpBackward.Scratch a = agent.actor.newScratch();
                MlpBackward.Scratch v = agent.critic.newScratch();
                actorScratch[c] = a;
                criticScratch[c] = v;
                forwardChunks[c] = () -> {
                    agent.actor.forward(weights.actor, actorActs, r0, r1);
                    agent.critic.forward(weights.critic, criticActs, r0, r1);
                };
                backwardChunks[c] = () -> {
                    agent.actor.backward(weights.actor, actorActs, actorDeltas, a, r0, r1);
                    agent.critic.backward(weights.critic, criticActs, criticDeltas, v, r0, r1);
                };
            }
        }

        /**
         * Runs every chunk's pass; the chunks write disjoint rows and their own scratch. With two threads, submit
         * allocates one small task per pass (two per minibatch), nothing per row.
         */
        private void forEachChunk(Runnable[] chunks) {
            if (chunks.length == 1) {
                chunks[0].run();
                return;
            }
            Future<?> second = helper.submit(chunks[1]);
            chunks[0].run();
            try {
                second.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the PPO update", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }

        void run(PpoRollouts b, double lr, SplittableRandom random) {
            double sumPolicy = 0;
            double sumValue = 0;
            double sumEntropy = 0;
            double sumKl = 0;
            double sumClip = 0;
            int minibatches = 0;
            for (int epoch = 0; epoch < cfg.updateEpochs(); epoch++) {
                shuffle(indices, random);
                for (int start = 0; start < indices.length; start += mb) {
                    gather(b, start);
                    minibatch(lr);
                    sumPolicy += policyLoss;
                    sumValue += valueLoss;
                    sumEntropy += entropy;
                    sumKl += stats.approxKl;
                    sumClip += stats.clipFraction;
                    minibatches++;
                }
                if (cfg.targetKl() > 0 && stats.approxKl > cfg.targetKl()) break;
            }
            policyLoss = sumPolicy / minibatches;
            valueLoss = sumValue / minibatches;
            entropy = sumEntropy / minibatches;
            approxKl = sumKl / minibatches;
            clipFraction = sumClip / minibatches;
        }

        private static void shuffle(int[] a, SplittableRandom random) {
            for (int i = a.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }

        private void gather(PpoRollouts b, int start) {
            int d = b.obsSize;
            int a = b.actSize;
            float[][] x = actorActs[0];
            for (int r = 0; r < mb; r++) {
                int i = indices[start + r];
                for (int j = 0; j < d; j++) x[j][r] = b.obs[i * d + j];
                for (int k = 0; k < a; k++) mbActions[r * a + k] = b.actions[i * a + k];
                mbLogProbs[r] = b.logprobs[i];
                mbAdvantages[r] = b.advantages[i];
                mbReturns[r] = b.returns[i];
                mbValues[r] = b.values[i];
            }
        }

        /** Loss, backward pass, gradient clipping and one Adam step on the gathered minibatch. */
        private void minibatch(double lr) {
            Mlp actor = agent.actor;
            Mlp critic = agent.critic;
            float[] p = agent.params;
            forEachChunk(forwardChunks);
            float[][] out = actorActs[actor.layers()];
            float[] newValue = criticActs[critic.layers()][0];
            boolean continuous = agent.continuous();
            if (continuous) {
                DiagGaussian.evaluate(out, mb, p, agent.logStdOffset, mbActions, newLogProb, entropyOut);
            } else {
                Categorical.evaluate(out, mb, mbActions, newLogProb, entropyOut);
            }
            if (cfg.normAdv()) PpoLosses.normalizeAdvantages(mbAdvantages, mb);
            policyLoss =
                    PpoLosses.policyLoss(newLogProb, mbLogProbs, mbAdvantages, mb, cfg.clipCoef(), dLogProb, stats);
            float[] dValue = criticDeltas[critic.layers()][0];
            valueLoss = PpoLosses.valueLoss(newValue, mbValues, mbReturns, mb, cfg.clipVloss(), cfg.clipCoef(), dValue);
            double ent = 0;
            for (int i = 0; i < mb; i++) ent += entropyOut[i];
            entropy = ent / mb;

            // loss = pg_loss - ent_coef * entropy + vf_coef * v_loss
            java.util.Arrays.fill(grad, 0f);
            float vf = (float) cfg.vfCoef();
            for (int i = 0; i < mb; i++) dValue[i] *= vf;
            java.util.Arrays.fill(dEntropy, (float) (-cfg.entCoef() / mb));
            float[][] dOut = actorDeltas[actor.layers()];
            if (continuous) {
                DiagGaussian.backward(out, mb, p, agent.logStdOffset, mbActions, dLogProb, dEntropy, dOut, grad);
            } else {
                Categorical.backward(out, mb, mbActions, dLogProb, dEntropy, dOut);
            }
            forEachChunk(backwardChunks);
            for (int c = 0; c < actorScratch.length; c++) {
                actor.addGradient(actorScratch[c], grad, 0);
                critic.addGradient(criticScratch[c], grad, agent.criticOffset);
            }

            clipGradNorm(grad, cfg.maxGradNorm());
            optimizer.step(p, grad, lr);
            weights.refresh();
        }

        /** torch.nn.utils.clip_grad_norm_: scale by maxNorm / (norm + 1e-6) when that is below 1. */
        static void clipGradNorm(float[] grad, double maxNorm) {
            double sq = 0;
            for (float g : grad) sq += (double) g * g;
            double coef = maxNorm / (Math.sqrt(sq) + 1e-6);
            if (coef < 1) {
                float c = (float) coef;
                for (int i = 0; i < grad.length; i++) grad[i] *= c;
            }
        }
    }
}
