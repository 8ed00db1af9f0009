package dev.rewardsmith.feedback;

import java.util.List;
import java.util.Locale;

/**
 * The reflection paragraph about the team's judgement of one candidate (docs/architecture.md, Human feedback), e.g.
 * "Team members preferred this candidate's rollouts in 7 of 9 comparisons (1 tie); comments: ...". Notes follow as
 * their own lines.
 */
public final class PreferenceSummary {

    /** Comments and notes quoted at most (the most recent first is the caller's order). */
    public static final int MAX_QUOTED = 5;

    private PreferenceSummary() {}

    /** The paragraph; empty when there were neither votes nor notes. */
    public static String paragraph(BradleyTerry.Strength strength, List<String> comments, List<String> notes) {
        StringBuilder b = new StringBuilder();
        int counted = strength == null ? 0 : strength.wins() + strength.losses() + strength.ties();
        if (counted > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "Team members preferred this candidate's rollouts in %d of %d comparisons",
                    strength.wins(),
                    counted));
            if (strength.ties() > 0) {
                b.append(" (").append(strength.ties()).append(strength.ties() == 1 ? " tie)" : " ties)");
            }
            List<String> quoted = comments.stream()
                    .filter(c -> c != null && !c.isBlank())
                    .limit(MAX_QUOTED)
                    .map(c -> "\"" + c.strip() + "\"")
                    .toList();
            b.append(quoted.isEmpty() ? "." : "; comments: " + String.join("; ", quoted) + ".");
        }
        List<String> quotedNotes = notes.stream()
                .filter(n -> n != null && !n.isBlank())
                .limit(MAX_QUOTED)
                .toList();
        if (!quotedNotes.isEmpty()) {
            if (!b.isEmpty()) b.append('\n');
            b.append("Team notes on this candidate:");
            for (String n : quotedNotes) b.append("\n- ").append(n.strip());
        }
        return b.toString();
    }
}
