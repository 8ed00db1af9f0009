package dev.rewardsmith.api;

import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.security.User;
import dev.rewardsmith.security.WebSession;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
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
import java.time.OffsetDateTime;

/** User administration: list, create, change role, disable. Admins only. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class UserResource {

    static final String ROLE_PATTERN = "admin|operator|voter|viewer";
    static final String ROLE_MESSAGE = "must be admin, operator, voter or viewer";

    public record UserView(String id, String name, String role, boolean disabled, OffsetDateTime createdAt) {
        static UserView of(User u) {
            return new UserView(u.id.toString(), u.name, u.role.label(), u.disabled, u.createdAt);
        }
    }

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
    Vertx vertx;

    @GET
    @WithSession
    public Uni<Response> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return User.count().flatMap(total -> User.<User>findAll(io.quarkus.panache.common.Sort.by("id"))
                .page(Page.of(page, size))
                .list()
                .map(users -> Response.ok(users.stream().map(UserView::of).toList())
                        .header("X-Total-Count", total)
                        .build()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> create(@Valid @NotNull CreateUser request) {
        return vertx.executeBlocking(() -> Passwords.hash(request.password()))
                .flatMap(hash -> User.findByName(request.name()).flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(409, "name: '" + request.name() + "' is taken"));
                    }
                    User user = new User();
                    user.name = request.name();
                    user.passwordHash = hash;
                    user.role = Role.parse(request.role()).orElseThrow();
                    return user.<User>persistAndFlush()
                            .flatMap(saved -> User.<User>findById(saved.id))
                            .map(saved -> Response.created(URI.create("/api/users/" + saved.id))
                                    .entity(UserView.of(saved))
                                    .build());
                }));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> update(@PathParam("id") String id, @Valid @NotNull UpdateUser request) {
        long userId = parseId(id);
        boolean self = userId == Identities.userId(identity);
        Uni<String> newHash = request.password() == null
                ? Uni.createFrom().nullItem()
                : vertx.executeBlocking(() -> Passwords.hash(request.password()));
        return newHash.flatMap(hash -> User.<User>findById(userId).flatMap(user -> {
            if (user == null) return Uni.createFrom().failure(new NotFoundException("no user " + id));
            Role newRole = request.role() == null
                    ? user.role
                    : Role.parse(request.role()).orElseThrow();
            boolean disable = request.disabled() != null && request.disabled();
            if (self && (disable || newRole != Role.ADMIN)) {
                return Uni.createFrom()
                        .item(ErrorMappers.error(409, "you cannot disable or demote yourself: " + "ask another admin"));
            }
            user.role = newRole;
            if (request.disabled() != null) user.disabled = request.disabled();
            if (hash != null) user.passwordHash = hash;
            // Disabling or changing a password signs the user out everywhere.
            Uni<Long> signOut = (disable || hash != null)
                    ? WebSession.delete("userId", user.id)
                    : Uni.createFrom().item(0L);
            return signOut.map(n -> Response.ok(UserView.of(user)).build());
        }));
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no user " + id);
        }
    }
}
