package dev.rewardsmith.live;

import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

/**
 * {@code /ws/workers} (viewer): the Workers panel's live stream ({@link WorkersLive}). The upgrade needs a signed-in
 * viewer and, from a browser, this server's Origin ({@link SameOriginUpgrade}); the connection is closed when that
 * access ends ({@link LiveConnections}).
 */
@WebSocket(path = "/ws/workers")
@RolesAllowed(Role.VIEWER_NAME)
public class WorkersSocket {

    @Inject
    WorkersLive live;

    @Inject
    LiveConnections connections;

    @Inject
    SecurityIdentity identity;

    @OnOpen
    public void open(WebSocketConnection connection) {
        connections.opened(
                Identities.userId(identity),
                Identities.credential(identity),
                Identities.tokenExpiresAt(identity).orElse(null),
                connection);
        live.join(connection);
    }

    /** Viewers only listen; anything they send is ignored. */
    @OnTextMessage
    public void ignore(String message) {}

    @OnClose
    public void close(WebSocketConnection connection) {
        live.leave(connection);
        connections.closed(connection);
    }
}
