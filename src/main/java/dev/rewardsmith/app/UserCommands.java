package dev.rewardsmith.app;

import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.store.UserRecord;
import dev.rewardsmith.store.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Users: list, create, change role or password, disable (see docs/architecture.md, Security). Passwords are hashed
 * with bcrypt off the event loop; disabling a user or changing their password ends their sessions, revokes their
 * API tokens and closes their live connections ({@link SignedOut}).
 */
@ApplicationScoped
public class UserCommands {

    /** A user as the API shows it: everything but the password hash. */
    public record UserView(String id, String name, String role, boolean disabled, OffsetDateTime createdAt) {
        static UserView of(UserRecord u) {
            return new UserView(String.valueOf(u.id()), u.name(), u.role(), u.disabled(), u.createdAt());
        }
    }

    /** One page of users and how many there are in all. */
    public record UserPage(long total, List<UserView> users) {}

    /** A change of a user; null fields are left as they are. */
    public record UserChange(Role role, Boolean disabled, String password) {
        /** Without the password. */
        @Override
        public String toString() {
            return "UserChange[role=" + role + ", disabled=" + disabled + ", password="
                    + (password == null ? "unchanged" : "***") + "]";
        }
    }

    @Inject
    UserRepository repository;

    @Inject
    Vertx vertx;

    @Inject
    Event<SignedOut> signedOut;

    public Uni<UserPage> list(int page, int size) {
        return repository.countUsers().flatMap(total -> repository
                .users(page, size)
                .map(users ->
                        new UserPage(total, users.stream().map(UserView::of).toList())));
    }

    /** Creates a user; refused when the name is taken. */
    public Uni<CommandResult<UserView>> create(String name, String password, Role role) {
        return hash(password).flatMap(hash -> repository.userByName(name).flatMap(existing -> {
            if (existing != null) return Uni.createFrom().item(CommandResult.conflict("name: '" + name + "' is taken"));
            return repository.insertUser(name, hash, role.label()).map(u -> CommandResult.done(UserView.of(u)));
        }));
    }

    /**
     * Changes a user; {@code actingUserId} may not disable or demote themselves. Unknown user: 404.
     */
    public Uni<CommandResult<UserView>> update(long actingUserId, long userId, UserChange change) {
        Uni<String> newHash = change.password() == null ? Uni.createFrom().nullItem() : hash(change.password());
        return newHash.flatMap(hash -> repository.user(userId).flatMap(user -> {
            if (user == null) return Uni.createFrom().failure(new NotFoundException("no user " + userId));
            Role newRole = change.role() == null ? Role.parse(user.role()).orElseThrow() : change.role();
            boolean disable = change.disabled() != null && change.disabled();
            if (userId == actingUserId && (disable || newRole != Role.ADMIN)) {
                return Uni.createFrom()
                        .item(CommandResult.<UserView>conflict(
                                "you cannot disable or demote yourself: ask another admin"));
            }
            boolean disabled = change.disabled() != null ? change.disabled() : user.disabled();
            String passwordHash = hash != null ? hash : user.passwordHash();
            // Disabling or changing a password signs the user out everywhere: sessions, tokens, live connections.
            boolean signOut = disable || hash != null;
            return repository
                    .updateUser(userId, newRole.label(), disabled, passwordHash, signOut)
                    .invoke(saved -> {
                        if (signOut) {
                            signedOut.fire(new SignedOut(userId, null, disable ? "user disabled" : "password changed"));
                        }
                    })
                    .map(saved -> CommandResult.done(UserView.of(saved)));
        }));
    }

    /**
     * Creates the user {@code admin} with this password when there is no user at all; true when it did. For the
     * first start (see AdminBootstrap).
     */
    public Uni<Boolean> createFirstAdmin(String password) {
        return repository.countUsers().flatMap(count -> {
            if (count > 0) return Uni.createFrom().item(false);
            return hash(password)
                    .flatMap(hash -> repository.insertFirstUser("admin", hash, Role.ADMIN.label()))
                    .map(created -> created != null);
        });
    }

    /** bcrypt is CPU-heavy by design: on a worker thread, never the event loop. */
    private Uni<String> hash(String password) {
        return vertx.executeBlocking(() -> Passwords.hash(password));
    }
}
