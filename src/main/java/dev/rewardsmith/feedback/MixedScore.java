package dev.rewardsmith.feedback;

import java.util.Arrays;

/**
 * The score by which mixed selection picks an iteration's candidate (docs/architecture.md, Human feedback): the
 * weighted sum of the candidate's fitness and of its log Bradley-Terry strength, each min-max normalized over the
 * iteration's candidates.
 */
public final class MixedScore {

    private MixedScore() {}

    /**
     * Per candidate {@code w * f + (1 - w) * s}, where {@code f = (F - min F) / (max F - min F)} and {@code s = (log
     * strength - min log strength) / (max - min)}. When every F is the same, f is 1 for all (fitness does not
     * decide), and likewise s when every strength is the same; so all equal gives 1 for everyone.
     *
     * @param fitness the candidates' F
     * @param strengths their Bradley-Terry strengths (positive), in the same order
     * @param fitnessWeight w, the share of fitness in [0, 1]; 1 selects by F alone, 0 by votes alone
     * @return the scores in the same order; the highest wins
     */
    public static double[] of(double[] fitness, double[] strengths, double fitnessWeight) {
        if (fitness.length != strengths.length) {
            throw new IllegalArgumentException(
                    fitness.length + " fitness values but " + strengths.length + " strengths");
        }
        double[] logStrengths = Arrays.stream(strengths).map(Math::log).toArray();
        double maxF = Arrays.stream(fitness).max().orElse(0);
        double minF = Arrays.stream(fitness).min().orElse(0);
        double maxS = Arrays.stream(logStrengths).max().orElse(0);
        double minS = Arrays.stream(logStrengths).min().orElse(0);
        double[] scores = new double[fitness.length];
        for (int i = 0; i < scores.length; i++) {
            double f = maxF > minF ? (fitness[i] - minF) / (maxF - minF) : 1;
            double s = maxS > minS ? (logStrengths[i] - minS) / (maxS - minS) : 1;
            scores[i] = fitnessWeight * f + (1 - fitnessWeight) * s;
        }
        return scores;
    }
}
