package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/**
 * The PPO update: epochs of shuffled minibatches, each gathered into contiguous matrices. A minibatch is one
 * hand-off that splits into an actor half (on the caller) and a critic half (on the second core, if any); between
 * two minibatches the caller only adds the halves' sums of squares into the clipping factor, and each half
 * starts with its network's Adam step of the previous minibatch (docs/architecture.md, Training).
 *
 * <p>The actor half: its Adam step and repacking, gathering its inputs, the forward pass, then for the first
 * {@link #ROWS_ON_CALLER} of the rows the distribution, the policy loss's terms and gradient and (discrete actions)
 * the distribution's backward pass; once the critic half has done the same for the other rows, the loss and
 * entropy sums in row order, then the backward pass into grad[0, criticOffset) and its sum of squares. The critic
 * half: its Adam step and repacking, gathering its inputs and the advantages (normalized there), the forward pass
 * with the value loss, the other rows' distribution, loss terms and backward pass once the actor's outputs are
 * there, then its own backward pass and sum of squares. Every row's values depend on that row alone and every sum
 * is computed by one thread in a fixed order, so the floats do not depend on the thread count. Without a second
 * core the critic half runs first, then the actor half with every row.
 */
final class PpoUpdate {
    /**
     * The share of a minibatch's rows whose distribution the caller evaluates when the critic half runs on a
     * second core: the critic's forward pass is shorter than the actor's, so the second core takes the rest.
     */
    static final double ROWS_ON_CALLER = 0.5;

    private final Policy agent;
    private final PpoTrainer.PackedWeights weights;
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
    /** Each row's policy-loss term, approximate-KL term and whether its ratio was clipped (summed in row order). */
    private final double[] rowLoss;

    private final double[] rowKl;
    private final boolean[] rowClipped;
    private final float[] grad;
    /** Each row's log-normalizer and entropy from the forward pass (discrete actions), reused backward. */
    private final double[] rowLogZ;

    private final double[] rowEntropy;
    /** Each row's action probabilities from the forward pass (discrete actions), reused backward. */
    private final double[] rowProbs;

    private final MlpBackward.Scratch actorScratch;
    private final MlpBackward.Scratch criticScratch;
    private final Runnable actorHalf = this::actorHalf;
    private final Runnable criticHalf = this::criticHalf;
    private final Runnable actorStep = this::actorStep;
    private final Runnable criticStep = this::criticStep;
    private double lr;
    /** The rollout of the running update, the first row of the current minibatch in {@link #indices}. */
    private PpoRollouts buffer;

    private int start;
    /** The distribution's rows [0, split) are evaluated by the actor half, [split, mb) by the critic half. */
    private int split;
    /** Whether the last minibatch's Adam step is still to be applied (by the halves of the next one). */
    private boolean stepPending;
    /** The last gradient's clipping factor (1 when the norm was within bounds). */
    private float gradScale = 1f;

    /** The squared norms of the actor's and the critic's parts of the last gradient ({@link #squares}). */
    private double actorSquares;

    private double criticSquares;
    /** Minibatch sequence number: the two halves' signals within one hand-off. */
    private int sequence;

    private volatile int outputsReady;
    private volatile int advantagesReady;
    private volatile int rowsDone;

    /** The actor's outputs (and gathered actions) are there. */
    private static final int OUTPUTS = 0;
    /** The normalized advantages are there. */
    private static final int ADVANTAGES = 1;
    /** The critic half's rows are done: their distribution values, loss terms and output deltas. */
    private static final int ROWS = 2;

    private volatile boolean halfFailed;

    private final PpoLosses.RatioStats stats = new PpoLosses.RatioStats();

    double policyLoss;
    double valueLoss;
    double entropy;
    double approxKl;
    double clipFraction;

    PpoUpdate(Policy agent, PpoTrainer.PackedWeights weights, PpoConfig cfg) {
        this.agent = agent;
        this.weights = weights;
        this.cfg = cfg;
        this.optimizer = Adam.cleanRl(agent.params.length);
        this.mb = cfg.minibatchSize();
        this.indices = new int[cfg.batchSize()];
        for (int i = 0; i < indices.length; i++) indices[i] = i;
        actorActs = agent.actor.newActivations(mb);
        criticActs = agent.critic.newActivations(mb);
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
        // loss = pg_loss - ent_coef * entropy + vf_coef * v_loss
        java.util.Arrays.fill(dEntropy, (float) (-cfg.entCoef() / mb));
        rowLoss = new double[mb];
        rowKl = new double[mb];
        rowClipped = new boolean[mb];
        grad = new float[agent.params.length];
        rowLogZ = new double[mb];
        rowEntropy = new double[mb];
        rowProbs = agent.continuous() ? null : new double[mb * agent.actor.outputs()];
        actorScratch = agent.actor.newScratch();
        criticScratch = agent.critic.newScratch();
    }

