package dev.rewardsmith.gpu;

import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.Policy;
import dev.rewardsmith.rl.PolicyEvaluation;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingCancelledException;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.Task;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One training's device state (docs/gpu.md): the buffers of every copy, the kernels of an iteration in order, and
 * the host loop that reads metrics and checkpoints back. {@link DeviceTrainer} owns the backend and runs one at a
 * time; the caller's {@link DeviceBuffers} hold every buffer and free them, also when this constructor fails.
 */
final class DeviceRun {
    private final Backend backend;
    private final DeviceBuffers buffers;
    final DeviceTrainer.Request req;
    final Task task;
    final DeviceTask dt;
    final PpoConfig cfg;
    final PolicyCodec codec;
    final int n;
    final int numSteps;
    final int batch;
    final int mb;
    final int d;
    final int a;
    final int outs;
    final int components;
    final boolean continuous;
    final long evaluationSeed;

    final Backend.Buffer sizesA;
    final Backend.Buffer sizesC;
    final Backend.Buffer params;
    final Backend.Buffer grad;
    final Backend.Buffer adamM;
    final Backend.Buffer adamV;
    final Backend.Buffer adam;
    final Backend.Buffer rng;
    final Backend.Buffer state;
    final Backend.Buffer steps;
    final Backend.Buffer term;
    final Backend.Buffer done;
    final Backend.Buffer aux;
    final Backend.Buffer fitness;
    final Backend.Buffer offsets;
    final Backend.Buffer rawObs;
    final Backend.Buffer nextX;
    final Backend.Buffer rmsObs;
    final Backend.Buffer batchObs;
    final Backend.Buffer obs;
    final Backend.Buffer actions;
    final Backend.Buffer logprobs;
    final Backend.Buffer rewards;
    final Backend.Buffer dones;
    final Backend.Buffer values;
    final Backend.Buffer advantages;
    final Backend.Buffer returns;
    final Backend.Buffer envActions;
    final Backend.Buffer low;
    final Backend.Buffer high;
    final Backend.Buffer hiddenA;
    final Backend.Buffer outA;
    final Backend.Buffer hiddenC;
    final Backend.Buffer nextDone;
    final Backend.Buffer nextValue;
    final Backend.Buffer r;
    final Backend.Buffer comps;
    final Backend.Buffer human;
    final Backend.Buffer badStep;
    final Backend.Buffer badComp;
    final Backend.Buffer badValue;
    final Backend.Buffer episodeReturn;
    final Backend.Buffer episodeLength;
    final Backend.Buffer fin;
    final Backend.Buffer compSum;
    final Backend.Buffer humanSum;
    final Backend.Buffer discounted;
    final Backend.Buffer rmsRet;
    final Backend.Buffer batchRet;
    final Backend.Buffer summary;
    final Backend.Buffer bad;
    final Backend.Buffer badOut;
    final Backend.Buffer idx;
    final Backend.Buffer mbX;
    final Backend.Buffer mbAct;
    final Backend.Buffer mbLogp;
    final Backend.Buffer mbAdv;
    final Backend.Buffer mbRet;
    final Backend.Buffer mbVal;
    final Backend.Buffer hiddenAmb;
    final Backend.Buffer outAmb;
    final Backend.Buffer hiddenCmb;
    final Backend.Buffer outCmb;
    final Backend.Buffer deltasA;
    final Backend.Buffer deltasC;
    final Backend.Buffer dOut;
    final Backend.Buffer dValue;
    final Backend.Buffer rowStats;
    final Backend.Buffer logStdTerms;
    final Backend.Buffer metrics;

    long globalStep;

