package dev.rewardsmith.reward;

import java.util.Objects;

/**
 * One reason a reward program was rejected: where (1-based line and column in the text the user sent, 0 when
 * unknown), a message saying what was found and what is allowed instead, and optionally a fix hint: the concrete
 * replacement to write (for example {@code s.waypointsReached / 16.0}), empty when there is none. The message is
 * complete on its own; the hint repeats its fix in a form a repair prompt can quote.
 */
public record Problem(Stage stage, int line, int column, String message, String hint) {

    public Problem {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, got " + line + ":" + column);
        }
    }

    /** A problem without a fix hint. */
    public Problem(Stage stage, int line, int column, String message) {
        this(stage, line, column, message, "");
    }

    public boolean hasHint() {
        return !hint.isEmpty();
    }

    @Override
    public String toString() {
        return stage.label() + " " + line + ":" + column + ": " + message;
    }
}
