package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void humanNormalizedScoreByHand() {
        // (0.9 - 0.1) / |0.5 - 0.1| = 0.8 / 0.4 = 2
        assertEquals(2.0, Scores.humanNormalized(0.9, 0.5, 0.1).getAsDouble(), 1e-12);
        // human below sparse: the denominator is the absolute gap; (0.2 - 0.6) / |0.4 - 0.6| = -2
        assertEquals(-2.0, Scores.humanNormalized(0.2, 0.4, 0.6).getAsDouble(), 1e-12);
        // the method equal to the human reward scores exactly 1
        assertEquals(1.0, Scores.humanNormalized(0.7, 0.7, 0.2).getAsDouble(), 1e-12);
        assertEquals(3.0, Scores.clip(4.5));
        assertEquals(0.0, Scores.clip(-2.0));
        assertEquals(1.25, Scores.clip(1.25));
    }

    @Test
    void humanNormalizedScoreIsUndefinedWhenHumanEqualsSparse() {
        assertFalse(Scores.humanNormalized(1.0, 0.5, 0.5).isPresent());
        assertFalse(Scores.humanNormalized(1.0, 0.5 + 5e-7, 0.5).isPresent());
        assertTrue(Scores.humanNormalized(1.0, 0.5 + 2e-6, 0.5).isPresent());
        Evaluation e = Evaluation.of(
                new double[] {1, 1},
                new double[] {0.5, 0.5},
                new double[] {0.5, 0.5},
                null,
                null,
                0,
                RewardCorrelation.overTraining(List.of()),
                "c",
                1,
                0);
        assertNull(e.hns());
        assertNull(e.hnsClipped());
        assertTrue(e.hnsNote().startsWith("undefined"), e.hnsNote());
    }

    @Test
    void spreadAndEvaluationByHand() {
        // mean 2, sample variance ((1-2)^2 + 0 + (3-2)^2) / 2 = 1
        assertEquals(2.0, Scores.mean(new double[] {1, 2, 3}), 1e-12);
        assertEquals(1.0, Scores.sd(new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, Scores.sd(new double[] {5}), 0);
        Evaluation e = Evaluation.of(
                new double[] {0.8, 1.0},
                new double[] {0.5, 0.7},
                new double[] {0.0, 0.2},
                null,
                0.5,
                100,
                overTraining(),
                "c",
                1,
                2);
        // best 0.9, human 0.6, sparse 0.1: (0.9 - 0.1) / 0.5 = 1.6
        assertEquals(0.9, e.best().mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), e.best().sd(), 1e-12);
        assertEquals(1.6, e.hns(), 1e-12);
        assertEquals(1.6, e.hnsClipped(), 1e-12);
        assertNull(e.hnsNote());
        assertEquals(0.5, e.correlation());
        assertEquals(5 / Math.sqrt(2 * 114.0 / 9), e.trainingCorrelation(), 1e-12);
        assertEquals(3, e.trainingCorrelationEpochs());
    }

    private static MetricsRecord epoch(int epoch, double rewardMean, double humanReward) {
        return new MetricsRecord(
                epoch,
                epoch * 64L,
                1,
                0,
                0,
                0,
                List.of("a"),
                new double[] {rewardMean},
                humanReward,
                0,
                0,
                0,
                0,
                0,
                1e-3,
                rewardMean);
    }

    /** Reward means 1, 2, 3 and human means 2, 4, 7 over the epochs measured; an epoch without either is left out. */
    private static RewardCorrelation.Result overTraining() {
        return RewardCorrelation.overTraining(List.of(
                epoch(1, 1, 2), epoch(2, 2, 4), epoch(3, Double.NaN, 5), epoch(4, 3, 7), epoch(5, 4, Double.NaN)));
    }

    @Test
    void eurekasCorrelationIsOverTheEpochsOfTraining() {
        RewardCorrelation.Result r = overTraining();
        assertEquals(3, r.steps());
        assertEquals(5 / Math.sqrt(2 * 114.0 / 9), r.correlation().getAsDouble(), 1e-12);
        // a constant human reward over training: undefined
        RewardCorrelation.Result flat =
                RewardCorrelation.overTraining(List.of(epoch(1, 1, 2), epoch(2, 2, 2), epoch(3, 3, 2)));
        assertEquals(3, flat.steps());
        assertTrue(flat.correlation().isEmpty());
        // records without the reward's mean (stored before it was measured): nothing to pair
        var old = new MetricsRecord(1, 64, 1, 0, 0, 0, List.of("a"), new double[] {1}, 2, 0, 0, 0, 0, 0, 1e-3);
        assertEquals(0, RewardCorrelation.overTraining(List.of(old, old)).steps());
    }

    @Test
    void pearsonByHand() {
        // x = 1, 2, 3; y = 2, 4, 7: means 2 and 13/3; dx = -1, 0, 1; dy = -7/3, -1/3, 8/3
        // sxy = 7/3 + 8/3 = 5; sxx = 2; syy = (49 + 1 + 64) / 9 = 114/9; r = 5 / sqrt(2 * 114/9)
        double r = Scores.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 7}, 3)
                .getAsDouble();
        assertEquals(5 / Math.sqrt(2 * 114.0 / 9), r, 1e-12);
        assertEquals(
                -1.0,
                Scores.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}, 3)
                        .getAsDouble(),
                1e-12);
        // only the first n pairs count
        assertEquals(
                1.0,
                Scores.pearson(new double[] {1, 2, 9}, new double[] {2, 4, -5}, 2)
                        .getAsDouble(),
                1e-12);
        assertFalse(
                Scores.pearson(new double[] {1, 2, 3}, new double[] {4, 4, 4}, 3)
                        .isPresent(),
                "constant side");
        assertFalse(Scores.pearson(new double[] {1}, new double[] {2}, 1).isPresent());
    }
}
