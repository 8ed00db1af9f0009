package dev.rewardsmith.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The life of one candidate: proposed, then rejected, or queued, training, and done or failed. */
public enum CandidateState implements Labelled {
    PROPOSED,
    REJECTED,
    QUEUED,
    TRAINING,
    DONE,
    FAILED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CandidateState> parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    /** Nothing more happens to a candidate in this state. */
    public boolean terminal() {
        return this == REJECTED || this == DONE || this == FAILED;
    }
}
