package dev.rewardsmith.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MixedScoreTest {

    private static final double EXACT = 1e-12;

    @Test
    void weighsNormalizedFitnessAgainstNormalizedLogStrength() {
        // F 2, 6, 4 -> f 0, 1, 0.5; log strengths 2 ln 2, 0, ln 2 -> s 1, 0, 0.5
        double[] scores = MixedScore.of(new double[] {2, 6, 4}, new double[] {4, 1, 2}, 0.25);
        // 0.25 * 0 + 0.75 * 1, 0.25 * 1 + 0.75 * 0, 0.25 * 0.5 + 0.75 * 0.5
        assertArrayEquals(new double[] {0.75, 0.25, 0.5}, scores, EXACT);
    }

    @Test
    void normalizesTheLogOfTheStrengthNotTheStrength() {
        // log strengths 0, ln 2, 3 ln 2 -> s 0, 1/3, 1 (on the raw strengths it would be 0, 1/7, 1)
        double[] scores = MixedScore.of(new double[] {5, 5, 5}, new double[] {1, 2, 8}, 0);
        assertArrayEquals(new double[] {0, 1.0 / 3, 1}, scores, EXACT);
    }

    @Test
    void equalFitnessCountsAsOneForEveryone() {
        // f 1, 1, 1; s 0, 0.5, 1
        double[] scores = MixedScore.of(new double[] {3, 3, 3}, new double[] {1, 2, 4}, 0.5);
        assertArrayEquals(new double[] {0.5, 0.75, 1}, scores, EXACT);
    }

    @Test
    void equalStrengthsCountAsOneForEveryone() {
        // f 0, 1; s 1, 1 (no votes yet: every strength is the prior's)
        double[] scores = MixedScore.of(new double[] {1, 3}, new double[] {2, 2}, 0.5);
        assertArrayEquals(new double[] {0.5, 1}, scores, EXACT);
    }

    @Test
    void everythingEqualScoresOneForEveryone() {
        double[] scores = MixedScore.of(new double[] {-7, -7}, new double[] {0.3, 0.3}, 0.8);
        assertArrayEquals(new double[] {1, 1}, scores, EXACT);
    }

    @Test
    void weightOneIsFitnessAloneAndZeroIsVotesAlone() {
        double[] fitness = {10, 20, 15};
        double[] strengths = {4, 2, 1};
        assertArrayEquals(new double[] {0, 1, 0.5}, MixedScore.of(fitness, strengths, 1), EXACT);
        assertArrayEquals(new double[] {1, 0.5, 0}, MixedScore.of(fitness, strengths, 0), EXACT);
    }

    @Test
    void noCandidatesNoScores() {
        assertEquals(0, MixedScore.of(new double[0], new double[0], 0.5).length);
    }

    @Test
    void fitnessAndStrengthsMustPair() {
        assertThrows(IllegalArgumentException.class, () -> MixedScore.of(new double[] {1, 2}, new double[] {1}, 0.5));
    }
}
