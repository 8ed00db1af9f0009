package dev.rewardsmith.propose;

import dev.rewardsmith.propose.FieldReading.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reward programs designed from what the state view's documentation says (docs/architecture.md, Proposers): the
 * error to the goal as a pull and a sharp bonus close in (or an inverse-distance term), a bonus per success, a
 * penalty for a failure, a survival bonus where failing ends the episode, a time cost where succeeding ends it,
 * small penalties for offsets from a rest pose, effort and speed, and (the first variant, random draws) a
 * potential whose potential-based shaping pays each step's progress toward the goal. Each variant turns the same
 * knobs differently (the shape of the error term, its temperature against the documented range, the size of the
 * event terms), so the K samples of a round differ in what matters rather than in which field they happen to read.
 */
final class DesignedTemplates {

    /** How the error to the goal is rewarded. */
    enum ErrorShape {
        /** -e / scale, plus exp(-e / temperature): pulled from afar, a sharp bonus close in. */
        PULL_AND_PRECISION("pull + precision"),
        /** epsilon / (e + epsilon): the inverse-distance reward of dexterous manipulation. */
        INVERSE("inverse distance"),
        /** exp(-e / broad temperature) + exp(-e / sharp temperature): bounded and positive at every step. */
        TWO_BONUSES("broad + sharp bonus"),
        /**
         * exp(-(e / width)^2) with the width 0.3 of the error's scale, plus a sharp one as wide as the precision
         * temperature: positive everywhere, for tasks where failing ends the episode (a never-positive pull would
         * make ending early pay), and still sharper close in.
         */
        GAUSSIAN("broad + sharp gaussian");

        final String label;

        ErrorShape(String label) {
            this.label = label;
        }
    }

    /**
     * One variant's choices.
     *
     * @param shape how the error is rewarded
     * @param sharpness the precision temperature as a fraction of the error's documented scale
     * @param eventBonus the bonus per success (and the penalty per failure)
     * @param control the effort penalty's weight
     * @param damp whether speeds get a small penalty
     * @param shaping the weight of a potential (the negative error to the goal over its scale, the progress
     *     below its goal over its span) whose potential-based shaping pays each step's progress; 0 for none
     */
    record Knobs(ErrorShape shape, double sharpness, double eventBonus, double control, boolean damp, double shaping) {

        Knobs(ErrorShape shape, double sharpness, double eventBonus, double control, boolean damp) {
            this(shape, sharpness, eventBonus, control, damp, 0);
        }
    }

    /** The variants tried first, in order: the K samples of iteration 0 take them one by one. */
    static final List<Knobs> VARIANTS = List.of(
            new Knobs(ErrorShape.PULL_AND_PRECISION, 0.1, 10.0, 0.01, false, 1.0),
            new Knobs(ErrorShape.INVERSE, 0.03, 25.0, 0.01, false),
            new Knobs(ErrorShape.TWO_BONUSES, 0.1, 10.0, 0.05, true),
            new Knobs(ErrorShape.PULL_AND_PRECISION, 0.05, 5.0, 0.05, true),
            new Knobs(ErrorShape.INVERSE, 0.1, 10.0, 0.05, true),
            new Knobs(ErrorShape.TWO_BONUSES, 0.03, 25.0, 0.01, false));

    private static final double[] SHARPNESS = {0.02, 0.03, 0.05, 0.1, 0.2};
    private static final double[] EVENT_BONUS = {1.0, 5.0, 10.0, 25.0, 100.0};
    private static final double[] CONTROL = {0.001, 0.01, 0.05, 0.1};
    /** Potential weights of the random draws: none half of the time. */
    private static final double[] SHAPING = {0, 0, 1, 4};

    private DesignedTemplates() {}

    /** The knobs of the {@code index}-th designed program: the listed variants, then random draws. */
    static Knobs knobs(int index, SplittableRandom random) {
        if (index < VARIANTS.size()) return VARIANTS.get(index);
        ErrorShape[] shapes = ErrorShape.values();
        return new Knobs(
                shapes[random.nextInt(shapes.length)],
                SHARPNESS[random.nextInt(SHARPNESS.length)],
                EVENT_BONUS[random.nextInt(EVENT_BONUS.length)],
                CONTROL[random.nextInt(CONTROL.length)],
                random.nextBoolean(),
                SHAPING[random.nextInt(SHAPING.length)]);
    }

    /**
     * Whether the documentation gives enough to design from: an error to a goal, a quantity to raise, a success
     * to reach, or a pose to hold where failing ends the episode (balancing).
     */
    static boolean designable(List<FieldReading> readings) {
        boolean failureEnds = readings.stream()
                .anyMatch(r -> (r.role() == Role.FAILURE || r.role() == Role.ALIVE) && r.endsEpisode());
        return readings.stream()
                .anyMatch(r -> r.role() == Role.ERROR
                        || r.role() == Role.PROGRESS
                        || r.role() == Role.SUCCESS
                        || failureEnds && r.role() == Role.OFFSET);
    }

