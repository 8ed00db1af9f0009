package dev.rewardsmith.propose;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The functional forms a component takes in Eureka's examples, written over the elements of one state quantity
 * (a scalar field, or every element of a short array) and one named constant: a weight for penalties and
 * indicators, a temperature for bonuses.
 */
enum Shape {
    LINEAR("linear penalty"),
    QUADRATIC("quadratic penalty"),
    EXP("exp bonus"),
    TANH("tanh bonus"),
    INDICATOR("indicator");

    /** The shapes a continuous quantity can take (an indicator needs a boolean field). */
    static final List<Shape> CONTINUOUS = List.of(LINEAR, QUADRATIC, EXP, TANH);

    private final String label;

    Shape(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Suffix of the constant's local variable name. */
    String constantSuffix() {
        return this == EXP || this == TANH ? "Temperature" : "Weight";
    }

    /** The value expression, e.g. {@code Math.exp(-t * s.x * s.x)}; {@code constant} names the constant. */
    String expression(List<String> elements, String constant) {
        return switch (this) {
            case LINEAR -> "-" + constant + " * " + absolutes(elements);
            case QUADRATIC -> "-" + constant + " * " + squares(elements);
            case EXP -> "Math.exp(-" + constant + " * " + squares(elements) + ")";
            case TANH -> "1.0 - Math.tanh(" + constant + " * " + absolutes(elements) + ")";
            case INDICATOR -> constant + " * (" + elements.get(0) + " ? 1.0 : 0.0)";
        };
    }

    /** A short formula for summaries, e.g. {@code exp(-4.0 * s.x^2)}; arrays read as {@code s.a[*]}. */
    String formula(List<String> elements, String constant) {
        String q = elements.size() == 1 ? elements.get(0) : elements.get(0).replaceFirst("\\[0]$", "[*]");
        return switch (this) {
            case LINEAR -> "-" + constant + " * |" + q + "|";
            case QUADRATIC -> "-" + constant + " * " + q + "^2";
            case EXP -> "exp(-" + constant + " * " + q + "^2)";
            case TANH -> "1 - tanh(" + constant + " * |" + q + "|)";
            case INDICATOR -> constant + " * (" + q + " ? 1 : 0)";
        };
    }

    private static String squares(List<String> elements) {
        if (elements.size() == 1) return elements.get(0) + " * " + elements.get(0);
        return elements.stream().map(e -> e + " * " + e).collect(Collectors.joining(" + ", "(", ")"));
    }

    private static String absolutes(List<String> elements) {
        if (elements.size() == 1) return "Math.abs(" + elements.get(0) + ")";
        return elements.stream().map(e -> "Math.abs(" + e + ")").collect(Collectors.joining(" + ", "(", ")"));
    }
}
