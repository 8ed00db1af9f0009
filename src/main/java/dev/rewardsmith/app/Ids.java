package dev.rewardsmith.app;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import java.util.UUID;

/** Ids in addresses and requests: a text that is not a UUID names nothing, so it is answered like a missing one. */
public final class Ids {

    private Ids() {}

    /** The id; a 404 "no {what} {text}" when the text is not a UUID. */
    public static UUID parse(String text, String what) {
        return find(text).orElseThrow(() -> new NotFoundException("no " + what + " " + text));
    }

    /** The id, or empty when the text is not a UUID. */
    public static Optional<UUID> find(String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
