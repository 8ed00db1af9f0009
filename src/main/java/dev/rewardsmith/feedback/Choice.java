package dev.rewardsmith.feedback;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a team member chose in a comparison. */
public enum Choice {
    LEFT,
    RIGHT,
    TIE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Choice> parse(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst();
    }
}
