package dev.rewardsmith.search;

import dev.rewardsmith.feedback.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The team's judgement of one iteration, as a preference or mixed selection reads it.
 *
 * @param outcomes the live votes on the iteration's comparisons, sides resolved
 * @param comments per candidate, the comments of votes for it (for both sides of a tie), newest first
 * @param notes per candidate, the team's notes on it, newest first
 */
public record IterationFeedback(
        List<Outcome> outcomes, Map<String, List<String>> comments, Map<String, List<String>> notes) {

    public static final IterationFeedback NONE = new IterationFeedback(List.of(), Map.of(), Map.of());

    public IterationFeedback {
        outcomes = List.copyOf(outcomes);
        comments = Map.copyOf(comments);
        notes = Map.copyOf(notes);
    }
}
