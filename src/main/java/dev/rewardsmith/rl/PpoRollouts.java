package dev.rewardsmith.rl;

import dev.rewardsmith.reward.GuardedReward;
import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.reward.PotentialShaping;
import dev.rewardsmith.reward.RewardFunction;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rollout phase of a {@link PpoTrainer} training: the rollout buffer and the stepping of the environment
 * copies, then GAE over the buffer, with the episode statistics of the last rollout. Storage is step-major
 * ({@code [step * numEnvs + env]}), observations are stored normalized, as the policy saw them.
 */
final class PpoRollouts {
    final int numEnvs;
    final int numSteps;
    final int obsSize;
    final int actSize;
    final Policy agent;
    final PpoTrainer.PackedWeights weights;
    final PpoConfig cfg;
    final VectorEnv env;
    final GuardedReward reward;
    final RewardFunction humanReward;
    final SplittableRandom random;
    final List<String> componentNames;
    /** The reward's potential-based shaping; null when it declares no potential. */
    private final PotentialShaping shaping;

    final float[] obs;
    final float[] actions;
    final float[] logprobs;
    final float[] rewards;
    final float[] dones;
    final float[] values;
    final float[] advantages;
    final float[] returns;

    private final float[] rawObs;
    private final float[][] nextObs;
    private final float[] nextDone;
    private final float[] nextValue;
    private final float[][][] actorActs;
    private final float[][][] criticActs;
    private final float[] sampled;
    private final float[] envActions;
    private final float[] stepLogProb;
    private final float[] stepEntropy;
    private final double[] components;
    private final double[] humanComponents;
    private final RunningMeanStd returnStats;
    private final double[] discountedReturn;
    /** Each copy's reward of the current step (the program's, plus the shaping's term) and whether it terminated. */
    private final double[] stepReward;

    private final boolean[] stepTerminated;

    long globalStep;
    private final double[] episodeReturn;
    private final int[] episodeLength;
    private final double[] componentSums;
    private double humanSum;
    private double rewardSum;
    private int finished;
    private double finishedReturn;
    private double finishedLength;
    private double finishedFitness;

    PpoRollouts(
            Environment environment,
            Policy agent,
            PpoTrainer.PackedWeights weights,
            PpoConfig cfg,
            TrainingRequest request,
            long envSeed,
            SplittableRandom random) {
        this.numEnvs = cfg.numEnvs();
        this.numSteps = cfg.numSteps();
        this.obsSize = environment.observationSize();
        this.actSize = environment.actionSpace().size();
        this.agent = agent;
        this.weights = weights;
        this.cfg = cfg;
        this.random = random;
        this.reward = new GuardedReward(request.reward());
        this.humanReward = request.humanReward();
        this.componentNames = reward.componentNames();
        this.shaping =
                request.reward().hasPotential() ? new PotentialShaping(request.reward(), numEnvs, cfg.gamma()) : null;
        int batch = cfg.batchSize();
        obs = new float[batch * obsSize];
        actions = new float[batch * actSize];
        logprobs = new float[batch];
        rewards = new float[batch];
        dones = new float[batch];
        values = new float[batch];
        advantages = new float[batch];
        returns = new float[batch];
        rawObs = new float[numEnvs * obsSize];
        nextDone = new float[numEnvs];
        nextValue = new float[numEnvs];
        actorActs = agent.actor.newActivations(numEnvs);
        criticActs = agent.critic.newActivations(numEnvs);
        nextObs = actorActs[0];
        criticActs[0] = nextObs;
        sampled = new float[numEnvs * actSize];
        envActions = new float[numEnvs * actSize];
        stepLogProb = new float[numEnvs];
        stepEntropy = new float[numEnvs];
        components = new double[reward.componentCount()];
        humanComponents = new double
                [humanReward == null ? 0 : humanReward.componentNames().size()];
        returnStats = cfg.normReward() ? new RunningMeanStd(1) : null;
        discountedReturn = new double[numEnvs];
        stepReward = new double[numEnvs];
        stepTerminated = new boolean[numEnvs];
        if (numEnvs < SPLIT_MIN_COPIES) {
            int rows = Math.min(VALUE_CHUNK, batch);
            valueActs = agent.critic.newActivations(rows);
            valueActsSecond = agent.critic.newActivations(rows);
            int half = batch / 2;
            firstValues = () -> values(valueActs, 0, half);
            secondValues = () -> values(valueActsSecond, half, batch);
        } else {
            valueActs = null;
            valueActsSecond = null;
            firstValues = null;
            secondValues = null;
        }
        episodeReturn = new double[numEnvs];
        episodeLength = new int[numEnvs];
        componentSums = new double[components.length];

        env = environment.createEnv(numEnvs, envSeed);
        try {
            env.reset(rawObs);
            if (shaping != null) {
                for (int e = 0; e < numEnvs; e++) {
                    env.loadStateView(e);
                    shaping.begin(e, env.stateView());
                }
            }
            observe();
        } catch (RuntimeException | Error e) {
            env.close();
            throw e;
        }
    }

