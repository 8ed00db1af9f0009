package dev.rewardsmith.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an iteration's parent for the next one is chosen (see docs/architecture.md, Search). */
public enum SelectionMode implements Labelled {
    /** The highest fitness F. */
    FITNESS,
    /** The team's votes (Bradley-Terry strength); fitness breaks the tie when nobody voted. */
    PREFERENCE,
    /** A weighted sum of normalized fitness and vote strength. */
    MIXED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SelectionMode> parse(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }

    /** The search waits for the team's votes after each iteration. */
    public boolean usesVotes() {
        return this != FITNESS;
    }
}
