package dev.rewardsmith.app;

import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Secrets;
import dev.rewardsmith.store.SessionRecord;
import dev.rewardsmith.store.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Browser sessions: sign-in checks the password (bcrypt, off the event loop) and stores a session keyed by the
 * SHA-256 of a random id, with its CSRF value; sign-out ends it when the CSRF value matches (see
 * docs/architecture.md, Security).
 */
@ApplicationScoped
public class SessionCommands {

    /** A new session: the cookie's id (in clear only here) and its CSRF value. */
    public record NewSession(String sessionId, String csrf) {}

    /** How a sign-out ended. */
    public enum SignOut {
        /** The session is gone (or was unknown). */
        SIGNED_OUT,
        /** The CSRF value sent is not the session's: nothing was changed. */
        CSRF_MISMATCH
    }

    @Inject
    UserRepository repository;

    @Inject
    Vertx vertx;

    /**
     * Signs {@code name} in for {@code ttl}; null when the name is unknown, the password wrong or the user disabled
     * (all take the same bcrypt time).
     */
    public Uni<NewSession> signIn(String name, String password, Duration ttl) {
        return repository.userByName(name).flatMap(user -> vertx.executeBlocking(
                        () -> Passwords.matches(password, user == null ? null : user.passwordHash()))
                .flatMap(ok -> {
                    if (!ok || user == null || user.disabled())
                        return Uni.createFrom().nullItem();
                    String sessionId = Secrets.random(32);
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    SessionRecord session = new SessionRecord(
                            Secrets.sha256(sessionId), user.id(), Secrets.random(24), now, now.plus(ttl));
                    return repository.insertSession(session).replaceWith(new NewSession(sessionId, session.csrf()));
                }));
    }

    /** Ends the session of this cookie id when {@code csrf} is its CSRF value. */
    public Uni<SignOut> signOut(String sessionId, String csrf) {
        String hash = Secrets.sha256(sessionId);
        return repository.session(hash).flatMap(session -> {
            if (session == null) return Uni.createFrom().item(SignOut.SIGNED_OUT);
            if (!Secrets.constantTimeEquals(session.csrf(), csrf)) {
                return Uni.createFrom().item(SignOut.CSRF_MISMATCH);
            }
            return repository.deleteSession(hash).replaceWith(SignOut.SIGNED_OUT);
        });
    }
}
