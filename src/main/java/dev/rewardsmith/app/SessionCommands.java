package dev.rewardsmith.app;

import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Secrets;
import dev.rewardsmith.security.WebConfig;
import dev.rewardsmith.store.SessionRecord;
import dev.rewardsmith.store.UserRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Semaphore;

/**
 * Browser sessions: sign-in checks the password (bcrypt, off the event loop) and stores a session keyed by the
 * SHA-256 of a random id, with its CSRF value; sign-out ends it when the CSRF value matches and closes the live
 * connections opened with it ({@link SignedOut}); expired sessions and long-expired tokens are purged every
 * {@code rewardsmith.web.purge-every} (see docs/architecture.md, Security).
 */
@ApplicationScoped
public class SessionCommands {

    /** A new session: the cookie's id (in clear only here) and its CSRF value. */
    public record NewSession(String sessionId, String csrf) {
        /** Without the secrets. */
        @Override
        public String toString() {
            return "NewSession[***]";
        }
    }

    /** What a purge removed. */
    public record Purged(int sessions, int tokens) {}

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

    @Inject
    WebConfig web;

    @Inject
    Event<SignedOut> signedOut;

    /** Password checks (bcrypt, about 0.1 s of CPU each) running at once at most; more are refused as busy. */
    static final int MAX_CONCURRENT_CHECKS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Semaphore checks = new Semaphore(MAX_CONCURRENT_CHECKS);

    /** The outcome of a sign-in: a new session, a refusal (null session), or busy (the password was not checked). */
    public record SignIn(NewSession session, boolean busy) {
        static final SignIn BUSY = new SignIn(null, true);
        static final SignIn REFUSED = new SignIn(null, false);
    }

    /**
     * Signs {@code name} in for {@code ttl}; a null session when the name is unknown, the password wrong or the user
     * disabled (all take the same bcrypt time). No transaction is open while bcrypt runs, and at most
     * {@link #MAX_CONCURRENT_CHECKS} checks run at once, so a burst cannot starve token authentication of
     * connections or threads.
     */
    public Uni<SignIn> signIn(String name, String password, Duration ttl) {
        if (!checks.tryAcquire()) return Uni.createFrom().item(SignIn.BUSY);
        return repository
                .userByName(name)
                .flatMap(user -> vertx.executeBlocking(
                                () -> Passwords.matches(password, user == null ? null : user.passwordHash()), false)
                        .flatMap(ok -> {
                            if (!ok || user == null || user.disabled())
                                return Uni.createFrom().item(SignIn.REFUSED);
                            String sessionId = Secrets.random(32);
                            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                            SessionRecord session = new SessionRecord(
                                    Secrets.sha256(sessionId), user.id(), Secrets.random(24), now, now.plus(ttl));
                            return repository
                                    .insertSession(session)
                                    .replaceWith(new SignIn(new NewSession(sessionId, session.csrf()), false));
                        }))
                .onTermination()
                .invoke(checks::release);
    }

    /** Ends the session of this cookie id when {@code csrf} is its CSRF value. */
    public Uni<SignOut> signOut(String sessionId, String csrf) {
        String hash = Secrets.sha256(sessionId);
        return repository.session(hash).flatMap(session -> {
            if (session == null) return Uni.createFrom().item(SignOut.SIGNED_OUT);
            if (!Secrets.constantTimeEquals(session.csrf(), csrf)) {
                return Uni.createFrom().item(SignOut.CSRF_MISMATCH);
            }
            return repository
                    .deleteSession(hash)
                    .invoke(() -> signedOut.fire(new SignedOut(session.userId(), hash, "signed out")))
                    .replaceWith(SignOut.SIGNED_OUT);
        });
    }

    /** Every {@code rewardsmith.web.purge-every}: {@link #purgeExpired(OffsetDateTime)} now. */
    @Scheduled(
            every = "${rewardsmith.web.purge-every:10m}",
            delayed = "${rewardsmith.web.purge-every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeExpired(OffsetDateTime.now(ZoneOffset.UTC)).replaceWithVoid();
    }

    /**
     * Deletes the sessions expired at {@code now} (closing what was opened with them) and the API tokens expired
     * over {@code rewardsmith.web.expired-token-retention} before it.
     */
    public Uni<Purged> purgeExpired(OffsetDateTime now) {
        return repository.purgeExpiredSessions(now).flatMap(sessions -> {
            sessions.forEach(s -> signedOut.fire(new SignedOut(s.userId(), s.idHash(), "session expired")));
            return repository
                    .purgeExpiredTokens(now.minus(web.expiredTokenRetention()))
                    .map(tokens -> new Purged(sessions.size(), tokens));
        });
    }
}
