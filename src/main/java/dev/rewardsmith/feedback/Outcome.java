package dev.rewardsmith.feedback;

import java.util.Objects;

/**
 * A counted vote between two candidates, sides resolved: {@code winner} beat {@code loser}, or they tied.
 *
 * @param first a candidate (the winner unless tie)
 * @param second the other candidate
 * @param tie whether the vote was a tie
 */
public record Outcome(String first, String second, boolean tie) {
    public Outcome {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.equals(second)) throw new IllegalArgumentException("a candidate cannot be compared with itself");
    }

    /** The outcome of a vote on a comparison shown as {@code left} vs {@code right}. */
    public static Outcome of(Choice choice, String left, String right) {
        return switch (choice) {
            case LEFT -> new Outcome(left, right, false);
            case RIGHT -> new Outcome(right, left, false);
            case TIE -> new Outcome(left, right, true);
        };
    }
}
