package dev.rewardsmith.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of {@code api_tokens} without its secret hash: an API token of a user, acting with {@code role} (a label)
 * until {@code expiresAt} unless revoked.
 */
public record TokenRecord(
        UUID id,
        long userId,
        String name,
        String role,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        OffsetDateTime lastUsedAt,
        OffsetDateTime revokedAt) {}
