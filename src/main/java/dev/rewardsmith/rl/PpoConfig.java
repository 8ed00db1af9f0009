package dev.rewardsmith.rl;

import java.util.List;

/**
 * Every setting of one PPO training, named as in CleanRL's ppo.py (camelCase). Tasks supply defaults; a search
 * may override any field. Derived sizes are computed once here.
 *
 * @param totalTimesteps environment steps over the whole training (all copies together)
 * @param learningRate Adam step size at the start (annealed linearly to 0 when {@code annealLr})
 * @param numEnvs environment copies stepped together
 * @param numSteps steps per copy in one rollout; one epoch collects numEnvs * numSteps transitions
 * @param annealLr anneal the learning rate linearly to 0 over the training
 * @param gamma discount factor
 * @param gaeLambda lambda of generalized advantage estimation
 * @param numMinibatches minibatches per update epoch
 * @param updateEpochs passes over one rollout in the update
 * @param normAdv normalize advantages per minibatch
 * @param clipCoef surrogate clipping coefficient
 * @param clipVloss clip the value loss like the policy ratio
 * @param entCoef entropy bonus coefficient
 * @param vfCoef value loss coefficient
 * @param maxGradNorm global gradient-norm clip
 * @param targetKl stop the update epochs early when approx KL exceeds this; 0 disables
 * @param hidden hidden layer sizes of both actor and critic (tanh)
 * @param normObs normalize observations with a running mean and variance
 * @param normReward scale rewards by the running std of the discounted return
 * @param initLogStd initial log standard deviation of the Gaussian policy (continuous actions)
 */
