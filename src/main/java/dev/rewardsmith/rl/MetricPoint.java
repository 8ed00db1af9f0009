package dev.rewardsmith.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoch's metrics as stored and as the API shows them: NaN (no episode finished in the epoch) is null;
 * {@code rewardMean} is null in metrics stored before it was measured.
 * Components keep the program's order.
 */
public record MetricPoint(
        int epoch,
        long globalStep,
        Double stepsPerSecond,
        Double episodicReturn,
        Double episodeLength,
        Double fitness,
        Map<String, Double> components,
        Double humanReward,
        Double policyLoss,
        Double valueLoss,
        Double entropy,
        Double approxKl,
        Double clipFraction,
        Double learningRate,
        Double rewardMean) {

    public static MetricPoint of(MetricsRecord r) {
        Map<String, Double> components = new LinkedHashMap<>();
        double[] means = r.componentMeans();
        for (int i = 0; i < means.length; i++) components.put(r.componentNames().get(i), orNull(means[i]));
        return new MetricPoint(
                r.epoch(),
                r.globalStep(),
                orNull(r.stepsPerSecond()),
                orNull(r.episodicReturn()),
                orNull(r.episodeLength()),
                orNull(r.fitness()),
                components,
                orNull(r.humanReward()),
                orNull(r.policyLoss()),
                orNull(r.valueLoss()),
                orNull(r.entropy()),
                orNull(r.approxKl()),
                orNull(r.clipFraction()),
                orNull(r.learningRate()),
                orNull(r.rewardMean()));
    }

    public MetricsRecord toRecord() {
        List<String> names = new ArrayList<>(components.keySet());
        double[] means = new double[names.size()];
        for (int i = 0; i < means.length; i++) means[i] = orNaN(components.get(names.get(i)));
        return new MetricsRecord(
                epoch,
                globalStep,
                orNaN(stepsPerSecond),
                orNaN(episodicReturn),
                orNaN(episodeLength),
                orNaN(fitness),
                names,
                means,
                orNaN(humanReward),
                orNaN(policyLoss),
                orNaN(valueLoss),
                orNaN(entropy),
                orNaN(approxKl),
                orNaN(clipFraction),
                orNaN(learningRate),
                orNaN(rewardMean));
    }

    static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
