package dev.rewardsmith.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.app.WorkerViews;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Fans the workers' changes out to the viewers of {@code /ws/workers} (docs/architecture.md, Workers): on connect the
 * whole list (type "workers"), then each worker whose state changed (type "worker": joined, running trainings,
 * heartbeats lost).
 */
@ApplicationScoped
public class WorkersLive {

    private static final Logger LOG = Logger.getLogger(WorkersLive.class);

    @Inject
    WorkerViews views;

    @Inject
    ObjectMapper json;

    private final Set<WebSocketConnection> viewers = ConcurrentHashMap.newKeySet();

    void onStart(@Observes StartupEvent event) {
        views.onChange(this::changed);
    }

    /** Sends the whole list, then registers the viewer for changes (a change meanwhile arrives after the list). */
    synchronized void join(WebSocketConnection connection) {
        send(connection, message("workers", "workers", views.workers()));
        viewers.add(connection);
    }

    void leave(WebSocketConnection connection) {
        viewers.remove(connection);
    }

    synchronized void changed(WorkerViews.WorkerView worker) {
        if (viewers.isEmpty()) return;
        String text = message("worker", "worker", worker);
        for (WebSocketConnection c : viewers) send(c, text);
    }

    private String message(String type, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put(field, value);
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(WebSocketConnection c, String text) {
        if (!c.isOpen()) {
            viewers.remove(c);
            return;
        }
        c.sendText(text).subscribe().with(ok -> {}, e -> LOG.debugf("a workers viewer is gone: %s", e.getMessage()));
    }
}
