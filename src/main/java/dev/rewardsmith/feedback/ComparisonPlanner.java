package dev.rewardsmith.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which rollouts of an iteration's candidates to put side by side (docs/architecture.md, Human feedback): the same
 * seed for both sides, every candidate in at least {@link #MIN_PER_CANDIDATE} pairs, and the pairs of candidates
 * whose fitness is close (where F cannot decide) shown on more seeds. Deterministic by seed; left and right are
 * shuffled.
 */
public final class ComparisonPlanner {

    /** Pairs each candidate takes part in at least (when there are enough other candidates). */
    public static final int MIN_PER_CANDIDATE = 2;
    /** Fitness closer than this counts as close: such a pair is shown on every rollout seed. */
    public static final double CLOSE_FITNESS = 0.05;

    /** A candidate to compare, with its fitness. */
    public record Entry(String candidate, double fitness) {
        public Entry {
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /** One planned comparison: two candidates' rollouts on one seed. */
    public record Pair(String left, String right, long seed) {}

    private ComparisonPlanner() {}

    /**
     * @param entries the iteration's trained candidates
     * @param rolloutSeeds the search's fixed rollout seeds (at least one)
     * @param seed shuffles sides and picks partners
     */
    public static List<Pair> plan(List<Entry> entries, List<Long> rolloutSeeds, long seed) {
        if (rolloutSeeds.isEmpty()) throw new IllegalArgumentException("at least one rollout seed is needed");
        SplittableRandom random = new SplittableRandom(seed);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingDouble(Entry::fitness).reversed().thenComparing(Entry::candidate));
        int n = sorted.size();
        Set<String> chosen = new HashSet<>();
        List<int[]> pairs = new ArrayList<>();
        // neighbours in fitness order first: the comparisons F decides least
        for (int gap = 1; gap < n; gap++) {
            for (int i = 0; i + gap < n; i++) {
                if (countFor(pairs, i) >= MIN_PER_CANDIDATE && countFor(pairs, i + gap) >= MIN_PER_CANDIDATE) continue;
                if (chosen.add(i + "-" + (i + gap))) pairs.add(new int[] {i, i + gap});
            }
        }
        List<Pair> out = new ArrayList<>();
        for (int[] p : pairs) {
            Entry a = sorted.get(p[0]);
            Entry b = sorted.get(p[1]);
            boolean close = Math.abs(a.fitness() - b.fitness()) < CLOSE_FITNESS;
            List<Long> seeds = close ? rolloutSeeds : List.of(rolloutSeeds.get(random.nextInt(rolloutSeeds.size())));
            for (long s : seeds) {
                boolean swap = random.nextBoolean();
                out.add(swap ? new Pair(b.candidate(), a.candidate(), s) : new Pair(a.candidate(), b.candidate(), s));
            }
        }
        return out;
    }

    private static int countFor(List<int[]> pairs, int i) {
        int c = 0;
        for (int[] p : pairs) if (p[0] == i || p[1] == i) c++;
        return c;
    }
}