    DeviceRun(Backend backend, DeviceBuffers buffers, DeviceTrainer.Request req) {
        this.backend = backend;
        this.buffers = buffers;
        this.req = req;
        this.task = req.task();
        this.dt = DeviceTask.of(task.stateType())
                .orElseThrow(() -> new IllegalArgumentException(DeviceTrainer.unsupportedReason(task)));
        this.cfg = req.config();
        this.n = req.numEnvs();
        this.numSteps = cfg.numSteps();
        this.batch = n * numSteps;
        this.mb = batch / cfg.numMinibatches();
        this.d = task.observationSize();
        ActionSpace space = task.actionSpace();
        this.a = space.size();
        this.continuous = space instanceof ActionSpace.Continuous;
        this.codec = new PolicyCodec(d, space, cfg.hidden());
        this.outs = codec.actorSizes[codec.actorSizes.length - 1];
        this.components = req.reward().componentNames().size();

        // the JVM trainer's generators: root -> (initialization, sampling), environment seed, evaluation seed
        SplittableRandom root = new SplittableRandom(req.seed());
        SplitMix rootMix = SplitMix.of(req.seed());
        SplittableRandom initRandom = root.split();
        rootMix.split();
        root.split();
        SplitMix sampling = rootMix.split();
        long envSeed = root.nextLong();
        rootMix.nextLong();
        this.evaluationSeed = root.nextLong();

        float[] initialParams;
        double[] normalizer = null;
        if (req.initialPolicy() == null) {
            initialParams = codec.initial(cfg.initLogStd(), initRandom);
        } else {
            PolicyCodec.Decoded decoded = codec.fromBytes(req.initialPolicy());
            initialParams = decoded.params();
            normalizer = decoded.normalizer();
        }

        sizesA = buffers.ints(codec.actorSizes);
        sizesC = buffers.ints(codec.criticSizes);
        int p = codec.parameterCount;
        params = buffers.floats(p);
        backend.upload(params, 0, initialParams);
        grad = buffers.floats(p);
        adamM = buffers.floats(p);
        adamV = buffers.floats(p);
        adam = buffers.doubles(3);
        rng = buffers.own(6 * 8L);
        backend.upload(rng, 0, new long[] {envSeed, SplitMix.GOLDEN_GAMMA, 0, sampling.seed, sampling.gamma, 0});

        state = buffers.doubles((long) dt.stateFields * n);
        steps = buffers.intsZero(n);
        term = buffers.intsZero(n);
        done = buffers.intsZero(n);
        aux = buffers.intsZero(n);
        fitness = buffers.doubles(n);
        offsets = buffers.own(8L * n);
        rawObs = buffers.floats((long) n * d);
        nextX = buffers.floats((long) n * d);
        rmsObs = buffers.doubles(2L * d + 1);
        double[] rms = new double[2 * d + 1];
        java.util.Arrays.fill(rms, d, 2 * d, 1.0);
        rms[2 * d] = 1e-4;
        if (normalizer != null && cfg.normObs()) rms = normalizer;
        backend.upload(rmsObs, 0, rms);
        batchObs = buffers.doubles(2L * d);

        obs = buffers.floats((long) batch * d);
        actions = buffers.floats((long) batch * a);
        logprobs = buffers.floats(batch);
        rewards = buffers.floats(batch);
        dones = buffers.floats(batch);
        values = buffers.floats(batch);
        advantages = buffers.floats(batch);
        returns = buffers.floats(batch);
        envActions = buffers.floats((long) n * a);
        low = buffers.doubles(a);
        high = buffers.doubles(a);
        if (space instanceof ActionSpace.Continuous c) {
            backend.upload(low, 0, c.low());
            backend.upload(high, 0, c.high());
        }
        long hiddenWidth = cfg.hidden().stream().mapToLong(Integer::longValue).sum();
        hiddenA = buffers.floats(hiddenWidth * n);
        outA = buffers.floats((long) n * outs);
        hiddenC = buffers.floats(hiddenWidth * n);
        nextDone = buffers.floats(n);
        nextValue = buffers.floats(n);

        r = buffers.doubles(n);
        comps = buffers.doubles((long) Math.max(1, components) * n);
        human = buffers.doubles(n);
        badStep = buffers.own(8L * n);
        long[] none = new long[n];
        java.util.Arrays.fill(none, -1);
        backend.upload(badStep, 0, none);
        badComp = buffers.intsZero(n);
        badValue = buffers.doubles(n);
        episodeReturn = buffers.doubles(n);
        episodeLength = buffers.intsZero(n);
        fin = buffers.doubles(4L * n);
        compSum = buffers.doubles((long) Math.max(1, components) * n);
        humanSum = buffers.doubles(n);
        discounted = buffers.doubles(n);
        rmsRet = buffers.doubles(3);
        backend.upload(rmsRet, 0, new double[] {0, 1, 1e-4});
        batchRet = buffers.doubles(2);
        summary = buffers.doubles(5L + components);
        bad = buffers.own(16);
        badOut = buffers.doubles(1);

        idx = buffers.intsZero(batch);
        backend.launch("iota", batch, (long) batch, idx);
        mbX = buffers.floats((long) mb * d);
        mbAct = buffers.floats((long) mb * a);
        mbLogp = buffers.floats(mb);
        mbAdv = buffers.floats(mb);
        mbRet = buffers.floats(mb);
        mbVal = buffers.floats(mb);
        hiddenAmb = buffers.floats(hiddenWidth * mb);
        outAmb = buffers.floats((long) mb * outs);
        hiddenCmb = buffers.floats(hiddenWidth * mb);
        outCmb = buffers.floats(mb);
        deltasA = buffers.floats(hiddenWidth * mb);
        deltasC = buffers.floats(hiddenWidth * mb);
        dOut = buffers.floats((long) mb * outs);
        dValue = buffers.floats(mb);
        rowStats = buffers.doubles(5L * mb);
        logStdTerms = buffers.doubles((long) a * mb);
        metrics = buffers.doubles(7);

        backend.loadRewardModule(RewardModule.source(dt, req.reward(), req.humanReward()));

        // the first reset: every copy is "done"
        int[] all = new int[n];
        java.util.Arrays.fill(all, 1);
        backend.upload(done, 0, all);
        resetAndObserve();
    }

