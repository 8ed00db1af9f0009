package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.UserCommands;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Passwords;
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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** User administration: list, create, change role, disable. Admins only. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class UserResource {

    static final String ROLE_PATTERN = "admin|operator|voter|viewer";
    static final String ROLE_MESSAGE = "must be admin, operator, voter or viewer";

    public record CreateUser(
            @NotBlank
                    @Size(max = 64)
                    @Pattern(regexp = "[a-zA-Z0-9._-]+", message = "may use letters, digits and " + ". _ -")
                    String name,
            @NotNull @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password,
            @NotNull @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role) {}

    public record UpdateUser(
            @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role,
            Boolean disabled,
            @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password) {}

    @Inject
    SecurityIdentity identity;

    @Inject
    UserCommands users;

    @GET
    @APIResponse(
            responseCode = "200",
            description = "a page of users",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = UserCommands.UserView.class)),
            headers =
                    @Header(
                            name = "X-Total-Count",
                            description = "how many users there are",
                            schema = @Schema(type = SchemaType.INTEGER)))
    public Uni<Response> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return users.list(page, size).map(p -> Response.ok(p.users())
                .header("X-Total-Count", p.total())
                .build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the new user",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UserCommands.UserView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "the name is taken",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> create(@Valid @NotNull CreateUser request) {
        Role role = Role.parse(request.role()).orElseThrow();
        return users.create(request.name(), request.password(), role)
                .map(result -> Refusals.respond(result, user -> Response.created(URI.create("/api/users/" + user.id()))
                        .entity(user)
                        .build()));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the changed user",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UserCommands.UserView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "403",
            description = "not allowed to change this user",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "the change conflicts with the users' state",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> update(@PathParam("id") String id, @Valid @NotNull UpdateUser request) {
        long userId = parseId(id);
        Role role = request.role() == null ? null : Role.parse(request.role()).orElseThrow();
        var change = new UserCommands.UserChange(role, request.disabled(), request.password());
        return users.update(Identities.userId(identity), userId, change)
                .map(result ->
                        Refusals.respond(result, user -> Response.ok(user).build()));
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no user " + id);
        }
    }
}