    /** A program designed with these knobs; null when {@link #designable} is false. */
    static Candidate write(String typeName, List<FieldReading> readings, Knobs knobs) {
        if (!designable(readings)) return null;
        boolean failureEnds = readings.stream()
                .anyMatch(r -> (r.role() == Role.FAILURE || r.role() == Role.ALIVE) && r.endsEpisode());
        boolean successEnds = readings.stream().anyMatch(r -> r.role() == Role.SUCCESS && r.endsEpisode());
        Program program = new Program();
        List<String> read = new ArrayList<>();
        List<String> written = new ArrayList<>(); // the knobs that shaped a term, for the summary
        for (FieldReading r : readings) {
            String s = "s." + r.field().name();
            String name = r.field().name().equals("s") || r.field().name().equals("c")
                    ? r.field().name() + "Term"
                    : r.field().name();
            String value = magnitude(r);
            String scale = ProgramMoves.number(r.scale());
            switch (r.role()) {
                case ERROR -> {
                    read.add(r.field().name() + " as the error to the goal (scale " + scale + ")");
                    // where failing ends the episode every step must pay, so the error term stays positive
                    ErrorShape shape = failureEnds && knobs.shape() == ErrorShape.PULL_AND_PRECISION
                            ? ErrorShape.GAUSSIAN
                            : knobs.shape();
                    written.add(
                            shape == ErrorShape.GAUSSIAN
                                    ? shape.label + " 0.3 and " + ProgramMoves.number(knobs.sharpness())
                                            + " of the error's scale wide"
                                    : shape.label + ", precision at " + ProgramMoves.number(knobs.sharpness())
                                            + " of the error's scale");
                    String sharp = ProgramMoves.number(knobs.sharpness() * r.scale());
                    switch (shape) {
                        case PULL_AND_PRECISION -> {
                            program.term(name + "Pull", "Weight", "1.0", "-" + "%s * " + value + " / " + scale);
                            program.term(name + "Precision", "Temperature", sharp, "Math.exp(-" + value + " / %s)");
                        }
                        case INVERSE ->
                            program.term(name + "Inverse", "Epsilon", sharp, "%1$s / (" + value + " + %1$s)");
                        case TWO_BONUSES -> {
                            program.term(
                                    name + "Approach",
                                    "Temperature",
                                    ProgramMoves.number(0.5 * r.scale()),
                                    "Math.exp(-" + value + " / %s)");
                            program.term(name + "Precision", "Temperature", sharp, "Math.exp(-" + value + " / %s)");
                        }
                        case GAUSSIAN -> {
                            String bell = "Math.exp(-(" + s + " / %1$s) * (" + s + " / %1$s))";
                            program.term(name + "Bonus", "Width", ProgramMoves.number(0.3 * r.scale()), bell);
                            program.term(name + "Precision", "Width", sharp, bell);
                        }
                    }
                }
                case PROGRESS -> {
                    if (r.bounded()) {
                        read.add(r.field().name() + " to raise towards " + ProgramMoves.number(top(r)));
                        program.term(name + "Progress", "Weight", "0.5", "%s * " + belowGoal(r));
                    } else {
                        read.add(r.field().name() + " to raise");
                        program.term(name + "Progress", "Weight", "1.0", "%s * " + s);
                    }
                }
                case MOMENTUM -> {
                    if (!knobs.damp() && knobs.shape() != ErrorShape.INVERSE) {
                        read.add(r.field().name() + " as momentum to climb with");
                        // never positive: where reaching the goal ends the episode, waiting must not pay
                        program.term(
                                name + "Momentum", "Weight", "0.5", "%s * (Math.abs(" + s + ") / " + scale + " - 1.0)");
                    }
                }
                case DIRECTION -> {
                    String cap = ProgramMoves.number(0.25 * r.scale());
                    read.add(r.field().name() + " to keep positive");
                    program.term(
                            name + "Direction",
                            "Weight",
                            "0.1",
                            "%s * Math.clamp(" + s + ", -" + cap + ", " + cap + ")");
                }
                case OFFSET -> {
                    read.add(r.field().name() + " best at 0");
                    program.term(name + "Offset", "Weight", "0.5", "-%s * " + value + " / " + scale);
                }
                case SPEED -> {
                    // where failing ends the episode the task is to hold a state: speeds are always damped
                    if (knobs.damp() || failureEnds) {
                        read.add(r.field().name() + " damped");
                        program.term(
                                name + "Damping",
                                "Weight",
                                "0.1",
                                "-%s * " + s + " * " + s + " / " + ProgramMoves.number(r.scale() * r.scale()));
                    }
                }
                case CONTROL -> {
                    read.add(r.field().name() + " as effort");
                    List<String> squares = new ArrayList<>();
                    for (String e : r.field().elements("s")) squares.add(e + " * " + e);
                    program.term(
                            name + "Effort",
                            "Weight",
                            ProgramMoves.number(knobs.control()),
                            "-%s * (" + String.join(" + ", squares) + ")");
                }
                case SUCCESS -> {
                    read.add(r.field().name() + " as success");
                    program.term(name + "Bonus", "Weight", ProgramMoves.number(knobs.eventBonus()), s + " ? %s : 0.0");
                }
                case FAILURE -> {
                    read.add(r.field().name() + " as failure");
                    program.term(
                            name + "Penalty", "Weight", ProgramMoves.number(knobs.eventBonus()), s + " ? -%s : 0.0");
                }
                case ALIVE -> {
                    read.add(r.field().name() + " as staying alive");
                    program.term(
                            name + "Alive", "Penalty", ProgramMoves.number(knobs.eventBonus()), s + " ? 0.1 : -%s");
                }
                case OTHER -> {}
            }
        }
        if (failureEnds
                && readings.stream().noneMatch(r -> r.role() == Role.ALIVE)
                && readings.stream().noneMatch(r -> r.role() == Role.ERROR)) {
            program.term("survival", "Bonus", "1.0", "%s");
        }
        if (successEnds) {
            String flag = readings.stream()
                    .filter(r -> r.role() == Role.SUCCESS && r.endsEpisode())
                    .findFirst()
                    .orElseThrow()
                    .field()
                    .name();
            program.term("time", "Cost", "1.0", "s." + flag + " ? 0.0 : -%s");
        }
        boolean events = readings.stream()
                .anyMatch(r -> r.role() == Role.SUCCESS || r.role() == Role.FAILURE || r.role() == Role.ALIVE);
        if (events) written.add("events " + ProgramMoves.number(knobs.eventBonus()));
        if (readings.stream().anyMatch(r -> r.role() == Role.CONTROL)) {
            written.add("effort " + ProgramMoves.number(knobs.control()));
        }
        if (read.stream().anyMatch(r -> r.endsWith(" damped"))) written.add("speeds damped");
        String potential = knobs.shaping() > 0 ? potential(typeName, readings, knobs.shaping()) : null;
        if (potential != null) written.add("potential-based shaping " + ProgramMoves.number(knobs.shaping()));
        return new Candidate(
                program.source(typeName) + (potential == null ? "" : "\n" + potential),
                "designed from the state view's documentation (" + String.join(", ", read) + ")"
                        + (written.isEmpty() ? "" : ": " + String.join(", ", written)));
    }

