package dev.rewardsmith.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Derives the live votes from raw events: per (comparison, voter) the latest event, unless it is a withdrawal. */
public final class LiveVotes {

    private LiveVotes() {}

    /** The live votes, in the order of their (latest) events; events may arrive in any order. */
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
