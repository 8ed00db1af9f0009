package dev.rewardsmith.live;

import dev.rewardsmith.app.SignedOut;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The open WebSocket connections by user, with the credential each was opened with (a session or a token), so that
 * a sign-out or a token's revocation closes what it opened, a password change or a disabled user closes all of that
 * user's, and a token's connections close when it expires (see docs/architecture.md, Security). The identity of a
 * socket is checked once, at the upgrade; this is how it ends.
 */
@ApplicationScoped
public class LiveConnections {

    private static final Logger LOG = Logger.getLogger(LiveConnections.class);

    /** The close code of a connection whose access ended (1008: policy violation). */
    static final int ACCESS_ENDED = 1008;

    /** {@code expiresAt}: when the token it was opened with expires; null for a session (its end is an event). */
    private record Opened(WebSocketConnection connection, String credential, OffsetDateTime expiresAt) {}

    private final Map<Long, Set<Opened>> byUser = new ConcurrentHashMap<>();
    private final Map<WebSocketConnection, Long> users = new ConcurrentHashMap<>();

    /**
     * Records an open connection of {@code userId} opened with {@code credential} (security.Identities#credential);
     * {@code tokenExpiresAt} when that is a token.
     */
    void opened(long userId, String credential, OffsetDateTime tokenExpiresAt, WebSocketConnection connection) {
        users.put(connection, userId);
        byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet())
                .add(new Opened(connection, credential, tokenExpiresAt));
    }

    /** Forgets a closed connection. */
    void closed(WebSocketConnection connection) {
        Long userId = users.remove(connection);
        if (userId == null) return;
        byUser.computeIfPresent(userId, (k, set) -> {
            set.removeIf(o -> o.connection() == connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many connections of {@code userId} are open (for tests and metrics). */
    int openOf(long userId) {
        Set<Opened> set = byUser.get(userId);
        return set == null
                ? 0
                : (int) set.stream().filter(o -> o.connection().isOpen()).count();
    }

    /** Closes the user's connections the ended access covers: all of them, or those of the one credential. */
    void onSignedOut(@Observes SignedOut event) {
        Set<Opened> set = byUser.get(event.userId());
        if (set == null) return;
        for (Opened o : Set.copyOf(set)) {
            if (!event.everywhere() && !event.credential().equals(o.credential())) continue;
            end(event.userId(), set, o, event.reason());
        }
        byUser.computeIfPresent(event.userId(), (k, s) -> s.isEmpty() ? null : s);
    }

    /** Every 30 s: closes the connections whose token expired (a token's expiry fires no event). */
    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeExpiredTokens() {
        closeExpired(OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Closes the connections opened with a token that expired at or before {@code now}; returns how many. */
    public int closeExpired(OffsetDateTime now) {
        int closed = 0;
        for (Map.Entry<Long, Set<Opened>> e : byUser.entrySet()) {
            for (Opened o : Set.copyOf(e.getValue())) {
                if (o.expiresAt() == null || o.expiresAt().isAfter(now)) continue;
                if (end(e.getKey(), e.getValue(), o, "token expired")) closed++;
            }
            byUser.computeIfPresent(e.getKey(), (k, s) -> s.isEmpty() ? null : s);
        }
        return closed;
    }

    /**
     * Ends one connection; false when another caller (the 30-s sweep and a direct call run at once) already did,
     * so each connection is closed and counted once.
     */
    private boolean end(long userId, Set<Opened> set, Opened o, String reason) {
        if (!set.remove(o)) return false;
        users.remove(o.connection());
        if (!o.connection().isOpen()) return true;
        o.connection()
                .close(new CloseReason(ACCESS_ENDED, reason))
                .subscribe()
                .with(ok -> {}, e -> LOG.debugf("could not close a live connection of user %d: %s", userId, e));
        return true;
    }
}