    private void resetAndObserve() {
        backend.launch("env_plan_resets", 1, (long) n, dt.resetDraws, done, offsets, rng);
        backend.launch("env_reset_" + dt.kernel, n, (long) n, state, steps, term, done, aux, rng, offsets);
        backend.launch("env_observe_" + dt.kernel, n, (long) n, state, rawObs);
        if (cfg.normObs()) {
            backend.launch("rms_batch_rows", d, (long) n, d, rawObs, batchObs);
            backend.launch("rms_merge", 1, d, (long) n, rmsObs, batchObs);
        }
        backend.launch("normalize_obs", (long) n * d, (long) n, d, rawObs, rmsObs, cfg.normObs() ? 1 : 0, nextX);
    }

    /** One step of every copy, stored at rollout step t (CleanRL's inner loop). */
    void step(int t) {
        long base = (long) t * n;
        backend.launch("copy_floats", (long) n * d, (long) n * d, nextX, obs.at(4 * base * d));
        backend.launch("copy_floats", n, (long) n, nextDone, dones.at(4 * base));
        forward(n, codec.actorSizes, sizesA, 0, nextX, hiddenA, outA);
        forward(n, codec.criticSizes, sizesC, codec.criticOffset, nextX, hiddenC, values.at(4 * base));
        Backend.Slice stepActions = actions.at(4 * base * a);
        Object envInput;
        if (continuous) {
            backend.launch(
                    "sample_gaussian",
                    n,
                    (long) n,
                    a,
                    outA,
                    params,
                    (long) codec.logStdOffset,
                    low,
                    high,
                    rng,
                    stepActions,
                    envActions,
                    logprobs.at(4 * base));
            backend.launch("rng_skip", 1, rng, 1, 2L * n * a);
            envInput = envActions;
        } else {
            backend.launch("sample_categorical", n, (long) n, outs, outA, rng, stepActions, logprobs.at(4 * base));
            backend.launch("rng_skip", 1, rng, 1, (long) n);
            envInput = stepActions;
        }
        backend.launch("env_step_" + dt.kernel, n, (long) n, state, envInput, steps, term, done, aux, fitness);
        backend.launchReward(
                "reward_step",
                n,
                (long) n,
                globalStep,
                state,
                steps,
                term,
                aux,
                r,
                comps,
                human,
                badStep,
                badComp,
                badValue);
        backend.launch(
                "rollout_book",
                n,
                (long) n,
                r,
                term,
                done,
                fitness,
                episodeReturn,
                episodeLength,
                fin,
                components,
                comps,
                compSum,
                human,
                humanSum,
                discounted,
                cfg.gamma(),
                rewards.at(4 * base));
        if (cfg.normReward()) {
            backend.launch("rms_batch_scalar", 1, (long) n, discounted, batchRet);
            backend.launch("rms_merge", 1, 1, (long) n, rmsRet, batchRet);
            backend.launch("reward_scale", n, (long) n, rmsRet, rewards.at(4 * base));
        }
        globalStep += n;
        backend.launch("done_to_float", n, (long) n, done, nextDone);
        resetAndObserve();
    }

