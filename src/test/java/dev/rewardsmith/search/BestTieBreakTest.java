package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A search's best does not depend on the order its trainings finish in: at equal F the earlier candidate (restart,
 * iteration, index) is the best. Before, the first to finish stayed the best, so a suite run could evaluate one
 * of two tied programs or the other depending on the machine's timing (cartpole's two iteration-0 designs both
 * reach F 1.000 on the search seed and differ over the evaluation seeds: 0.985 and 0.933).
 */
class BestTieBreakTest {

    private static Candidate candidate(int restart, int iteration, int index, double fitness) {
        Candidate c = new Candidate();
        c.id = UUID.randomUUID().toString();
        c.restart = restart;
        c.iteration = iteration;
        c.index = index;
        c.fitness = fitness;
        c.state = CandidateState.DONE;
        return c;
    }

    private static RunState run() {
        return new RunState("s", new InMemoryJournal(), SearchEvents.none(), null);
    }

    @Test
    void equalFitnessGoesToTheEarlierCandidateWhateverOrderTheyFinishIn() {
        Candidate first = candidate(0, 0, 0, 1.0);
        Candidate second = candidate(0, 0, 1, 1.0);
        Candidate later = candidate(0, 1, 0, 1.0);
        Candidate otherRestart = candidate(1, 0, 0, 1.0);
        for (List<Candidate> order : List.of(
                List.of(first, second, later, otherRestart),
                List.of(otherRestart, later, second, first),
                List.of(second, otherRestart, first, later))) {
            RunState run = run();
            for (Candidate c : order) run.offerBest(c, c.fitness, null);
            assertEquals(
                    first,
                    run.best,
                    "order "
                            + order.stream()
                                    .map(c -> c.index + "/" + c.iteration)
                                    .toList());
        }
        RunState run = run();
        run.offerBest(later, 1.0, null);
        run.offerBest(second, 1.0, null);
        assertEquals(second, run.best, "an earlier iteration wins a tie over a later one");
    }

    @Test
    void aHigherFitnessStillWinsFromALaterCandidate() {
        RunState run = run();
        Candidate early = candidate(0, 0, 0, 0.9);
        Candidate late = candidate(0, 1, 1, 0.95);
        run.offerBest(late, late.fitness, null);
        run.offerBest(early, early.fitness, null);
        assertEquals(late, run.best);
        assertEquals(0.95, run.bestScore);
        // NaN (a failed training's F) never becomes the best
        run.offerBest(candidate(0, 0, 0, Double.NaN), Double.NaN, null);
        assertEquals(late, run.best);
    }
}
