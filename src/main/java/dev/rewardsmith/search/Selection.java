package dev.rewardsmith.search;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Selection by fitness (docs/architecture.md, Search), the rule of the loop and of every view that shows which
 * candidate an iteration selected without votes: the highest F, ties to the lower index.
 */
public final class Selection {

    private Selection() {}

    /** The trained (done) candidate with the highest F, ties to the lower index; empty when none is done. */
    public static Optional<Candidate> byFitness(Collection<Candidate> candidates) {
        return byFitness(
                candidates.stream().filter(c -> c.state == CandidateState.DONE).toList(), c -> c.fitness, c -> c.index);
    }

    /** The same rule over any kind of row: the highest fitness, ties to the lower index; empty when none. */
    public static <T> Optional<T> byFitness(Collection<T> rows, ToDoubleFunction<T> fitness, ToIntFunction<T> index) {
        return rows.stream().max(Comparator.comparingDouble(fitness).thenComparing(r -> -index.applyAsInt(r)));
    }
}
