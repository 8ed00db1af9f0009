package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.TokenCommands;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * API tokens of the caller: list, create (the secret is in the response once, never again), revoke. A token's
 * role defaults to the caller's and may not exceed it, and a token created with a token does not outlive it.
 * Every signed-in user may manage their own tokens.
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
            @Pattern(regexp = UserResource.ROLE_PATTERN, message = UserResource.ROLE_MESSAGE) String role) {}

    @Inject
    SecurityIdentity identity;

    @Inject
    TokenCommands tokens;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<List<TokenCommands.TokenView>> list() {
        return tokens.list(Identities.userId(identity));
    }

    @POST
    @RolesAllowed(Role.VIEWER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the new token with its secret, shown once",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TokenCommands.CreatedToken.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "403",
            description = "the role exceeds the caller's",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "too many active tokens",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> create(@Valid @NotNull CreateToken request) {
        Role role = request.role() == null ? null : Role.parse(request.role()).orElseThrow();
        return tokens.mint(
                        Identities.userId(identity),
                        Identities.role(identity),
                        request.name(),
                        request.expiresInDays(),
                        role,
                        Identities.tokenExpiresAt(identity))
                .map(result ->
                        Refusals.respond(result, token -> Response.created(URI.create("/api/tokens/" + token.id()))
                                .entity(token)
                                .build()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @APIResponse(responseCode = "204", description = "revoked")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return tokens.revoke(parseId(id), Identities.userId(identity), Identities.role(identity))
                .map(ignored -> Response.noContent().build());
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no token " + id);
        }
    }
}
