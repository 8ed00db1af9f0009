package dev.rewardsmith.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a search is (see docs/architecture.md, Vocabulary). */
public enum SearchState implements Labelled {
    QUEUED,
    RUNNING,
    PAUSED,
    AWAITING_VOTES,
    /** Waiting for a team member's reflection (docs/llm.md, Human reflection). */
    AWAITING_REFLECTION,
    EVALUATING,
    DONE,
    FAILED,
    CANCELLED,
    BUDGET_EXHAUSTED;

    /** The API and database spelling: lower case, words joined by '-'. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SearchState> parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    /** A finished search never runs again (a fork starts a new one). */
    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED || this == BUDGET_EXHAUSTED;
    }
}
