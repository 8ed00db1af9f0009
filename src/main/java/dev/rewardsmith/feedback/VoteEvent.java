package dev.rewardsmith.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * One raw vote event, as stored: a vote, a changed vote, or a withdrawal (see docs/architecture.md, Human feedback).
 * Events are never edited; the live vote of a person on a comparison is their latest event unless that one withdrew
 * it ({@link LiveVotes}).
 *
 * @param comparison the comparison voted on
 * @param voter who voted: the key that tells voters apart (the store uses the account id, as a name can be reused
 *     by a new account)
 * @param choice the choice; null for a withdrawal
 * @param comment the comment, null when there is none: a blank comment is no comment, any other is stripped (see
 *     {@link #comment(String)}); at most {@link #MAX_COMMENT} characters
 * @param at when
 */
public record VoteEvent(String comparison, String voter, Choice choice, String comment, Instant at) {

    public static final int MAX_COMMENT = 2000;

    public VoteEvent {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(at, "at");
        comment = comment(comment);
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("comment: at most " + MAX_COMMENT + " characters");
        }
    }

    /**
     * The empty-comment rule, the same for a comment sent and a comment read back: null or blank (only white space)
     * is no comment (null); any other comment is stripped of leading and trailing white space.
     */
    public static String comment(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    public boolean withdrawal() {
        return choice == null;
    }
}
