package dev.rewardsmith.store;

import java.time.OffsetDateTime;

/** A row of {@code web_sessions}: a signed-in browser, keyed by the SHA-256 of its cookie, with its CSRF value. */
public record SessionRecord(
        String idHash, long userId, String csrf, OffsetDateTime createdAt, OffsetDateTime expiresAt) {

    /** Without the CSRF value and the hash of the cookie. */
    @Override
    public String toString() {
        return "SessionRecord[userId=" + userId + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