    /**
     * The potential of potential-based shaping (docs/architecture.md, Potential-based shaping) the documentation
     * gives: minus each error to the goal over its scale, plus each bounded quantity to raise, below its goal, over
     * its span; {@code weight} times their sum. Null when the documentation names neither.
     */
    static String potential(String typeName, List<FieldReading> readings, double weight) {
        List<String> terms = new ArrayList<>();
        for (FieldReading r : readings) {
            if (r.role() == Role.ERROR) {
                terms.add("-" + magnitude(r) + " / " + ProgramMoves.number(r.scale()));
            } else if (r.role() == Role.PROGRESS && r.bounded()) {
                terms.add(belowGoal(r));
            }
        }
        if (terms.isEmpty()) return null;
        return "private static double potential(" + typeName + " s) {\n    double shapingWeight = "
                + ProgramMoves.number(weight) + ";\n    return shapingWeight * (" + String.join(" + ", terms)
                + ");\n}\n";
    }

    /** The field's size as the program reads it: its absolute value when it takes negative values. */
    private static String magnitude(FieldReading r) {
        String s = "s." + r.field().name();
        return r.signed() ? "Math.abs(" + s + ")" : s;
    }

    /** A bounded progress field's goal: its documented goal line, else the top of its range. */
    private static double top(FieldReading r) {
        return Double.isNaN(r.goal()) ? r.high() : r.goal();
    }

    /** How far a bounded progress field is below its goal, over its span: at most 0. */
    private static String belowGoal(FieldReading r) {
        String top = ProgramMoves.number(top(r));
        return "(Math.min(s." + r.field().name() + ", " + top + ") - " + top + ") / "
                + ProgramMoves.number(r.high() - r.low());
    }

    /** The program as its terms accumulate: each a named constant, a component and a term of the total. */
    private static final class Program {
        private final StringBuilder definitions = new StringBuilder();
        private final List<String> names = new ArrayList<>();

        /**
         * Adds a component {@code name} whose constant {@code name + suffix} has {@code constant} as its value;
         * {@code expression} refers to the constant as {@code %s} (or {@code %1$s}).
         */
        void term(String name, String suffix, String constant, String expression) {
            if (names.size() >= ProgramMoves.MAX_COMPONENTS) return;
            String constantName = name + suffix;
            definitions
                    .append("    double ")
                    .append(constantName)
                    .append(" = ")
                    .append(constant)
                    .append(";\n    double ")
                    .append(name)
                    .append(" = ")
                    .append(expression.replace("%1$s", constantName).replace("%s", constantName))
                    .append(";\n");
            names.add(name);
        }

        String source(String typeName) {
            StringBuilder puts = new StringBuilder();
            for (String name : names) {
                puts.append("    c.put(\"")
                        .append(name)
                        .append("\", ")
                        .append(name)
                        .append(");\n");
            }
            return "double reward(" + typeName + " s, Components c) {\n" + definitions + puts + "    return "
                    + String.join(" + ", names) + ";\n}\n";
        }
    }
}
