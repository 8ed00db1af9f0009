package dev.rewardsmith.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bradley-Terry strengths from pairwise outcomes (P(i beats j) = s_i / (s_i + s_j)), fitted by maximum likelihood
 * with Hunter's MM iterations; a tie counts as half a win for each side. Strengths are scaled to a geometric mean
 * of 1. A candidate that never lost (or never won) has no finite MLE: a weak prior of one virtual tie against an
 * average opponent (strength 1) keeps every strength finite and pulls sparse evidence toward 1.
 */
public final class BradleyTerry {

    /** Virtual ties with an average opponent per candidate (the prior); 0 gives the plain MLE. */
    public static final double PRIOR_TIES = 1.0;

    static final int MAX_ITERATIONS = 10_000;
    static final double TOLERANCE = 1e-12;

    /**
     * One candidate's result.
     *
     * @param candidate the candidate
     * @param strength its strength (geometric mean over candidates 1)
     * @param low lower end of an approximate 95% interval (from the Fisher information of log-strength)
     * @param high upper end of that interval
     * @param wins outcomes it won
     * @param losses outcomes it lost
     * @param ties outcomes it tied
     */
    public record Strength(
            String candidate, double strength, double low, double high, int wins, int losses, int ties) {}

    private BradleyTerry() {}

    /** Strengths of every candidate named in {@code candidates} (also those without votes), in that order. */
    public static List<Strength> fit(List<String> candidates, List<Outcome> outcomes, double priorTies) {
        int n = candidates.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(candidates.get(i), i);
        double[][] games = new double[n][n];
        double[] score = new double[n];
        int[] wins = new int[n];
        int[] losses = new int[n];
        int[] ties = new int[n];
        for (Outcome o : outcomes) {
            Integer a = index.get(o.first());
            Integer b = index.get(o.second());
            if (a == null || b == null) throw new IllegalArgumentException("an outcome names an unknown candidate");
            games[a][b]++;
            games[b][a]++;
            if (o.tie()) {
                score[a] += 0.5;
                score[b] += 0.5;
                ties[a]++;
                ties[b]++;
            } else {
                score[a] += 1;
                wins[a]++;
                losses[b]++;
            }
        }
        double[] s = new double[n];
        java.util.Arrays.fill(s, 1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double change = 0;
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                // the prior: priorTies games against an opponent of strength 1, each half won
                double numerator = score[i] + priorTies / 2;
                double denominator = priorTies / (s[i] + 1);
                for (int j = 0; j < n; j++) {
                    if (games[i][j] > 0) denominator += games[i][j] / (s[i] + s[j]);
                }
                next[i] = denominator > 0 ? numerator / denominator : 1;
            }
            normalize(next);
            for (int i = 0; i < n; i++) change = Math.max(change, Math.abs(Math.log(next[i] / s[i])));
            s = next;
            if (change < TOLERANCE) break;
        }
        List<Strength> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Fisher information of log s_i: sum over its games of p (1 - p), the prior's games included
            double info = priorTies * s[i] / ((s[i] + 1) * (s[i] + 1));
            for (int j = 0; j < n; j++) {
                if (games[i][j] > 0) info += games[i][j] * s[i] * s[j] / ((s[i] + s[j]) * (s[i] + s[j]));
            }
            double half = info > 0 ? 1.96 / Math.sqrt(info) : Double.POSITIVE_INFINITY;
            out.add(new Strength(
                    candidates.get(i),
                    s[i],
                    s[i] * Math.exp(-half),
                    s[i] * Math.exp(half),
                    wins[i],
                    losses[i],
                    ties[i]));
        }
        return out;
    }

    private static void normalize(double[] s) {
        double logSum = 0;
        for (double v : s) logSum += Math.log(v);
        double scale = Math.exp(-logSum / s.length);
        for (int i = 0; i < s.length; i++) s[i] *= scale;
    }

    /** Strengths keyed by candidate, for lookups. */
    public static Map<String, Strength> byCandidate(List<Strength> strengths) {
        Map<String, Strength> m = new LinkedHashMap<>();
        for (Strength s : strengths) m.put(s.candidate(), s);
        return m;
    }
}
