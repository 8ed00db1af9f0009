package dev.rewardsmith.live;

import dev.rewardsmith.app.Ids;
import dev.rewardsmith.app.SearchViews;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * {@code /ws/searches/{id}} (viewer): on connect the whole search as the REST API shows it (type "search"), then
 * state changes, candidate changes, batched metric records, the best so far, newly planned comparisons ("comparisons")
 * and vote tallies ("votes"), each with a sequence number.
 * The upgrade needs a signed-in viewer and, from a browser, this server's Origin ({@link SameOriginUpgrade}); the
 * connection is closed when that access ends ({@link LiveConnections}).
 */
@WebSocket(path = "/ws/searches/{id}")
@RolesAllowed(Role.VIEWER_NAME)
public class SearchSocket {

    @Inject
    SearchLive live;

    @Inject
    SearchViews views;

    @Inject
    LiveConnections connections;

    @Inject
    SecurityIdentity identity;

    @OnOpen
    public Uni<Void> open(@PathParam("id") String id, WebSocketConnection connection) {
        connections.opened(
                Identities.userId(identity),
                Identities.credential(identity),
                Identities.tokenExpiresAt(identity).orElse(null),
                connection);
        UUID uuid = Ids.find(id).orElse(null);
        if (uuid == null) {
            return connection
                    .sendText("{\"type\":\"error\",\"reason\":\"no search " + id + "\"}")
                    .chain(() -> connection.close());
        }
        long seq = live.join(id, connection);
        return views.search(uuid)
                .invoke(view -> live.ready(id, connection, view, seq))
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(e -> {
                    live.leave(id, connection);
                    return connection
                            .sendText("{\"type\":\"error\",\"reason\":\"no search " + id + "\"}")
                            .chain(() -> connection.close());
                });
    }

    /** Viewers only listen; anything they send is ignored. */
    @OnTextMessage
    public void ignore(String message) {}

    @OnClose
    public void close(@PathParam("id") String id, WebSocketConnection connection) {
        live.leave(id, connection);
        connections.closed(connection);
    }
}
