package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Eureka's reward reflection for one trained candidate (docs/architecture.md, Search): per reward component, then the task
 * fitness and the episode length, ten values sampled evenly over training and the max, mean and min over all
 * epochs; then the analysis tips and the output tips. The structured series are what the offline proposer reads;
 * {@link #text()} is what a language model reads.
 *
 * <p>Beside the training-episode fitness it shows the selection trace: F of the deterministic policy at each
 * checkpoint evaluation, whose maximum is the candidate's fitness F, and says which checkpoint that is (as the
 * trace Eureka's model reads is the one whose maximum is the score). Epochs without a finished episode are stated
 * on their line, and the header counts the epochs and the values shown.
 *
 * @param components one series per reward component, in the program's component order
 * @param fitness the task fitness F of the episodes finished in each epoch (epochs without one are skipped and
 *     counted on the line)
 * @param episodeLength the mean episode length per epoch (epochs without a finished episode are skipped)
 * @param checkpoints F at each checkpoint evaluation, in order (the selection trace); empty when unknown
 */
public record Reflection(List<Series> components, Series fitness, Series episodeLength, double[] checkpoints) {

    /** Values shown per series. */
    public static final int SAMPLES = 10;

    public static final String FITNESS_NAME = "task_fitness";
    public static final String EPISODE_LENGTH_NAME = "episode_length";

    static final String INTRO = "We trained a policy with this reward program and tracked every reward component, the"
            + " task fitness and the episode length during training. Each line lists " + SAMPLES
            + " values sampled evenly over training, then the maximum, mean and minimum over all epochs:";

    static final String ANALYSIS_TIPS =
            """
            Please analyze the feedback above carefully and write a new, improved reward program. Some tips:
            (1) If task_fitness stays near zero, the reward does not lead to the goal: rewrite the whole program.
            (2) If the values of a component are nearly identical throughout training, the policy cannot learn \
            from it: change its scale or the value of its temperature, rewrite it, or drop it.
            (3) If one component is much larger in magnitude than the others, rescale it so that none dominates.
            Analyze each existing component as suggested above before you write any code.""";

    /** What every program must look like (also part of the first prompt of the LLM proposer). */
    public static final String OUTPUT_TIPS =
            """
            Write the reward as one Java method `double reward(<State> s, Components c)`: record every component \
            with c.put("<name>", value) and return their total. Give every temperature or scale its own local \
            variable, read only the fields of s, and use only arithmetic, if/else, bounded for loops, and \
            java.lang.Math. Optionally, for potential-based shaping, also write `private static double \
            potential(<State> s)`.""";

    public Reflection {
        components = List.copyOf(components);
        Objects.requireNonNull(fitness, "fitness");
        Objects.requireNonNull(episodeLength, "episodeLength");
        checkpoints = checkpoints == null ? new double[0] : checkpoints.clone();
    }

    /** A reflection without the selection trace. */
    public Reflection(List<Series> components, Series fitness, Series episodeLength) {
        this(components, fitness, episodeLength, new double[0]);
    }

    @Override
    public double[] checkpoints() {
        return checkpoints.clone();
    }

    /** This reflection with the selection trace: F at each checkpoint evaluation, in order. */
    public Reflection withCheckpoints(double[] trace) {
        return new Reflection(components, fitness, episodeLength, trace);
    }

    /** Training epochs the series cover (those without a value included); 0 when unknown (an old record). */
    public int epochs() {
        int e = Math.max(fitness.epochs(), episodeLength.epochs());
        for (Series c : components) e = Math.max(e, c.epochs());
        return e;
    }

    /** The first checkpoint whose F is the maximum (the candidate's F); -1 without a trace. */
    public int bestCheckpoint() {
        int best = -1;
        for (int i = 0; i < checkpoints.length; i++) {
            if (!Double.isNaN(checkpoints[i]) && (best < 0 || checkpoints[i] > checkpoints[best])) best = i;
        }
        return best;
    }

    /**
     * One metric over training.
     *
     * @param name the component name, {@link #FITNESS_NAME} or {@link #EPISODE_LENGTH_NAME}
     * @param samples up to {@link #SAMPLES} values at evenly spaced epochs, first and last included
     * @param max over all epochs with a value; NaN when there was none
     * @param mean over all epochs with a value; NaN when there was none
     * @param min over all epochs with a value; NaN when there was none
     * @param epochs the epochs of training, those without a value included; 0 when unknown
     * @param missing the epochs without a value (no episode finished in them)
     */
    public record Series(String name, double[] samples, double max, double mean, double min, int epochs, int missing) {
        public Series {
            Objects.requireNonNull(name, "name");
            samples = samples.clone();
            if (epochs < 0 || missing < 0 || missing > Math.max(epochs, 0)) {
                throw new IllegalArgumentException("need 0 <= missing <= epochs");
            }
        }

        /** A series whose epoch count is unknown. */
        public Series(String name, double[] samples, double max, double mean, double min) {
            this(name, samples, max, mean, min, 0, 0);
        }

        @Override
        public double[] samples() {
            return samples.clone();
        }

        /** Whether no epoch had a value (e.g. no episode finished during training). */
        public boolean empty() {
            return samples.length == 0;
        }

        /** Summarizes {@code values} (one per epoch; NaN values are skipped). */
        public static Series of(String name, double[] values) {
            double[] finite = java.util.Arrays.stream(values)
                    .filter(v -> !Double.isNaN(v))
                    .toArray();
            int n = finite.length;
            if (n == 0) {
                return new Series(
                        name, new double[0], Double.NaN, Double.NaN, Double.NaN, values.length, values.length);
            }
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            double sum = 0;
            for (double v : finite) {
                max = Math.max(max, v);
                min = Math.min(min, v);
                sum += v;
            }
            int count = Math.min(SAMPLES, n);
            double[] sampled = new double[count];
            for (int i = 0; i < count; i++) {
                int index = count == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (count - 1));
                sampled[i] = finite[index];
            }
            return new Series(name, sampled, max, sum / n, min, values.length, values.length - n);
        }

        /** {@code name: [v, v, ...], max m, mean m, min m} with two decimals, as Eureka prints it. */
        public String line() {
            if (empty()) {
                return name + ": no value during training (no episode finished"
                        + (epochs == 1
                                ? " in the one epoch)"
                                : epochs > 1 ? " in any of the " + epochs + " epochs)" : ")");
            }
            StringBuilder b = new StringBuilder(name).append(": [");
            for (int i = 0; i < samples.length; i++) {
                if (i > 0) b.append(", ");
                b.append(format(samples[i]));
            }
            return b.append("], max ")
                    .append(format(max))
                    .append(", mean ")
                    .append(format(mean))
                    .append(", min ")
                    .append(format(min))
                    .append(
                            missing > 0
                                    ? " (from the " + (epochs - missing) + " of " + epochs
                                            + " epochs in which an episode" + " finished; " + missing + " had none)"
                                    : "")
                    .toString();
        }
    }

    /**
     * The reflection of a training from its per-epoch metrics (in epoch order, at least one record) and F at each
     * checkpoint evaluation.
     */
    public static Reflection of(List<MetricsRecord> epochs, double[] checkpoints) {
        return of(epochs).withCheckpoints(checkpoints);
    }

    /** The reflection of a training from its per-epoch metrics (in epoch order, at least one record). */
    public static Reflection of(List<MetricsRecord> epochs) {
        if (epochs.isEmpty()) throw new IllegalArgumentException("a reflection needs at least one epoch");
        List<String> names = epochs.get(0).componentNames();
        int n = epochs.size();
        List<Series> components = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            double[] values = new double[n];
            for (int e = 0; e < n; e++) values[e] = epochs.get(e).componentMeans()[c];
            components.add(Series.of(names.get(c), values));
        }
        double[] fitness = new double[n];
        double[] length = new double[n];
        for (int e = 0; e < n; e++) {
            fitness[e] = epochs.get(e).fitness();
            length[e] = epochs.get(e).episodeLength();
        }
        return new Reflection(components, Series.of(FITNESS_NAME, fitness), Series.of(EPISODE_LENGTH_NAME, length));
    }

    /**
     * The epochs (their {@link MetricsRecord#epoch()} numbers) whose values this reflection shows: the first and
     * the last, and per series the sampled epochs and those of the maximum and the minimum. A journal that keeps
     * only some epochs of a long training keeps these, so the stored curve passes through the reflection's points.
     */
    public static SortedSet<Integer> epochsRead(List<MetricsRecord> epochs) {
        SortedSet<Integer> read = new TreeSet<>();
        if (epochs.isEmpty()) return read;
        read.add(epochs.get(0).epoch());
        read.add(epochs.get(epochs.size() - 1).epoch());
        int components = epochs.get(0).componentNames().size();
        for (int c = 0; c < components; c++) {
            int component = c;
            addRead(read, epochs, r -> r.componentMeans()[component]);
        }
        addRead(read, epochs, MetricsRecord::fitness);
        addRead(read, epochs, MetricsRecord::episodeLength);
        return read;
    }

    /** Adds the epochs {@link Series#of} samples, and the first epochs of its maximum and minimum. */
    private static void addRead(
            SortedSet<Integer> read, List<MetricsRecord> epochs, java.util.function.ToDoubleFunction<MetricsRecord> f) {
        List<MetricsRecord> finite = new ArrayList<>();
        for (MetricsRecord r : epochs) if (!Double.isNaN(f.applyAsDouble(r))) finite.add(r);
        int n = finite.size();
        if (n == 0) return;
        int count = Math.min(SAMPLES, n);
        for (int i = 0; i < count; i++) {
            int index = count == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (count - 1));
            read.add(finite.get(index).epoch());
        }
        MetricsRecord max = finite.get(0);
        MetricsRecord min = finite.get(0);
        for (MetricsRecord r : finite) {
            if (f.applyAsDouble(r) > f.applyAsDouble(max)) max = r;
            if (f.applyAsDouble(r) < f.applyAsDouble(min)) min = r;
        }
        read.add(max.epoch());
        read.add(min.epoch());
    }

    /** The text a language model reads after the program it describes. */
    public String text() {
        StringBuilder b = new StringBuilder(intro()).append('\n');
        for (Series s : components) b.append(s.line()).append('\n');
        if (checkpoints.length > 0) b.append(selectionLine()).append('\n');
        b.append(fitness.line()).append('\n');
        b.append(episodeLength.line()).append('\n');
        b.append(ANALYSIS_TIPS).append('\n');
        b.append(OUTPUT_TIPS);
        return b.toString();
    }

    /** The header: how many epochs were trained and how many values each line shows. */
    String intro() {
        int epochs = epochs();
        if (epochs == 0) return INTRO;
        int shown = Math.min(SAMPLES, epochs);
        String values = shown == epochs
                ? (epochs == 1 ? "the value of the one epoch" : "the values of all " + epochs + " epochs")
                : shown + " values sampled evenly over the " + epochs + " epochs";
        return "We trained a policy with this reward program for " + epochs + (epochs == 1 ? " epoch" : " epochs")
                + " and tracked every reward component, the task fitness and the episode length. Each line lists "
                + values + ", then the maximum, mean and minimum over all epochs with a value"
                + (checkpoints.length > 0
                        ? "; the " + SELECTION_NAME + " line lists F at each of the " + checkpoints.length
                                + " checkpoint evaluations"
                        : "")
                + ":";
    }

    /** The name of the selection trace's line. */
    public static final String SELECTION_NAME = "task_fitness_at_checkpoints";

    /**
     * The selection trace: F of the deterministic policy at every checkpoint evaluation (fresh episodes), and which
     * one is F, the score the programs are compared by.
     */
    String selectionLine() {
        StringBuilder b = new StringBuilder(SELECTION_NAME).append(": [");
        for (int i = 0; i < checkpoints.length; i++) {
            if (i > 0) b.append(", ");
            b.append(format(checkpoints[i]));
        }
        int best = bestCheckpoint();
        b.append("]");
        if (best >= 0) {
            b.append(", F = ")
                    .append(format(checkpoints[best]))
                    .append(" (the maximum, at checkpoint ")
                    .append(best + 1)
                    .append(" of ")
                    .append(checkpoints.length)
                    .append("; programs are compared by F)");
        }
        return b.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "nan";
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s;
    }
}
