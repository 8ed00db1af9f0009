package dev.rewardsmith.propose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reward programs written from scratch out of a task's state fields, for iteration 0 and for rewrites when the
 * parent's fitness stayed near zero: a sharp bonus on one continuous quantity, one or two more shaping terms,
 * sometimes a boolean indicator, every constant a named local.
 */
final class FreshTemplates {

    /** Candidate temperatures for exp and tanh bonuses (state quantities range from about 0.01 to 10). */
    static final double[] TEMPERATURES = {0.5, 1.0, 2.0, 5.0, 10.0, 20.0};
    /** Candidate weights for penalties. */
    static final double[] WEIGHTS = {0.01, 0.05, 0.1, 0.5, 1.0};
    /** Candidate weights for boolean indicators: bonus or penalty, mild or strong. */
    static final double[] INDICATOR_WEIGHTS = {-1.0, 1.0, -10.0, 0.1};

    private static final List<Shape> FOLLOWING = List.of(Shape.QUADRATIC, Shape.EXP, Shape.LINEAR, Shape.TANH);

    /** One term of a template: a field in a shape with its constant. */
    private record Part(StateField field, Shape shape, double constant) {}

    private FreshTemplates() {}

    /** A constant fit for the shape, drawn from {@link #TEMPERATURES} or {@link #WEIGHTS}. */
    static double constant(Shape shape, SplittableRandom random) {
        double[] choices =
                switch (shape) {
                    case EXP, TANH -> TEMPERATURES;
                    case LINEAR, QUADRATIC -> WEIGHTS;
                    case INDICATOR -> INDICATOR_WEIGHTS;
                };
        return choices[random.nextInt(choices.length)];
    }

    /** A random template over the continuous fields (at least one is needed; else null). */
    static Candidate random(String stateTypeName, List<StateField> fields, SplittableRandom random) {
        List<StateField> continuous = new ArrayList<>();
        List<StateField> booleans = new ArrayList<>();
        for (StateField f : fields) {
            if (f.continuous()) continuous.add(f);
            else if (f.kind() == StateField.Kind.BOOLEAN) booleans.add(f);
        }
        if (continuous.isEmpty()) return null;
        for (int i = continuous.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            continuous.set(i, continuous.set(j, continuous.get(i)));
        }
        int terms = Math.min(continuous.size(), 1 + random.nextInt(3));
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < terms; i++) {
            Shape shape = i == 0 ? Shape.EXP : FOLLOWING.get(random.nextInt(FOLLOWING.size()));
            parts.add(new Part(continuous.get(i), shape, constant(shape, random)));
        }
        if (!booleans.isEmpty() && random.nextInt(3) == 0) {
            StateField flag = booleans.get(random.nextInt(booleans.size()));
            parts.add(new Part(flag, Shape.INDICATOR, constant(Shape.INDICATOR, random)));
        }
        return write(stateTypeName, parts);
    }

    /**
     * The smallest template: an exp bonus with temperature 1 on the first continuous field, else a bonus for
     * the first boolean field, else a constant zero reward.
     */
    static Candidate fallback(String stateTypeName, List<StateField> fields) {
        for (StateField f : fields) {
            if (f.continuous()) return write(stateTypeName, List.of(new Part(f, Shape.EXP, 1.0)));
        }
        for (StateField f : fields) {
            if (f.kind() == StateField.Kind.BOOLEAN) {
                return write(stateTypeName, List.of(new Part(f, Shape.INDICATOR, 1.0)));
            }
        }
        return new Candidate(
                "double reward(" + stateTypeName + " s, Components c) {\n    double constant = 0.0;\n"
                        + "    c.put(\"constant\", constant);\n    return constant;\n}\n",
                "fresh template: constant zero (the state view has no usable field)");
    }

    private static Candidate write(String stateTypeName, List<Part> parts) {
        StringBuilder definitions = new StringBuilder();
        StringBuilder puts = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (Part part : parts) {
            String variable = part.field().name();
            if (variable.equals("s") || variable.equals("c")) variable = variable + "Term";
            String constantName = variable + part.shape().constantSuffix();
            definitions
                    .append("    double ")
                    .append(constantName)
                    .append(" = ")
                    .append(ProgramMoves.number(part.constant()))
                    .append(";\n");
            definitions
                    .append("    double ")
                    .append(variable)
                    .append(" = ")
                    .append(part.shape().expression(part.field().elements("s"), constantName))
                    .append(";\n");
            puts.append("    c.put(\"")
                    .append(variable)
                    .append("\", ")
                    .append(variable)
                    .append(");\n");
            names.add(variable);
        }
        String source = "double reward(" + stateTypeName + " s, Components c) {\n" + definitions + puts + "    return "
                + String.join(" + ", names) + ";\n}\n";
        return new Candidate(
                source,
                "fresh template from "
                        + String.join(
                                ", ", parts.stream().map(p -> p.field().name()).toList()));
    }
}