    private void forward(
            long rows, int[] sizes, Backend.Buffer sizesBuf, long base, Object x, Object hidden, Object out) {
        backend.launch("mlp_forward", rows, rows, sizes.length - 1, sizesBuf, params, base, x, hidden, out);
    }

    void rollout() {
        backend.launch("zero_doubles", 4L * n, 4L * n, fin);
        backend.launch("zero_doubles", (long) Math.max(1, components) * n, (long) Math.max(1, components) * n, compSum);
        backend.launch("zero_doubles", n, (long) n, humanSum);
        for (int t = 0; t < numSteps; t++) step(t);
    }

    double[] downloadState() {
        double[] s = new double[dt.stateFields * n];
        backend.download(state, 0, s);
        return s;
    }

    void advantages() {
        forward(n, codec.criticSizes, sizesC, codec.criticOffset, nextX, hiddenC, nextValue);
        backend.launch(
                "gae",
                n,
                (long) n,
                numSteps,
                rewards,
                values,
                dones,
                nextValue,
                nextDone,
                cfg.gamma(),
                cfg.gaeLambda(),
                advantages,
                returns);
    }

    /** The update epochs; returns [policy, value, entropy, kl, clip fraction] means over minibatches. */
    double[] update(double lr) {
        backend.upload(metrics, 0, new double[7]);
        double[] m = new double[7];
        for (int epoch = 0; epoch < cfg.updateEpochs(); epoch++) {
            backend.launch("shuffle", 1, (long) batch, idx, rng);
            for (long start = 0; start < batch; start += mb) {
                minibatch(start, lr);
            }
            if (cfg.targetKl() > 0) {
                backend.download(metrics, 0, m);
                if (m[6] > cfg.targetKl()) break;
            }
        }
        backend.download(metrics, 0, m);
        double count = m[5];
        return new double[] {m[0] / count, m[1] / count, m[2] / count, m[3] / count, m[4] / count};
    }

    private void minibatch(long start, double lr) {
        backend.launch(
                "gather",
                mb,
                (long) mb,
                start,
                idx,
                d,
                a,
                obs,
                actions,
                logprobs,
                advantages,
                returns,
                values,
                mbX,
                mbAct,
                mbLogp,
                mbAdv,
                mbRet,
                mbVal);
        forward(mb, codec.actorSizes, sizesA, 0, mbX, hiddenAmb, outAmb);
        forward(mb, codec.criticSizes, sizesC, codec.criticOffset, mbX, hiddenCmb, outCmb);
        if (cfg.normAdv()) backend.launch("normalize_advantages", 1, (long) mb, mbAdv);
        backend.launch(
                "minibatch_losses",
                mb,
                (long) mb,
                continuous ? 1 : 0,
                outs,
                outAmb,
                params,
                (long) codec.logStdOffset,
                mbAct,
                mbLogp,
                mbAdv,
                outCmb,
                mbVal,
                mbRet,
                cfg.clipCoef(),
                cfg.clipVloss() ? 1 : 0,
                (float) cfg.vfCoef(),
                cfg.entCoef(),
                dOut,
                dValue,
                rowStats,
                logStdTerms);
        backend.launch("minibatch_metrics", 1, (long) mb, rowStats, metrics);
        int la = codec.actorSizes.length - 1;
        int lc = codec.criticSizes.length - 1;
        backend.launch("mlp_backward_rows", mb, (long) mb, la, sizesA, params, 0L, hiddenAmb, dOut, deltasA);
        backend.launch(
                "mlp_gradient",
                codec.actorCount,
                (long) mb,
                la,
                sizesA,
                (long) codec.actorCount,
                0L,
                mbX,
                hiddenAmb,
                dOut,
                deltasA,
                grad);
        backend.launch(
                "mlp_backward_rows",
                mb,
                (long) mb,
                lc,
                sizesC,
                params,
                (long) codec.criticOffset,
                hiddenCmb,
                dValue,
                deltasC);
        backend.launch(
                "mlp_gradient",
                codec.criticCount(),
                (long) mb,
                lc,
                sizesC,
                (long) codec.criticCount(),
                (long) codec.criticOffset,
                mbX,
                hiddenCmb,
                dValue,
                deltasC,
                grad);
        if (continuous) {
            backend.launch("logstd_gradient", a, (long) mb, a, logStdTerms, (long) codec.logStdOffset, grad);
        }
        long p = codec.parameterCount;
        backend.launch("clip_and_tick", 1, p, grad, cfg.maxGradNorm(), lr, adam);
        backend.launch("adam_step", p, p, params, grad, adamM, adamV, adam);
    }

