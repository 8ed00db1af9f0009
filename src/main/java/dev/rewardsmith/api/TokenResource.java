package dev.rewardsmith.api;

import dev.rewardsmith.security.ApiToken;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.security.Secrets;
import dev.rewardsmith.security.WebConfig;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * API tokens of the caller: list, create (the secret is in the response once, never again), revoke. A token's
 * role defaults to the caller's and may not exceed it. Every signed-in user may manage their own tokens.
 */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    public record CreateToken(
            @NotBlank
                    @Size(max = 64)
                    @Pattern(
                            regexp = "[\\p{L}\\p{N} ._:/@-]+",
                            message = "may use letters, digits, " + "spaces and . _ : / @ -")
                    String name,
            @Min(1) @Max(365) Integer expiresInDays,
            @Pattern(regexp = "admin|operator|voter|viewer", message = "must be admin, operator, voter or viewer")
                    String role) {}

    public record TokenView(
            String id,
            String name,
            String role,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt,
            OffsetDateTime lastUsedAt,
            boolean revoked) {

        static TokenView of(ApiToken t) {
            return new TokenView(
                    t.id.toString(),
                    t.name,
                    t.role.label(),
                    t.createdAt,
                    t.expiresAt,
                    t.lastUsedAt,
                    t.revokedAt != null);
        }
    }

    public record CreatedToken(String id, String name, String role, String token, OffsetDateTime expiresAt) {}

    @Inject
    SecurityIdentity identity;

    @Inject
    WebConfig web;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @WithSession
    public Uni<List<TokenView>> list() {
        return ApiToken.<ApiToken>list("userId = ?1 order by createdAt desc", Identities.userId(identity))
                .map(tokens -> tokens.stream().map(TokenView::of).toList());
    }

    @POST
    @RolesAllowed(Role.VIEWER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> create(@Valid @NotNull CreateToken request) {
        Role callerRole = Identities.role(identity);
        Role role =
                request.role() == null ? callerRole : Role.parse(request.role()).orElseThrow();
        if (!callerRole.includes(role)) {
            return Uni.createFrom()
                    .item(ErrorMappers.error(
                            403,
                            "role: a token cannot have more rights than its " + "owner (" + callerRole.label() + ")"));
        }
        long userId = Identities.userId(identity);
        return ApiToken.count("userId = ?1 and revokedAt is null and expiresAt > ?2", userId, OffsetDateTime.now())
                .flatMap(active -> {
                    int max = web.maxActiveTokens();
                    if (active >= max) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(
                                        409, "at most " + max + " active tokens per user: revoke one first"));
                    }
                    String secret = Secrets.newTokenSecret();
                    ApiToken token = new ApiToken();
                    token.id = UUID.randomUUID();
                    token.userId = userId;
                    token.name = request.name().strip();
                    token.role = role;
                    token.secretHash = Secrets.sha256(secret);
                    token.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    int days = request.expiresInDays() == null ? 30 : request.expiresInDays();
                    token.expiresAt = token.createdAt.plusDays(days);
                    return token.persist().map(saved -> Response.created(URI.create("/api/tokens/" + token.id))
                            .entity(new CreatedToken(
                                    token.id.toString(), token.name, role.label(), secret, token.expiresAt))
                            .build());
                });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @WithTransaction
    public Uni<Response> revoke(@PathParam("id") String id) {
        UUID uuid = parseId(id);
        return ApiToken.<ApiToken>findById(uuid).flatMap(token -> {
            // Someone else's token is reported as absent, not forbidden: ids are not an oracle.
            boolean visible = token != null
                    && (token.userId == Identities.userId(identity) || Identities.role(identity) == Role.ADMIN);
            if (!visible) return Uni.createFrom().failure(new NotFoundException("no token " + id));
            if (token.revokedAt == null) token.revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return Uni.createFrom().item(Response.noContent().build());
        });
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no token " + id);
        }
    }
}
