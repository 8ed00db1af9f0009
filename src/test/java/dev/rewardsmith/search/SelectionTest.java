package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static Candidate candidate(int index, CandidateState state, double fitness) {
        Candidate c = new Candidate();
        c.id = "c" + index;
        c.index = index;
        c.state = state;
        c.fitness = fitness;
        return c;
    }

    @Test
    void picksTheDoneCandidateWithTheHighestFitness() {
        List<Candidate> round = List.of(
                candidate(0, CandidateState.DONE, 1.5),
                candidate(1, CandidateState.FAILED, 9),
                candidate(2, CandidateState.DONE, 2.5),
                candidate(3, CandidateState.REJECTED, 0));
        assertEquals("c2", Selection.byFitness(round).orElseThrow().id);
    }

    @Test
    void tiesGoToTheLowerIndexWhateverTheOrder() {
        List<Candidate> round = List.of(
                candidate(4, CandidateState.DONE, 3),
                candidate(1, CandidateState.DONE, 3),
                candidate(2, CandidateState.DONE, 1));
        assertEquals("c1", Selection.byFitness(round).orElseThrow().id);
    }

    @Test
    void nothingDoneNothingSelected() {
        assertTrue(Selection.byFitness(List.of(candidate(0, CandidateState.FAILED, 0)))
                .isEmpty());
    }

    @Test
    void worksOnAnyRow() {
        record Row(int index, double fitness) {}
        var rows = List.of(new Row(0, 1), new Row(1, 4), new Row(2, 4));
        assertEquals(
                new Row(1, 4),
                Selection.byFitness(rows, Row::fitness, Row::index).orElseThrow());
    }
}
