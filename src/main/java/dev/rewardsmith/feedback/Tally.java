package dev.rewardsmith.feedback;

import java.util.List;

/**
 * The live votes on one comparison counted by choice: what the voting page shows as "the team so far".
 *
 * @param left votes for the left rollout
 * @param right votes for the right rollout
 * @param tie ties
 */
public record Tally(int left, int right, int tie) {

    public static final Tally NONE = new Tally(0, 0, 0);

    public Tally {
        if (left < 0 || right < 0 || tie < 0) throw new IllegalArgumentException("counts cannot be negative");
    }

    /** Counts live votes (see {@link LiveVotes}); withdrawals must already be removed. */
    public static Tally of(List<VoteEvent> live) {
        int l = 0;
        int r = 0;
        int t = 0;
        for (VoteEvent e : live) {
            if (e.withdrawal()) throw new IllegalArgumentException("a withdrawal is not a live vote");
            switch (e.choice()) {
                case LEFT -> l++;
                case RIGHT -> r++;
                case TIE -> t++;
            }
        }
        return new Tally(l, r, t);
    }

    public int total() {
        return left + right + tie;
    }
}
