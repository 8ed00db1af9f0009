package dev.rewardsmith.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who writes the reflection the next iteration reads (Eureka-HF, docs/llm.md, Human reflection): the search
 * alone, or a team member as well ({@code add}: after the automatic reflection) or instead ({@code replace}).
 */
public enum ReflectionMode implements Labelled {
    /** Only the automatic reward reflection (Eureka). */
    OFF,
    /** The automatic reflection, then a team member's text. */
    ADD,
    /** A team member's text instead of the automatic reflection. */
    REPLACE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReflectionMode> parse(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }
}
