package dev.rewardsmith.search;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Selection by fitness (docs/architecture.md, Search), the rule of the loop and of every view that shows which
 * candidate an iteration selected without votes: the highest F, ties to the lower index. With S selection seeds the
 * loop selects among the re-scored candidates by their {@link #score}, ties to the lower index as well.
 */
public final class Selection {

    private Selection() {}

    /** The trained (done) candidate with the highest F, ties to the lower index; empty when none is done. */
    public static Optional<Candidate> byFitness(Collection<Candidate> candidates) {
        return byFitness(
                candidates.stream().filter(c -> c.state == CandidateState.DONE).toList(), c -> c.fitness, c -> c.index);
    }

    /**
     * The trained candidates re-scored on several seeds (those with {@link Candidate#selectionScores}) with the
     * highest {@link #score}, ties to the lower index; empty when none was re-scored.
     */
    public static Optional<Candidate> bySelectionScore(Collection<Candidate> candidates) {
        return byFitness(
                candidates.stream()
                        .filter(c -> c.state == CandidateState.DONE && !c.selectionScores.isEmpty())
                        .toList(),
                Selection::score,
                c -> c.index);
    }

    /**
     * The score a candidate is selected on: the mean F over its selection seeds when it was re-scored, minus
     * infinity when one of those trainings failed (it ranks below every candidate whose seeds all trained), its F
     * when it was not re-scored.
     */
    public static double score(Candidate c) {
        if (c.selectionScores.isEmpty()) return c.fitness;
        double sum = 0;
        for (Double f : c.selectionScores) {
            if (f == null || !Double.isFinite(f)) return Double.NEGATIVE_INFINITY;
            sum += f;
        }
        return sum / c.selectionScores.size();
    }

    /** The same rule over any kind of row: the highest fitness, ties to the lower index; empty when none. */
    public static <T> Optional<T> byFitness(Collection<T> rows, ToDoubleFunction<T> fitness, ToIntFunction<T> index) {
        return rows.stream().max(Comparator.comparingDouble(fitness).thenComparing(r -> -index.applyAsInt(r)));
    }
}
