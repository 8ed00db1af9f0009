package dev.rewardsmith.reward;

import java.util.Objects;

/**
 * One reason a reward program was rejected: where (1-based line and column in the text the user sent, 0 when
 * unknown) and a message saying what was found and what is allowed instead.
 */
public record Problem(Stage stage, int line, int column, String message) {

    public Problem {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return stage.label() + " " + line + ":" + column + ": " + message;
    }
}
