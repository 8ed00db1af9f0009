package dev.rewardsmith.security;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An API token for tools ({@code Authorization: Bearer}). Only the SHA-256 of the secret is kept; the secret is
 * shown once at creation. A token acts with its own role, never above its owner's.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public Long userId;

    public String name;

    @Convert(converter = RoleConverter.class)
    public Role role;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
}