    /** One update (every epoch and minibatch); {@code second} null runs it on the caller alone. */
    void run(PpoRollouts b, double lr, SplittableRandom random, SecondCore second) {
        this.lr = lr;
        this.buffer = b;
        split = second == null ? mb : (int) Math.round(mb * ROWS_ON_CALLER);
        double sumPolicy = 0;
        double sumValue = 0;
        double sumEntropy = 0;
        double sumKl = 0;
        double sumClip = 0;
        int minibatches = 0;
        try {
            for (int epoch = 0; epoch < cfg.updateEpochs(); epoch++) {
                shuffle(indices, random);
                for (int first = 0; first < indices.length; first += mb) {
                    start = first;
                    minibatch(second);
                    sumPolicy += policyLoss;
                    sumValue += valueLoss;
                    sumEntropy += entropy;
                    sumKl += stats.approxKl;
                    sumClip += stats.clipFraction;
                    minibatches++;
                }
                if (cfg.targetKl() > 0 && stats.approxKl > cfg.targetKl()) break;
            }
            if (stepPending) PpoTrainer.both(second, actorStep, criticStep);
        } finally {
            stepPending = false;
            buffer = null;
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

    /** One minibatch: both halves, then the gradient norm and the start of the Adam step they apply next. */
    private void minibatch(SecondCore second) {
        sequence++;
        halfFailed = false;
        if (second == null) {
            criticHalf.run();
            actorHalf.run();
        } else {
            second.runBoth(actorHalf, criticHalf);
        }
        // torch.nn.utils.clip_grad_norm_: scale by maxNorm / (norm + 1e-6) when that is below 1
        double coef = cfg.maxGradNorm() / (Math.sqrt(actorSquares + criticSquares) + 1e-6);
        gradScale = coef < 1 ? (float) coef : 1f; // x * 1f is x: an unclipped gradient's floats are unchanged
        optimizer.advance();
        stepPending = true;
    }

    private void actorHalf() {
        try {
            if (stepPending) actorStep();
            gatherActor();
            agent.actor.forward(weights.actor, actorActs, 0, mb);
            outputsReady = sequence; // publishes the outputs and the gathered actions to the critic half
            evaluateDistribution(0, split);
            // the critic half failed: runBoth rethrows its failure
            if (split < mb && !await(ADVANTAGES)) return;
            rowsBackward(0, split);
            if (split < mb && !await(ROWS)) return;
            policyLoss = PpoLosses.sumPolicyLoss(rowLoss, rowKl, rowClipped, mb, stats);
            double ent = 0;
            for (int i = 0; i < mb; i++) ent += entropyOut[i];
            entropy = ent / mb;
            actorBackward();
        } catch (RuntimeException | Error e) {
            halfFailed = true;
            throw e;
        }
    }

    private void criticHalf() {
        try {
            if (stepPending) criticStep();
            gatherCritic();
            if (cfg.normAdv()) PpoLosses.normalizeAdvantages(mbAdvantages, mb);
            advantagesReady = sequence; // publishes the normalized advantages to the actor half
            criticForward();
            if (split < mb) {
                if (!await(OUTPUTS)) return; // the actor half failed: runBoth rethrows its failure
                evaluateDistribution(split, mb);
                rowsBackward(split, mb);
                rowsDone = sequence; // publishes these rows' values and output gradients to the actor half
            }
            criticBackward();
        } catch (RuntimeException | Error e) {
            halfFailed = true;
            throw e;
        }
    }

    /**
     * The policy loss's terms of rows [r0, r1) and their gradient (each row's depend on that row alone), and for
     * discrete actions the distribution's backward pass of these rows into the actor's output deltas. The
     * continuous log-std's gradient is a sum over every row, so {@link #actorBackward} runs that distribution's
     * backward pass whole.
     */
    private void rowsBackward(int r0, int r1) {
        if (r0 >= r1) return;
        PpoLosses.policyLossRows(
                newLogProb, mbLogProbs, mbAdvantages, mb, cfg.clipCoef(), dLogProb, rowLoss, rowKl, rowClipped, r0, r1);
        if (!agent.continuous()) {
            int out = agent.actor.layers();
            Categorical.backward(
                    actorActs[out],
                    r0,
                    r1,
                    mbActions,
                    dLogProb,
                    dEntropy,
                    actorDeltas[out],
                    rowLogZ,
                    rowEntropy,
                    rowProbs);
        }
    }

    /**
     * Waits for the other half's signal of this minibatch ({@link #OUTPUTS}, {@link #ADVANTAGES} or
     * {@link #ROWS}); false when the other half failed instead. Busy-waits, then yields, then sleeps in short naps
     * (the other thread may not be running on a loaded machine).
     */
    private boolean await(int signal) {
        long begin = 0;
        while ((signal == ROWS ? rowsDone : signal == OUTPUTS ? outputsReady : advantagesReady) != sequence) {
            if (halfFailed) return false;
            long now = System.nanoTime();
            if (begin == 0) begin = now;
            long waited = now - begin;
            if (waited < 5_000) Thread.onSpinWait();
            else if (waited < 100_000) Thread.yield();
            else java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        return true;
    }

    /** The actor's inputs of the minibatch: observations, actions, old log-probabilities. */
    private void gatherActor() {
        PpoRollouts b = buffer;
        int d = b.obsSize;
        int a = b.actSize;
        float[][] x = actorActs[0];
        for (int r = 0; r < mb; r++) {
            int i = indices[start + r];
            for (int j = 0; j < d; j++) x[j][r] = b.obs[i * d + j];
            for (int k = 0; k < a; k++) mbActions[r * a + k] = b.actions[i * a + k];
            mbLogProbs[r] = b.logprobs[i];
        }
    }

    /** The critic's inputs of the minibatch (observations, returns, old values) and the advantages. */
    private void gatherCritic() {
        PpoRollouts b = buffer;
        int d = b.obsSize;
        float[][] x = criticActs[0];
        for (int r = 0; r < mb; r++) {
            int i = indices[start + r];
            for (int j = 0; j < d; j++) x[j][r] = b.obs[i * d + j];
            mbAdvantages[r] = b.advantages[i];
            mbReturns[r] = b.returns[i];
            mbValues[r] = b.values[i];
        }
    }

    /** The distribution of rows [r0, r1) of the minibatch's actions under the actor's outputs. */
    private void evaluateDistribution(int r0, int r1) {
        if (r0 >= r1) return;
        float[][] out = actorActs[agent.actor.layers()];
        if (agent.continuous()) {
            DiagGaussian.evaluate(out, r0, r1, agent.params, agent.logStdOffset, mbActions, newLogProb, entropyOut);
        } else {
            Categorical.evaluate(out, r0, r1, mbActions, newLogProb, entropyOut, rowLogZ, rowEntropy, rowProbs);
        }
    }

    /** The critic's forward pass, the value loss and its gradient (times vf_coef). */
    private void criticForward() {
        Mlp critic = agent.critic;
        critic.forward(weights.critic, criticActs, 0, mb);
        float[] newValue = criticActs[critic.layers()][0];
        float[] dValue = criticDeltas[critic.layers()][0];
        valueLoss = PpoLosses.valueLoss(newValue, mbValues, mbReturns, mb, cfg.clipVloss(), cfg.clipCoef(), dValue);
        float vf = (float) cfg.vfCoef();
        for (int i = 0; i < mb; i++) dValue[i] *= vf;
    }

    /** The actor's part of the gradient (and the log-std's): grad[0, criticOffset). */
    private void actorBackward() {
        Mlp actor = agent.actor;
        java.util.Arrays.fill(grad, 0, agent.criticOffset, 0f);
        float[][] out = actorActs[actor.layers()];
        float[][] dOut = actorDeltas[actor.layers()];
        if (agent.continuous()) {
            DiagGaussian.backward(out, mb, agent.params, agent.logStdOffset, mbActions, dLogProb, dEntropy, dOut, grad);
        } // discrete: rowsBackward did it, by rows
        actor.backward(weights.actor, actorActs, actorDeltas, actorScratch, 0, mb);
        actor.addGradient(actorScratch, grad, 0);
        actorSquares = squares(grad, 0, agent.criticOffset);
    }

    /** The critic's part of the gradient: grad[criticOffset, end). */
    private void criticBackward() {
        Mlp critic = agent.critic;
        java.util.Arrays.fill(grad, agent.criticOffset, grad.length, 0f);
        critic.backward(weights.critic, criticActs, criticDeltas, criticScratch, 0, mb);
        critic.addGradient(criticScratch, grad, agent.criticOffset);
        criticSquares = squares(grad, agent.criticOffset, grad.length);
    }

    private void actorStep() {
        step(0, agent.criticOffset);
        weights.refreshActor();
    }

    private void criticStep() {
        step(agent.criticOffset, agent.params.length);
        weights.refreshCritic();
    }

    /** The pending Adam step of parameters [from, to), on the gradient clipped as clip_grad_norm_ does. */
    private void step(int from, int to) {
        optimizer.update(agent.params, grad, gradScale, lr, from, to);
    }

    /** torch.nn.utils.clip_grad_norm_: scale by maxNorm / (norm + 1e-6) when that is below 1. */
    static void clipGradNorm(float[] grad, double maxNorm) {
        double coef = maxNorm / (Math.sqrt(squares(grad, 0, grad.length)) + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (int i = 0; i < grad.length; i++) grad[i] *= c;
        }
    }

    /**
     * The sum of squares of [from, to) in double, in a fixed order whatever the thread count: eight partial
     * sums over the elements in turn, added pairwise. A minibatch's squared gradient norm is the actor's part
     * plus the critic's, each summed by the thread that computed it. (One sequential sum, as before, was a
     * 9,000-add dependency chain on the caller between the two halves; the partial sums round differently in
     * the last bits of a double, so a clipping factor may differ from it by one float step, rarely.)
     */
    static double squares(float[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 += (double) a[i] * a[i];
            s1 += (double) a[i + 1] * a[i + 1];
            s2 += (double) a[i + 2] * a[i + 2];
            s3 += (double) a[i + 3] * a[i + 3];
            s4 += (double) a[i + 4] * a[i + 4];
            s5 += (double) a[i + 5] * a[i + 5];
            s6 += (double) a[i + 6] * a[i + 6];
            s7 += (double) a[i + 7] * a[i + 7];
        }
        for (; i < to; i++) s0 += (double) a[i] * a[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
