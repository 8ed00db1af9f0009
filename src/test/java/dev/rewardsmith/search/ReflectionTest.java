package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReflectionTest {

    /** 12 epochs: upright = e / 10, centred = -0.004, fitness NaN for two epochs then (e - 2) / 10, length 10e + 5. */
    static List<MetricsRecord> series() {
        List<MetricsRecord> out = new ArrayList<>();
        for (int e = 0; e < 12; e++) {
            double fitness = e < 2 ? Double.NaN : (e - 2) / 10.0;
            out.add(new MetricsRecord(
                    e + 1,
                    (e + 1) * 256L,
                    1000,
                    1,
                    10 * e + 5,
                    fitness,
                    List.of("upright", "centred"),
                    new double[] {e / 10.0, -0.004},
                    0.5,
                    0,
                    0,
                    0,
                    0,
                    0,
                    1e-3));
        }
        return out;
    }

    @Test
    void textForAKnownSeriesIsExactlyEurekasFormat() {
        String expected =
                "We trained a policy with this reward program for 12 epochs and tracked every reward component,"
                        + " the task fitness and the episode length. Each line lists 10 values sampled evenly over the 12"
                        + " epochs, then the maximum, mean and minimum over all epochs with a value:\n"
                        + "upright: [0.00, 0.10, 0.20, 0.40, 0.50, 0.60, 0.70, 0.90, 1.00, 1.10], max 1.10, mean 0.55, min 0.00\n"
                        + "centred: [0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00], max 0.00, mean 0.00, min 0.00\n"
                        + "task_fitness: [0.00, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90], max 0.90, mean 0.45, min 0.00"
                        + " (from the 10 of 12 epochs in which an episode finished; 2 had none)\n"
                        + "episode_length: [5.00, 15.00, 25.00, 45.00, 55.00, 65.00, 75.00, 95.00, 105.00, 115.00], max 115.00, mean 60.00, min 5.00\n"
                        + Reflection.ANALYSIS_TIPS + "\n" + Reflection.OUTPUT_TIPS;
        assertEquals(expected, Reflection.of(series()).text());
        assertTrue(Reflection.INTRO.startsWith("We trained a policy with this reward program"));
        assertTrue(Reflection.ANALYSIS_TIPS.contains("If task_fitness stays near zero"));
    }

    @Test
    void theSelectionTraceIsShownAndSaysWhichCheckpointIsF() {
        Reflection r = Reflection.of(series(), new double[] {0.2, 0.7, 0.5, 0.7});
        String text = r.text();
        assertTrue(
                text.startsWith("We trained a policy with this reward program for 12 epochs and tracked every reward"
                        + " component, the task fitness and the episode length. Each line lists 10 values sampled"
                        + " evenly over the 12 epochs, then the maximum, mean and minimum over all epochs with a"
                        + " value; the task_fitness_at_checkpoints line lists F at each of the 4 checkpoint"
                        + " evaluations:\n"),
                text);
        // the trace sits after the components, before the training-episode fitness; ties go to the first
        assertTrue(
                text.contains("max 0.00, mean 0.00, min 0.00\n"
                        + "task_fitness_at_checkpoints: [0.20, 0.70, 0.50, 0.70], F = 0.70 (the maximum, at checkpoint"
                        + " 2 of 4; programs are compared by F)\n"
                        + "task_fitness: [0.00,"),
                text);
        assertEquals(1, r.bestCheckpoint());
        assertArrayEquals(new double[] {0.2, 0.7, 0.5, 0.7}, r.checkpoints(), 0);
    }

    @Test
    void aFewEpochsAreAllShownAndTheHeaderSaysSo() {
        List<MetricsRecord> three = series().subList(0, 3);
        String text = Reflection.of(three).text();
        assertTrue(
                text.startsWith("We trained a policy with this reward program for 3 epochs and tracked every reward"
                        + " component, the task fitness and the episode length. Each line lists the values of all 3"
                        + " epochs, then the maximum, mean and minimum over all epochs with a value:\n"),
                text);
        // fitness had a value in one epoch of three: stated, not silently dropped
        assertTrue(
                text.contains("task_fitness: [0.00], max 0.00, mean 0.00, min 0.00 (from the 1 of 3 epochs in which an"
                        + " episode finished; 2 had none)\n"),
                text);
        String none = Reflection.of(series().subList(0, 2)).text();
        assertTrue(
                none.contains("task_fitness: no value during training (no episode finished in any of the 2 epochs)\n"),
                none);
    }

    @Test
    void seriesKeepTheStructureTheOfflineProposerReads() {
        Reflection r = Reflection.of(series());
        assertEquals(
                List.of("upright", "centred"),
                r.components().stream().map(Reflection.Series::name).toList());
        Reflection.Series centred = r.components().get(1);
        assertEquals(-0.004, centred.max(), 0);
        assertEquals(-0.004, centred.min(), 0);
        assertArrayEquals(
                new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9},
                r.fitness().samples(),
                1e-12);
    }

    @Test
    void shortAndEmptySeries() {
        Reflection.Series three = Reflection.Series.of("x", new double[] {3, 1, 2});
        assertEquals("x: [3.00, 1.00, 2.00], max 3.00, mean 2.00, min 1.00", three.line());
        Reflection.Series none = Reflection.Series.of("task_fitness", new double[] {Double.NaN});
        assertEquals("task_fitness: no value during training (no episode finished in the one epoch)", none.line());
        assertEquals(
                "x: [7.00], max 7.00, mean 7.00, min 7.00",
                Reflection.Series.of("x", new double[] {7}).line());
    }
}
