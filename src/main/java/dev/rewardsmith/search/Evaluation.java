package dev.rewardsmith.search;

import java.util.Objects;

/**
 * The final evaluation of a search (docs/architecture.md, Search): the best reward, the human reward and the sparse reward
 * each trained with the same seeds and the full PPO budget, each training scored by the max F over its checkpoints.
 *
 * @param best F of the search's best reward over the seeds
 * @param human F of the task's human reward
 * @param sparse F of the sparse reward (F itself as the reward)
 * @param bestFromScratch when the search fine-tunes from a checkpoint: the best reward trained from a fresh
 *     initialization with the same seeds and budget (the curriculum's comparison); null otherwise
 * @param hns (best - sparse) / |human - sparse| of the means; null when undefined
 * @param hnsClipped hns clipped to [0, 3], as averages use it; null when undefined
 * @param hnsNote why hns is undefined; null when it is defined
 * @param correlation Pearson correlation of the best reward and the human reward on the best policy's
 *     transitions (the best candidate's policy on fixed seeds); null when either is constant there
 * @param correlationSteps how many transitions the correlation covers
 * @param trainingCorrelation Eureka's correlation: of the per-epoch means of the best reward and of the human
 *     reward over the best candidate's training ({@link RewardCorrelation#overTraining}); null when either is
 *     constant or not measured (evaluations stored before it was measured, the device trainer)
 * @param trainingCorrelationEpochs how many epochs that correlation covers
 * @param candidate the best candidate evaluated
 * @param seconds wall time of the evaluation
 * @param cachedTrainings trainings whose result came from the baseline cache
 */
public record Evaluation(
        Spread best,
        Spread human,
        Spread sparse,
        Spread bestFromScratch,
        Double hns,
        Double hnsClipped,
        String hnsNote,
        Double correlation,
        int correlationSteps,
        String candidate,
        double seconds,
        int cachedTrainings,
        Double trainingCorrelation,
        int trainingCorrelationEpochs) {

    public Evaluation {
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(human, "human");
        Objects.requireNonNull(sparse, "sparse");
    }

    /**
     * F over seeds.
     *
     * @param mean mean over seeds
     * @param sd sample standard deviation over seeds
     * @param values one F per seed, in seed order
     */
    public record Spread(double mean, double sd, double[] values) {
        public Spread {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        public static Spread of(double[] values) {
            return new Spread(Scores.mean(values), Scores.sd(values), values);
        }
    }

    /** Builds the record from the three rewards' F per seed; computes the human-normalized score. */
    public static Evaluation of(
            double[] best,
            double[] human,
            double[] sparse,
            double[] bestFromScratch,
            Double correlation,
            int correlationSteps,
            RewardCorrelation.Result overTraining,
            String candidate,
            double seconds,
            int cachedTrainings) {
        Spread b = Spread.of(best);
        Spread h = Spread.of(human);
        Spread s = Spread.of(sparse);
        var hns = Scores.humanNormalized(b.mean(), h.mean(), s.mean());
        return new Evaluation(
                b,
                h,
                s,
                bestFromScratch == null ? null : Spread.of(bestFromScratch),
                hns.isPresent() ? hns.getAsDouble() : null,
                hns.isPresent() ? Scores.clip(hns.getAsDouble()) : null,
                hns.isPresent()
                        ? null
                        : "undefined: the human and sparse rewards reach the same F (" + h.mean() + "), so there is"
                                + " no human-level gap to normalize by",
                correlation,
                correlationSteps,
                candidate,
                seconds,
                cachedTrainings,
                overTraining.correlation().isPresent()
                        ? overTraining.correlation().getAsDouble()
                        : null,
                overTraining.steps());
    }
}
