package dev.rewardsmith.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * One raw vote event, as stored (DESIGN.md section 9): a vote, a changed vote, or a withdrawal. Events are never
 * edited; the live vote of a person on a comparison is their latest event unless that one withdrew it.
 *
 * @param comparison the comparison voted on
 * @param voter who voted
 * @param choice the choice; null for a withdrawal
 * @param comment optional comment (null or at most {@link #MAX_COMMENT} characters)
 * @param at when
 */
public record VoteEvent(String comparison, String voter, Choice choice, String comment, Instant at) {

    public static final int MAX_COMMENT = 2000;

    public VoteEvent {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(at, "at");
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("comment: at most " + MAX_COMMENT + " characters");
        }
    }

    public boolean withdrawal() {
        return choice == null;
    }
}