    /** Updates the observation statistics with the raw observations and writes what the policy sees next. */
    private void observe() {
        if (agent.normalizer != null) agent.normalizer.update(rawObs, numEnvs);
        agent.normalize(rawObs, numEnvs, nextObs);
    }

    /**
     * Below this many copies a step's two forward passes are too short to hand one to a second core (a hand-off
     * costs about a microsecond; 16 rows of a 64x64 network about two). The critic's values of such a rollout are
     * computed after it instead, from the stored observations, in chunks of {@link #VALUE_CHUNK} rows, half of the
     * rollout's rows on each core when the training has two: a row's forward pass does not depend on the other
     * rows of its pass, so these are the floats of the per-step passes.
     */
    static final int SPLIT_MIN_COPIES = 16;

    /** Rows per forward pass of the critic's values after a rollout of fewer than {@link #SPLIT_MIN_COPIES}. */
    static final int VALUE_CHUNK = 256;

    private final Runnable actorStep = this::actorStep;
    private final Runnable criticStep = this::criticStep;
    private int stepBase;
    /** Activations of the values after a rollout, one set per core (null from {@link #SPLIT_MIN_COPIES} up). */
    private final float[][][] valueActs;

    private final float[][][] valueActsSecond;
    private final Runnable firstValues;
    private final Runnable secondValues;

    /**
     * One rollout of numSteps steps of every copy (CleanRL's inner loop); with a second core the critic's forward
     * pass of each step runs there while the actor's runs here, or, below {@link #SPLIT_MIN_COPIES}, the critic's
     * values of every step follow the rollout, half on each core (same floats).
     */
    void collect(SecondCore second) {
        java.util.Arrays.fill(componentSums, 0);
        humanSum = 0;
        rewardSum = 0;
        finished = 0;
        finishedReturn = 0;
        finishedLength = 0;
        finishedFitness = 0;
        boolean perStep = valueActs == null;
        for (int step = 0; step < numSteps; step++) {
            int base = step * numEnvs;
            for (int j = 0; j < obsSize; j++) {
                float[] o = nextObs[j];
                for (int e = 0; e < numEnvs; e++) obs[(base + e) * obsSize + j] = o[e];
            }
            System.arraycopy(nextDone, 0, dones, base, numEnvs);
            stepBase = base;
            if (perStep) PpoTrainer.both(second, actorStep, criticStep);
            else actorStep.run();

            env.step(envActions);
            for (int e = 0; e < numEnvs; e++) {
                env.loadStateView(e);
                Object state = env.stateView();
                stepReward[e] = reward.evaluate(state, components, globalStep + e);
                for (int c = 0; c < components.length; c++) componentSums[c] += components[c];
                if (humanReward != null) humanSum += humanReward.evaluate(state, humanComponents);
                boolean done = env.done(e);
                boolean terminated = env.terminated(e);
                if (done) {
                    finished++;
                    finishedFitness += env.episodeFitness(e);
                    if (shaping != null && !terminated) shaping.truncated(e, state);
                }
                nextDone[e] = done ? 1f : 0f;
                stepTerminated[e] = terminated;
            }
            env.autoReset(rawObs);
            if (shaping != null) shape();
            for (int e = 0; e < numEnvs; e++) {
                double r = stepReward[e];
                rewardSum += r;
                episodeReturn[e] += r;
                episodeLength[e]++;
                if (nextDone[e] != 0f) {
                    finishedReturn += episodeReturn[e];
                    finishedLength += episodeLength[e];
                    episodeReturn[e] = 0;
                    episodeLength[e] = 0;
                }
                if (returnStats != null) {
                    discountedReturn[e] = discountedReturn[e] * cfg.gamma() * (stepTerminated[e] ? 0 : 1) + r;
                }
                rewards[base + e] = (float) r;
            }
            if (returnStats != null) scaleRewards(base);
            globalStep += numEnvs;
            observe();
        }
        if (!perStep) PpoTrainer.both(second, firstValues, secondValues);
    }