    float[] downloadParams() {
        float[] p = new float[codec.parameterCount];
        backend.download(params, 0, p);
        return p;
    }

    byte[] checkpoint() {
        double[] normalizer = null;
        if (cfg.normObs()) {
            normalizer = new double[2 * d + 1];
            backend.download(rmsObs, 0, normalizer);
        }
        return codec.toBytes(downloadParams(), normalizer);
    }

    private void checkFinite() {
        backend.launch("first_bad", 1, (long) n, badStep, badComp, badValue, bad, badOut);
        long[] b = new long[2];
        backend.download(bad, 0, b);
        if (b[0] >= 0) {
            double[] v = new double[1];
            backend.download(badOut, 0, v);
            int c = (int) b[1];
            throw new NonFiniteRewardException(
                    b[0], c < 0 ? null : req.reward().componentNames().get(c), v[0]);
        }
    }

    TrainingResult train(MetricsListener listener, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        int iterations = Math.max(1, (int) (cfg.totalTimesteps() / batch));
        int checkpoints = Math.min(PpoTrainer.CHECKPOINTS, iterations);
        double[] checkpointFitness = new double[checkpoints];
        int nextCheckpoint = 0;
        int best = -1;
        byte[] bestPolicy = null;
        double[] sums = new double[5 + components];
        for (int iteration = 1; iteration <= iterations; iteration++) {
            if (cancelled.getAsBoolean()) throw new TrainingCancelledException(iteration - 1);
            double frac = 1.0 - (iteration - 1.0) / iterations;
            double lr = cfg.annealLr() ? frac * cfg.learningRate() : cfg.learningRate();
            rollout();
            checkFinite();
            advantages();
            double[] losses = update(lr);
            backend.launch("rollout_summary", 1, (long) n, components, fin, compSum, humanSum, summary);
            backend.download(summary, 0, sums);
            double finished = sums[0];
            double[] componentMeans = new double[components];
            for (int c = 0; c < components; c++) componentMeans[c] = sums[4 + c] / batch;
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.onEpoch(new MetricsRecord(
                    iteration,
                    globalStep,
                    globalStep / seconds,
                    finished == 0 ? Double.NaN : sums[1] / finished,
                    finished == 0 ? Double.NaN : sums[2] / finished,
                    finished == 0 ? Double.NaN : sums[3] / finished,
                    req.reward().componentNames(),
                    componentMeans,
                    req.humanReward() == null ? Double.NaN : sums[4 + components] / batch,
                    losses[0],
                    losses[1],
                    losses[2],
                    losses[3],
                    losses[4],
                    lr));
            if (nextCheckpoint < checkpoints
                    && iteration == (int) ((long) (nextCheckpoint + 1) * iterations / checkpoints)) {
                byte[] bytes = checkpoint();
                double f = PolicyEvaluation.fitness(
                        Policy.fromBytes(bytes),
                        task,
                        PpoTrainer.EVALUATION_EPISODES,
                        evaluationSeed + nextCheckpoint * 0x9E3779B97F4A7C15L);
                checkpointFitness[nextCheckpoint] = f;
                if (best < 0 || f > checkpointFitness[best]) {
                    best = nextCheckpoint;
                    bestPolicy = bytes;
                }
                listener.onCheckpoint(nextCheckpoint, globalStep, f);
                nextCheckpoint++;
            }
        }
        return new TrainingResult(
                checkpointFitness[best],
                checkpointFitness,
                best,
                bestPolicy,
                globalStep,
                (System.nanoTime() - start) / 1e9);
    }
}