public record PpoConfig(
        long totalTimesteps,
        double learningRate,
        int numEnvs,
        int numSteps,
        boolean annealLr,
        double gamma,
        double gaeLambda,
        int numMinibatches,
        int updateEpochs,
        boolean normAdv,
        double clipCoef,
        boolean clipVloss,
        double entCoef,
        double vfCoef,
        double maxGradNorm,
        double targetKl,
        List<Integer> hidden,
        boolean normObs,
        boolean normReward,
        double initLogStd) {

    /** Epochs (rollout + update) per training at most: each is a metrics record, a live message and a row. */
    public static final int MAX_EPOCHS = 20_000;

    /** Transitions per epoch at most (numEnvs * numSteps): the rollout buffers hold them all. */
    public static final int MAX_BATCH = 131_072;

    /** Batch times the widest layer at most: one activation buffer holds this many doubles (256 MB). */
    public static final long MAX_ACTIVATIONS = 1L << 25;

    /** Hidden-to-hidden weights per network at most (a stored policy is about 16 bytes per weight). */
    public static final long MAX_HIDDEN_WEIGHTS = 1L << 20;

    public PpoConfig {
        hidden = List.copyOf(hidden);
        require(totalTimesteps > 0, "totalTimesteps must be positive");
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)");
        require(numEnvs >= 1 && numEnvs <= 4096, "numEnvs must be in [1, 4096]");
        require(numSteps >= 1 && numSteps <= 8192, "numSteps must be in [1, 8192]");
        require(gamma > 0 && gamma <= 1, "gamma must be in (0, 1]");
        require(gaeLambda >= 0 && gaeLambda <= 1, "gaeLambda must be in [0, 1]");
        require(numMinibatches >= 1, "numMinibatches must be at least 1");
        require(
                (long) numEnvs * numSteps % numMinibatches == 0,
                "numEnvs * numSteps must be divisible by numMinibatches");
        require(updateEpochs >= 1 && updateEpochs <= 100, "updateEpochs must be in [1, 100]");
        require(clipCoef > 0, "clipCoef must be positive");
        require(entCoef >= 0, "entCoef must not be negative");
        require(vfCoef >= 0, "vfCoef must not be negative");
        require(maxGradNorm > 0, "maxGradNorm must be positive");
        require(targetKl >= 0, "targetKl must not be negative (0 disables it)");
        require(!hidden.isEmpty() && hidden.size() <= 4, "hidden must list 1 to 4 layer sizes");
        for (int h : hidden) require(h >= 1 && h <= 1024, "hidden layer sizes must be in [1, 1024]");
        require(Double.isFinite(initLogStd), "initLogStd must be finite");
        require(
                totalTimesteps >= (long) numEnvs * numSteps,
                "totalTimesteps must cover at least one rollout (numEnvs * numSteps)");
        long batch = (long) numEnvs * numSteps;
        require(
                batch <= MAX_BATCH,
                "numSteps: numEnvs * numSteps = " + batch + " transitions per epoch; at most " + MAX_BATCH);
        require(
                totalTimesteps / batch <= MAX_EPOCHS,
                "totalTimesteps: " + totalTimesteps + " steps in epochs of " + batch + " (numEnvs * numSteps) make "
                        + totalTimesteps / batch + " epochs; at most " + MAX_EPOCHS
                        + " per training (raise numEnvs or numSteps, or lower totalTimesteps)");
        int widest = hidden.stream().mapToInt(Integer::intValue).max().orElse(1);
        require(
                batch * widest <= MAX_ACTIVATIONS,
                "hidden: numEnvs * numSteps * widest layer = " + batch * widest + " activations per buffer; at most "
                        + MAX_ACTIVATIONS + " (narrower layers or a smaller batch)");
        long weights = 0;
        for (int i = 1; i < hidden.size(); i++) weights += (long) hidden.get(i - 1) * hidden.get(i);
        require(
                weights <= MAX_HIDDEN_WEIGHTS,
                "hidden: " + weights + " weights between hidden layers; at most " + MAX_HIDDEN_WEIGHTS
                        + " per network");
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }

    /** Transitions collected per epoch. */
    public int batchSize() {
        return numEnvs * numSteps;
    }

    public int minibatchSize() {
        return batchSize() / numMinibatches;
    }

    /** Number of epochs (rollout + update) in the training. */
    public int numIterations() {
        return (int) (totalTimesteps / batchSize());
    }

    /** CleanRL ppo.py defaults (discrete actions, e.g. CartPole). */
    public static PpoConfig discreteDefaults() {
        return new PpoConfig(
                500_000,
                2.5e-4,
                4,
                128,
                true,
                0.99,
                0.95,
                4,
                4,
                true,
                0.2,
                true,
                0.01,
                0.5,
                0.5,
                0,
                List.of(64, 64),
                false,
                false,
                0.0);
    }

    /** CleanRL ppo_continuous_action.py defaults (observation and reward normalization on). */
    public static PpoConfig continuousDefaults() {
        return new PpoConfig(
                1_000_000,
                3e-4,
                1,
                2048,
                true,
                0.99,
                0.95,
                32,
                10,
                true,
                0.2,
                true,
                0.0,
                0.5,
                0.5,
                0,
                List.of(64, 64),
                true,
                true,
                0.0);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few fields of a config; {@link #build()} validates the result. */
    public static final class Builder {
        private long totalTimesteps;
        private double learningRate;
        private int numEnvs;
        private int numSteps;
        private boolean annealLr;
        private double gamma;
        private double gaeLambda;
        private int numMinibatches;
        private int updateEpochs;
        private boolean normAdv;
        private double clipCoef;
        private boolean clipVloss;
        private double entCoef;
        private double vfCoef;
        private double maxGradNorm;
        private double targetKl;
        private List<Integer> hidden;
        private boolean normObs;
        private boolean normReward;
        private double initLogStd;

        private Builder(PpoConfig c) {
            totalTimesteps = c.totalTimesteps;
            learningRate = c.learningRate;
            numEnvs = c.numEnvs;
            numSteps = c.numSteps;
            annealLr = c.annealLr;
            gamma = c.gamma;
            gaeLambda = c.gaeLambda;
            numMinibatches = c.numMinibatches;
            updateEpochs = c.updateEpochs;
            normAdv = c.normAdv;
            clipCoef = c.clipCoef;
            clipVloss = c.clipVloss;
            entCoef = c.entCoef;
            vfCoef = c.vfCoef;
            maxGradNorm = c.maxGradNorm;
            targetKl = c.targetKl;
            hidden = c.hidden;
            normObs = c.normObs;
            normReward = c.normReward;
            initLogStd = c.initLogStd;
        }

        public Builder totalTimesteps(long v) {
            totalTimesteps = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder numEnvs(int v) {
            numEnvs = v;
            return this;
        }

        public Builder numSteps(int v) {
            numSteps = v;
            return this;
        }

        public Builder annealLr(boolean v) {
            annealLr = v;
            return this;
        }

        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        public Builder gaeLambda(double v) {
            gaeLambda = v;
            return this;
        }

        public Builder numMinibatches(int v) {
            numMinibatches = v;
            return this;
        }

        public Builder updateEpochs(int v) {
            updateEpochs = v;
            return this;
        }

        public Builder normAdv(boolean v) {
            normAdv = v;
            return this;
        }

        public Builder clipCoef(double v) {
            clipCoef = v;
            return this;
        }

        public Builder clipVloss(boolean v) {
            clipVloss = v;
            return this;
        }

        public Builder entCoef(double v) {
            entCoef = v;
            return this;
        }

        public Builder vfCoef(double v) {
            vfCoef = v;
            return this;
        }

        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        public Builder targetKl(double v) {
            targetKl = v;
            return this;
        }

        public Builder hidden(List<Integer> v) {
            hidden = v;
            return this;
        }

        public Builder normObs(boolean v) {
            normObs = v;
            return this;
        }

        public Builder normReward(boolean v) {
            normReward = v;
            return this;
        }

        public Builder initLogStd(double v) {
            initLogStd = v;
            return this;
        }

        public PpoConfig build() {
            return new PpoConfig(
                    totalTimesteps,
                    learningRate,
                    numEnvs,
                    numSteps,
                    annealLr,
                    gamma,
                    gaeLambda,
                    numMinibatches,
                    updateEpochs,
                    normAdv,
                    clipCoef,
                    clipVloss,
                    entCoef,
                    vfCoef,
                    maxGradNorm,
                    targetKl,
                    hidden,
                    normObs,
                    normReward,
                    initLogStd);
        }
    }
}