    /**
     * Adds each copy's shaping term to its step's reward and to the shaping component, on the state each copy
     * shows after the auto-reset (see {@link PotentialShaping}).
     *
     * @throws NonFiniteRewardException if a term is NaN or infinite
     */
    private void shape() {
        int slot = shaping.component();
        for (int e = 0; e < numEnvs; e++) {
            env.loadStateView(e);
            double term = shaping.step(e, env.stateView(), nextDone[e] != 0f, stepTerminated[e]);
            if (!Double.isFinite(term)) {
                throw new NonFiniteRewardException(globalStep + e, shaping.componentName(), term);
            }
            componentSums[slot] += term;
            stepReward[e] += term;
        }
    }

    /**
     * The critic's values of the stored observations of rows [from, to) (step-major), in chunks.
     *
     * @param acts modified: the critic's activations for {@link #VALUE_CHUNK} rows
     */
    private void values(float[][][] acts, int from, int to) {
        Mlp critic = agent.critic;
        float[][] input = acts[0];
        float[] out = acts[critic.layers()][0];
        for (int c = from; c < to; c += VALUE_CHUNK) {
            int n = Math.min(VALUE_CHUNK, to - c);
            for (int r = 0; r < n; r++) {
                int o = (c + r) * obsSize;
                for (int j = 0; j < obsSize; j++) input[j][r] = obs[o + j];
            }
            critic.forward(weights.critic, acts, 0, n);
            System.arraycopy(out, 0, values, c, n);
        }
    }

    /** The actor's forward pass of one step, the sampled actions and their log-probabilities. */
    private void actorStep() {
        int base = stepBase;
        float[] params = agent.params;
        agent.actor.forward(weights.actor, actorActs, 0, numEnvs);
        float[][] out = actorActs[agent.actor.layers()];
        if (agent.actionSpace() instanceof ActionSpace.Continuous box) {
            DiagGaussian.sample(out, numEnvs, params, agent.logStdOffset, random, sampled);
            DiagGaussian.evaluate(out, numEnvs, params, agent.logStdOffset, sampled, stepLogProb, stepEntropy);
            Policy.clipToBounds(sampled, numEnvs, box, envActions);
        } else {
            Categorical.sampleWithLogProb(out, numEnvs, random, sampled, stepLogProb);
            System.arraycopy(sampled, 0, envActions, 0, numEnvs);
        }
        System.arraycopy(sampled, 0, actions, base * actSize, numEnvs * actSize);
        System.arraycopy(stepLogProb, 0, logprobs, base, numEnvs);
    }

    /** The critic's forward pass of one step: the values. */
    private void criticStep() {
        agent.critic.forward(weights.critic, criticActs, 0, numEnvs);
        System.arraycopy(criticActs[agent.critic.layers()][0], 0, values, stepBase, numEnvs);
    }

    /** Gym's NormalizeReward: divide by the running std of the discounted return, clip to +-10. */
    private void scaleRewards(int base) {
        returnStats.update(discountedReturn, numEnvs);
        double inv = 1 / Math.sqrt(returnStats.var[0] + 1e-8);
        for (int e = 0; e < numEnvs; e++) {
            rewards[base + e] = (float) Math.max(-10, Math.min(10, rewards[base + e] * inv));
        }
    }

    void computeAdvantages() {
        Mlp critic = agent.critic;
        critic.forward(weights.critic, criticActs, 0, numEnvs);
        System.arraycopy(criticActs[critic.layers()][0], 0, nextValue, 0, numEnvs);
        Gae.compute(
                rewards,
                values,
                dones,
                nextValue,
                nextDone,
                numSteps,
                numEnvs,
                cfg.gamma(),
                cfg.gaeLambda(),
                advantages,
                returns);
    }

    double meanEpisodicReturn() {
        return finished == 0 ? Double.NaN : finishedReturn / finished;
    }

    double meanEpisodeLength() {
        return finished == 0 ? Double.NaN : finishedLength / finished;
    }

    double meanFitness() {
        return finished == 0 ? Double.NaN : finishedFitness / finished;
    }

    double[] componentMeans() {
        double[] m = new double[componentSums.length];
        for (int c = 0; c < m.length; c++) m[c] = componentSums[c] / cfg.batchSize();
        return m;
    }

    /** The candidate reward's total, mean per transition of the epoch. */
    double meanReward() {
        return rewardSum / cfg.batchSize();
    }

    double meanHumanReward() {
        return humanReward == null ? Double.NaN : humanSum / cfg.batchSize();
    }
}
