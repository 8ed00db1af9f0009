package dev.rewardsmith.propose;

import dev.rewardsmith.search.Reflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What the offline proposer reads from a reflection, after Eureka's analysis tips: which components barely
 * moved during training, which one dwarfs the others, and whether the fitness stayed near zero.
 *
 * @param nearConstant components whose values were nearly identical throughout training, in component order
 * @param dominant components much larger in magnitude than the others, each with the factor that brings it
 *     down to a few times the others' median
 * @param zeroFitness whether the task fitness stayed near zero over the whole training
 */
record ReflectionDiagnosis(List<String> nearConstant, List<Dominant> dominant, boolean zeroFitness) {

    /**
     * A component is near-constant when its range over training (max - min) is at most this fraction of its
     * magnitude (max |value|): the reflection prints two decimals, and a component that moved by less than a
     * twentieth of its size gave the policy almost no signal to learn from (Eureka's tip 2).
     */
    static final double NEAR_CONSTANT_RANGE = 0.05;

    /** Below this magnitude a component is identically zero: near-constant whatever its range. */
    static final double ZERO_MAGNITUDE = 1e-9;

    /**
     * A component dominates when its |mean| exceeds this multiple of the median |mean| of the others: an order
     * of magnitude, at which the others' contribution is lost in the noise of the return (Eureka's tip 3).
     */
    static final double DOMINANCE_RATIO = 10.0;

    /** A dominant component is rescaled to this multiple of the others' median: still the largest, not dominant. */
    static final double DOMINANCE_TARGET = 3.0;

    /**
     * The fitness stayed near zero when its maximum over training is below this: F is a success fraction in
     * [0, 1] for every task (a count for reorient), so under 5% at the best epoch means the reward does not lead
     * to the goal and Eureka's tip 1 says to rewrite it. A training without any finished episode tells nothing.
     */
    static final double ZERO_FITNESS = 0.05;

    /** A component to rescale by {@code factor} (in (0, 0.5]). */
    record Dominant(String name, double factor) {}

    public ReflectionDiagnosis {
        nearConstant = List.copyOf(nearConstant);
        dominant = List.copyOf(dominant);
    }

    static ReflectionDiagnosis of(Reflection reflection) {
        List<String> nearConstant = new ArrayList<>();
        List<Reflection.Series> series = new ArrayList<>();
        for (Reflection.Series s : reflection.components()) {
            if (s.empty()) continue;
            series.add(s);
            double magnitude = Math.max(Math.abs(s.max()), Math.abs(s.min()));
            if (magnitude <= ZERO_MAGNITUDE || s.max() - s.min() <= NEAR_CONSTANT_RANGE * magnitude) {
                nearConstant.add(s.name());
            }
        }
        List<Dominant> dominant = new ArrayList<>();
        if (series.size() >= 2) {
            for (Reflection.Series s : series) {
                double[] others = series.stream()
                        .filter(o -> o != s)
                        .mapToDouble(o -> Math.abs(o.mean()))
                        .sorted()
                        .toArray();
                double median = median(others);
                double magnitude = Math.abs(s.mean());
                if (median > ZERO_MAGNITUDE && magnitude > DOMINANCE_RATIO * median) {
                    dominant.add(new Dominant(s.name(), roundDown(DOMINANCE_TARGET * median / magnitude)));
                }
            }
        }
        Reflection.Series fitness = reflection.fitness();
        boolean zeroFitness = !fitness.empty() && fitness.max() < ZERO_FITNESS;
        return new ReflectionDiagnosis(nearConstant, dominant, zeroFitness);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** To one significant digit, rounded down (0.0372 -> 0.03), so the factor reads as a person would write it. */
    static double roundDown(double factor) {
        double power = Math.pow(10, Math.floor(Math.log10(factor)));
        double rounded = Math.floor(factor / power) * power;
        return Double.parseDouble(ProgramMoves.number(rounded));
    }
}
