package dev.rewardsmith.search;

import java.util.List;
import java.util.Objects;

/**
 * A search as stored: its spec, state and candidates (in creation order).
 *
 * @param id the search id
 * @param spec the budget and choices
 * @param state the stored state
 * @param candidates every candidate so far, with the metrics of its current attempt
 */
public record SearchSnapshot(String id, SearchSpec spec, SearchState state, List<Candidate> candidates) {
    public SearchSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        candidates = List.copyOf(candidates);
    }
}
