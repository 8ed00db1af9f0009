package dev.rewardsmith.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule for which votes are live: per (comparison, voter) the latest event, unless it is a withdrawal. The
 * latest is the one with the latest {@code at}; among events at the same time, the later in the given order (the
 * store gives events in the order they were written). store/FeedbackRepository counts and picks live votes in SQL
 * with exactly this order ({@code at desc, id desc}) where reading every event would be too costly.
 */
public final class LiveVotes {

    private LiveVotes() {}

    /**
     * The live votes, in the order of their (latest) events; events may arrive in any order of time, and events at
     * the same time count in the order given.
     */
    public static List<VoteEvent> of(List<VoteEvent> events) {
        List<VoteEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(VoteEvent::at));
        Map<String, VoteEvent> latest = new LinkedHashMap<>();
        for (VoteEvent e : sorted) {
            String key = e.comparison() + "\u0000" + e.voter();
            latest.remove(key); // re-insert so the order follows the latest event
            latest.put(key, e);
        }
        return latest.values().stream().filter(e -> !e.withdrawal()).toList();
    }
}
