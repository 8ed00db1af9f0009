package dev.rewardsmith.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one epoch. Episode figures cover the episodes that finished during the epoch's rollout (NaN
 * when none did); reward figures are means per transition of the epoch; losses, approx KL and clip fraction are
 * means over the update's minibatches.
 *
 * @param epoch 1-based epoch index
 * @param globalStep environment steps so far (all copies)
 * @param stepsPerSecond global steps divided by wall time since the start (the only non-deterministic field)
 * @param episodicReturn mean undiscounted candidate-reward return of finished episodes
 * @param episodeLength mean length of finished episodes
 * @param fitness mean task fitness F of finished episodes
 * @param componentNames the candidate reward's component names
 * @param componentMeans per component, mean value per transition
 * @param humanReward mean human reward total per transition; NaN when the request had no human reward (or it
 *     returned a non-finite value: it is evaluated unguarded, never trained on)
 * @param policyLoss clipped surrogate loss
 * @param valueLoss value loss (0.5 * squared error, clipped when configured)
 * @param entropy mean policy entropy
 * @param approxKl approximate KL divergence, CleanRL's mean of (ratio - 1) - log ratio
 * @param clipFraction fraction of transitions whose ratio was clipped
 * @param learningRate learning rate used in this epoch's update
 * @param rewardMean mean of the candidate reward's total per transition (what the policy was trained on); with
 *     {@code humanReward} it gives Eureka's correlation over training (search.RewardCorrelation#overTraining);
 *     NaN when the trainer does not measure it
 */
public record MetricsRecord(
        int epoch,
        long globalStep,
        double stepsPerSecond,
        double episodicReturn,
        double episodeLength,
        double fitness,
        List<String> componentNames,
        double[] componentMeans,
        double humanReward,
        double policyLoss,
        double valueLoss,
        double entropy,
        double approxKl,
        double clipFraction,
        double learningRate,
        double rewardMean) {

    /** A record without the reward total's mean (NaN): trainers and tests that do not measure it. */
    public MetricsRecord(
            int epoch,
            long globalStep,
            double stepsPerSecond,
            double episodicReturn,
            double episodeLength,
            double fitness,
            List<String> componentNames,
            double[] componentMeans,
            double humanReward,
            double policyLoss,
            double valueLoss,
            double entropy,
            double approxKl,
            double clipFraction,
            double learningRate) {
        this(
                epoch,
                globalStep,
                stepsPerSecond,
                episodicReturn,
                episodeLength,
                fitness,
                componentNames,
                componentMeans,
                humanReward,
                policyLoss,
                valueLoss,
                entropy,
                approxKl,
                clipFraction,
                learningRate,
                Double.NaN);
    }

    public MetricsRecord {
        componentNames = List.copyOf(componentNames);
        componentMeans = componentMeans.clone();
        if (componentNames.size() != componentMeans.length) {
            throw new IllegalArgumentException("one mean per component name is required");
        }
    }

    @Override
    public double[] componentMeans() {
        return componentMeans.clone();
    }

    /** Every value by its {@link MetricNames} name (checkpoint fitness excluded), components last. */
    public Map<String, Double> byName() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.GLOBAL_STEP, (double) globalStep);
        m.put(MetricNames.EPOCH, (double) epoch);
        m.put(MetricNames.STEPS_PER_SECOND, stepsPerSecond);
        m.put(MetricNames.EPISODIC_RETURN, episodicReturn);
        m.put(MetricNames.EPISODIC_LENGTH, episodeLength);
        m.put(MetricNames.FITNESS, fitness);
        m.put(MetricNames.HUMAN_REWARD, humanReward);
        m.put(MetricNames.LEARNING_RATE, learningRate);
        m.put(MetricNames.POLICY_LOSS, policyLoss);
        m.put(MetricNames.VALUE_LOSS, valueLoss);
        m.put(MetricNames.ENTROPY, entropy);
        m.put(MetricNames.APPROX_KL, approxKl);
        m.put(MetricNames.CLIP_FRACTION, clipFraction);
        for (int i = 0; i < componentMeans.length; i++) {
            m.put(MetricNames.COMPONENT_PREFIX + componentNames.get(i), componentMeans[i]);
        }
        return m;
    }
}
