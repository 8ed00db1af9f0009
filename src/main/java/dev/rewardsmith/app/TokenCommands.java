package dev.rewardsmith.app;

import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.security.Secrets;
import dev.rewardsmith.security.WebConfig;
import dev.rewardsmith.store.TokenRecord;
import dev.rewardsmith.store.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * API tokens: list a user's, mint one (the secret is returned once; only its SHA-256 is kept), revoke (see
 * docs/architecture.md, Security). A token never has more rights than its owner, and a user has a limited number
 * of live tokens.
 */
@ApplicationScoped
public class TokenCommands {

    private static final Logger LOG = Logger.getLogger(TokenCommands.class);

    @Inject
    Event<SignedOut> signedOut;

    /** Days a token lives when the request names none. */
    static final int DEFAULT_DAYS = 30;

    public record TokenView(
            String id,
            String name,
            String role,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt,
            OffsetDateTime lastUsedAt,
            boolean revoked) {

        static TokenView of(TokenRecord t) {
            return new TokenView(
                    t.id().toString(),
                    t.name(),
                    t.role(),
                    t.createdAt(),
                    t.expiresAt(),
                    t.lastUsedAt(),
                    t.revokedAt() != null);
        }
    }

    /** A new token with its secret, shown this once. */
    public record CreatedToken(String id, String name, String role, String token, OffsetDateTime expiresAt) {
        /** Without the secret. */
        @Override
        public String toString() {
            return "CreatedToken[id=" + id + ", name=" + name + ", role=" + role + ", token=***, expiresAt=" + expiresAt
                    + "]";
        }
    }

    @Inject
    UserRepository repository;

    @Inject
    WebConfig web;

    /** A user's tokens, newest first. */
    public Uni<List<TokenView>> list(long userId) {
        return repository
                .tokensOf(userId)
                .map(tokens -> tokens.stream().map(TokenView::of).toList());
    }

    /**
     * Mints a token for {@code userId}, whose role is {@code ownerRole}; {@code role} null means the owner's. Refused
     * (forbidden) above the owner's role, and (conflict) past the live-token limit. A token lives at most
     * {@code rewardsmith.web.max-token-days}, and a token minted with a token ({@code mintedUntil}, the minting
     * token's expiry) not beyond it: asking for more is bad input (field {@code expiresInDays}); asking for nothing
     * gets the default, cut at that expiry.
     */
    public Uni<CommandResult<CreatedToken>> mint(
            long userId,
            Role ownerRole,
            String name,
            Integer expiresInDays,
            Role role,
            Optional<OffsetDateTime> mintedUntil) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int maxDays = web.maxTokenDays();
        if (expiresInDays != null && expiresInDays > maxDays) {
            throw new InvalidInput("expiresInDays", "expiresInDays: at most " + maxDays + " days on this server");
        }
        OffsetDateTime asked = now.plusDays(expiresInDays == null ? Math.min(DEFAULT_DAYS, maxDays) : expiresInDays);
        if (expiresInDays != null && mintedUntil.isPresent() && asked.isAfter(mintedUntil.get())) {
            throw new InvalidInput(
                    "expiresInDays",
                    "expiresInDays: a token cannot outlive the token that creates it (it expires at "
                            + mintedUntil.get().withNano(0) + ")");
        }
        // no lifetime asked: the default, cut at the minting token's expiry
        OffsetDateTime expiresAt = mintedUntil.filter(asked::isAfter).orElse(asked);
        Role tokenRole = role == null ? ownerRole : role;
        if (!ownerRole.includes(tokenRole)) {
            return Uni.createFrom()
                    .item(CommandResult.forbidden(
                            "role: a token cannot have more rights than its owner (" + ownerRole.label() + ")"));
        }
        return repository.activeTokens(userId, OffsetDateTime.now()).flatMap(active -> {
            int max = web.maxActiveTokens();
            if (active >= max) {
                return Uni.createFrom()
                        .item(CommandResult.<CreatedToken>conflict(
                                "at most " + max + " active tokens per user: revoke one first"));
            }
            String secret = Secrets.newTokenSecret();
            TokenRecord token = new TokenRecord(
                    UUID.randomUUID(), userId, name.strip(), tokenRole.label(), now, expiresAt, null, null);
            return repository
                    .insertToken(token, Secrets.sha256(secret))
                    .map(ignored -> CommandResult.done(new CreatedToken(
                            token.id().toString(), token.name(), token.role(), secret, token.expiresAt())));
        });
    }

    /**
     * Revokes a token of the caller (an admin: anyone's). Someone else's token is reported as absent (404), not
     * forbidden: ids are not an oracle.
     */
    public Uni<Void> revoke(UUID id, long callerId, Role callerRole) {
        return repository.token(id).flatMap(token -> {
            boolean visible = token != null && (token.userId() == callerId || callerRole == Role.ADMIN);
            if (!visible) return Uni.createFrom().failure(new NotFoundException("no token " + id));
            if (token.revokedAt() != null) return Uni.createFrom().voidItem();
            // once stored, the token's live connections close (the live stream observes the event)
            return repository
                    .revokeToken(id, OffsetDateTime.now(ZoneOffset.UTC))
                    .invoke(() -> signedOut.fire(
                            new SignedOut(token.userId(), Identities.tokenCredential(id), "token revoked")));
        });
    }

    /**
     * Stores the configured admin token (by the SHA-256 of its secret) for the first enabled admin, unless a token
     * with that secret exists. For the first start (see AdminBootstrap).
     */
    public Uni<Void> provisionAdminToken(String secretHash) {
        return repository.tokenSecretExists(secretHash).flatMap(existing -> {
            if (existing) return Uni.createFrom().voidItem();
            return repository.firstEnabledWithRole(Role.ADMIN.label()).flatMap(admin -> {
                if (admin == null) {
                    LOG.warn("rewardsmith.admin.token is set but there is no enabled admin to own it");
                    return Uni.createFrom().voidItem();
                }
                OffsetDateTime now = OffsetDateTime.now();
                TokenRecord token = new TokenRecord(
                        UUID.randomUUID(),
                        admin.id(),
                        "provisioned",
                        Role.ADMIN.label(),
                        now,
                        now.plusYears(10),
                        null,
                        null);
                LOG.info("Provisioned the configured admin API token");
                return repository.insertToken(token, secretHash);
            });
        });
    }
}
