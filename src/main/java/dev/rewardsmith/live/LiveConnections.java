package dev.rewardsmith.live;

import dev.rewardsmith.app.SignedOut;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The open WebSocket connections by user, with the session each was opened with (none for a token), so that a
 * sign-out closes what it opened and a password change or a disabled user closes all of that user's (see
 * docs/architecture.md, Security). The identity of a socket is checked once, at the upgrade; this is how it ends.
 */
@ApplicationScoped
public class LiveConnections {

    private static final Logger LOG = Logger.getLogger(LiveConnections.class);

    /** The close code of a connection whose access ended (1008: policy violation). */
    static final int ACCESS_ENDED = 1008;

    private record Opened(WebSocketConnection connection, String sessionHash) {}

    private final Map<Long, Set<Opened>> byUser = new ConcurrentHashMap<>();
    private final Map<WebSocketConnection, Long> users = new ConcurrentHashMap<>();

    /** Records an open connection of {@code userId}; {@code sessionHash} null when it authenticated by token. */
    void opened(long userId, String sessionHash, WebSocketConnection connection) {
        users.put(connection, userId);
        byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(new Opened(connection, sessionHash));
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

    /** Closes the user's connections the ended access covers: all of them, or those of the one session. */
    void onSignedOut(@Observes SignedOut event) {
        Set<Opened> set = byUser.get(event.userId());
        if (set == null) return;
        for (Opened o : Set.copyOf(set)) {
            if (!event.everywhere() && !event.sessionHash().equals(o.sessionHash())) continue;
            set.remove(o);
            users.remove(o.connection());
            if (!o.connection().isOpen()) continue;
            o.connection()
                    .close(new CloseReason(ACCESS_ENDED, event.reason()))
                    .subscribe()
                    .with(ok -> {}, e -> LOG.debugf("could not close a live connection: %s", e.getMessage()));
        }
        byUser.computeIfPresent(event.userId(), (k, s) -> s.isEmpty() ? null : s);
    }
}
