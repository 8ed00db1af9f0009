package dev.rewardsmith.reward;

import java.util.Locale;

/** The step of the reward pipeline at which a problem was found, in pipeline order. */
public enum Stage {
    EXTRACT,
    PARSE,
    VALIDATE,
    COMPILE,
    RUN;

    /** The lowercase name used in the API and in reflections, e.g. {@code "validate"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
