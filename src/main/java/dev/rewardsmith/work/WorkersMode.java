package dev.rewardsmith.work;

import java.util.Arrays;
import java.util.Locale;

/** Where the server's trainings run ({@code rewardsmith.workers.mode}; docs/architecture.md, Workers). */
public enum WorkersMode {
    /** In this process only (the default; needs no broker). */
    LOCAL,
    /** On worker processes only, through the broker. */
    BROKER,
    /** In this process while it has a free thread, on the workers otherwise. */
    BOTH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkersMode parse(String value) {
        for (WorkersMode m : values()) {
            if (m.label().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("rewardsmith.workers.mode: '" + value + "' is not one of "
                + Arrays.stream(values()).map(WorkersMode::label).toList());
    }
}
