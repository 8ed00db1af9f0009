package dev.rewardsmith.propose;

import dev.rewardsmith.search.Reflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What the offline proposer reads from a reflection, as a model reads it after Eureka's analysis tips: which
 * components barely moved during training, which one dwarfs the others, which move with the fitness F or against
 * it, whether F stayed near zero and how F moved (docs/architecture.md, Proposers).
 *
 * @param nearConstant components whose values were nearly identical throughout training, in component order
 * @param dominant components much larger in magnitude than the others, each with the factor that brings it
 *     down to a few times the largest other
 * @param zeroFitness whether the task fitness stayed near zero over the whole training
 * @param correlated components whose sampled values correlate with F's samples by at least
 *     {@link #CORRELATION} in absolute value, in component order, each with its Pearson r
 * @param trend how F moved over training
 * @param fitnessMax F's maximum over training; NaN when no episode finished
 */
record ReflectionDiagnosis(
        List<String> nearConstant,
        List<Dominant> dominant,
        boolean zeroFitness,
        List<Correlated> correlated,
        Trend trend,
        double fitnessMax) {

    /**
     * A component is said to move with F (or against it) when the Pearson correlation of its ten samples with F's
     * ten samples is at least this in absolute value: a strong linear relation over training, not noise.
     */
    static final double CORRELATION = 0.6;

    /** F fell after its peak when its last sample is below this share of its maximum. */
    static final double FELL_SHARE = 0.8;

    /** F rose when its last sample exceeds its first by at least this share of its maximum. */
    static final double ROSE_SHARE = 0.1;

    /** How F moved over training. */
    enum Trend {
        /** No episode finished: nothing is known. */
        UNKNOWN("F unknown (no episode finished)"),
        /** Stayed near zero (see {@link #ZERO_FITNESS}). */
        ZERO("F stayed near zero"),
        /** The last value is well below the maximum: the policy found something better and lost it. */
        FELL("F fell after its peak"),
        /** The last value is well above the first and near the maximum. */
        ROSE("F rose"),
        /** Neither: F plateaued. */
        FLAT("F plateaued");

        final String words;

        Trend(String words) {
            this.words = words;
        }
    }

    /** A component whose values moved with F ({@code r > 0}) or against it ({@code r < 0}). */
    record Correlated(String name, double r) {}

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

    /**
     * A dominant component is rescaled to this multiple of the largest other: still the largest, no longer
     * dominant. (Scaling to a multiple of the others' median instead would put it below a larger other, e.g. a
     * survival bonus, and hand that one the task.)
     */
    static final double DOMINANCE_TARGET = 3.0;

    /**
     * The fitness stayed near zero when its maximum over training is below this: F is a success fraction in
     * [0, 1] for every task (a count for reorient), so under 5% at the best epoch means the reward does not lead
     * to the goal and Eureka's tip 1 says to rewrite it. A training without any finished episode tells nothing.
     */
    static final double ZERO_FITNESS = 0.05;

    /** A component to rescale by {@code factor} (in (0, 1)). */
    record Dominant(String name, double factor) {}

    public ReflectionDiagnosis {
        nearConstant = List.copyOf(nearConstant);
        dominant = List.copyOf(dominant);
        correlated = List.copyOf(correlated);
    }

    /** A diagnosis without correlations or trend (the three findings of Eureka's tips only). */
    ReflectionDiagnosis(List<String> nearConstant, List<Dominant> dominant, boolean zeroFitness) {
        this(nearConstant, dominant, zeroFitness, List.of(), zeroFitness ? Trend.ZERO : Trend.UNKNOWN, Double.NaN);
    }

    /** Nothing read: what the ablation without reflection sees. */
    static ReflectionDiagnosis none() {
        return new ReflectionDiagnosis(List.of(), List.of(), false);
    }

    /** One clause saying how F moved, e.g. "F rose to 0.62", for the reasons of proposals. */
    String fitnessClause() {
        return switch (trend) {
            case UNKNOWN -> trend.words;
            case ZERO, FELL, FLAT -> trend.words + " (max " + two(fitnessMax) + ")";
            case ROSE -> "F rose to " + two(fitnessMax);
        };
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
                double largestOther = others[others.length - 1];
                double magnitude = Math.abs(s.mean());
                // dominant: an order of magnitude above the others' median, and alone at the top (with a second
                // component within a factor DOMINANCE_TARGET of it, the two share the top: nothing to scale down)
                if (median > ZERO_MAGNITUDE
                        && magnitude > DOMINANCE_RATIO * median
                        && magnitude > DOMINANCE_TARGET * largestOther) {
                    dominant.add(new Dominant(s.name(), roundDown(DOMINANCE_TARGET * largestOther / magnitude)));
                }
            }
        }
        Reflection.Series fitness = reflection.fitness();
        boolean zeroFitness = !fitness.empty() && fitness.max() < ZERO_FITNESS;
        List<Correlated> correlated = new ArrayList<>();
        for (Reflection.Series s : series) {
            if (nearConstant.contains(s.name())) continue;
            double r = correlation(s, fitness);
            if (!Double.isNaN(r) && Math.abs(r) >= CORRELATION) correlated.add(new Correlated(s.name(), round2(r)));
        }
        return new ReflectionDiagnosis(
                nearConstant, dominant, zeroFitness, correlated, trend(fitness, zeroFitness), fitness.max());
    }

    /** How F's samples moved: near zero, fell after the peak, rose, or plateaued. */
    static Trend trend(Reflection.Series fitness, boolean zeroFitness) {
        if (fitness.empty()) return Trend.UNKNOWN;
        if (zeroFitness) return Trend.ZERO;
        double[] f = fitness.samples();
        double first = f[0];
        double last = f[f.length - 1];
        double max = fitness.max();
        if (last < FELL_SHARE * max) return Trend.FELL;
        if (last - first >= ROSE_SHARE * Math.abs(max)) return Trend.ROSE;
        return Trend.FLAT;
    }

    /**
     * Pearson r of a component's samples with F's samples; NaN unless both cover the same epochs (same count,
     * no epoch without a value in either), there are at least three, and neither is constant.
     */
    static double correlation(Reflection.Series component, Reflection.Series fitness) {
        double[] x = component.samples();
        double[] y = fitness.samples();
        if (x.length < 3 || x.length != y.length || component.missing() > 0 || fitness.missing() > 0) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx <= 0 || syy <= 0) return Double.NaN;
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Two decimals, as the reflection prints values. */
    static String two(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
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
