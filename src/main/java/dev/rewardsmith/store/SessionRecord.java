package dev.rewardsmith.store;

import java.time.OffsetDateTime;

/** A row of {@code web_sessions}: a signed-in browser, keyed by the SHA-256 of its cookie, with its CSRF value. */
public record SessionRecord(
        String idHash, long userId, String csrf, OffsetDateTime createdAt, OffsetDateTime expiresAt) {}
