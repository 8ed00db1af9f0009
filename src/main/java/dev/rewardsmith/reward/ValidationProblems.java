package dev.rewardsmith.reward;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The validation problems the passes have found so far, each placed at a node of the wrapped program and reported at
 * its line and column in the user's text.
 */
final class ValidationProblems {

    private final List<Problem> problems = new ArrayList<>();

    void report(Node node, String message) {
        reportAt(node.getBegin().orElse(null), message, "");
    }

    /** A problem with a fix hint: the replacement to write, also stated in the message. */
    void report(Node node, String message, String hint) {
        reportAt(node.getBegin().orElse(null), message, hint);
    }

    void reportAt(Position position, String message) {
        reportAt(position, message, "");
    }

    private void reportAt(Position position, String message, String hint) {
        if (position == null || position.line <= 1) {
            problems.add(new Problem(Stage.VALIDATE, 0, 0, message, hint));
        } else {
            problems.add(new Problem(Stage.VALIDATE, position.line - 1, position.column, message, hint));
        }
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in source order; problems at the same place keep the order they were found in. */
    List<Problem> sorted() {
        return sorted(problems);
    }

    static List<Problem> sorted(List<Problem> problems) {
        List<Problem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return copy;
    }

    /** A node's kind as a message names it, e.g. "field" or "labeled". */
    static String describe(Node node) {
        String simple = node.getClass().getSimpleName();
        return simple.replaceAll("(Stmt|Expr|Declaration)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** An expression as quoted in a message: one line, at most 60 characters. */
    static String text(Node node) {
        return text(node.toString());
    }

    static String text(String source) {
        String flat = source.replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }
}
