package dev.rewardsmith.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.app.HumanReflections;
import dev.rewardsmith.app.SearchViews;
import dev.rewardsmith.feedback.Tally;
import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Fans search events out to the WebSocket viewers of each search. State changes go out at once; metric records
 * are batched per candidate and flushed every {@link #FLUSH_MILLIS} ms, so a viewer gets at most a few messages
 * per second per candidate and still every epoch. Newly planned comparisons, vote tallies and human reflections
 * (awaited, written) go out at once too.
 * Every message carries a per-search sequence number.
 */
@ApplicationScoped
public class SearchLive implements SearchEvents {

    private static final Logger LOG = Logger.getLogger(SearchLive.class);
    static final long FLUSH_MILLIS = 250;

    @Inject
    ObjectMapper json;

    private final Map<String, Set<WebSocketConnection>> viewers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    /** searchId -> candidateId -> records not sent yet. */
    private final Map<String, Map<String, List<MetricPoint>>> pending = new ConcurrentHashMap<>();

    private final Map<String, Integer> pendingAttempt = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;
    /** Viewers whose first message is not sent yet, with what was held back for them. */
    private final Map<WebSocketConnection, List<String>> waiting = new java.util.IdentityHashMap<>();

    @PostConstruct
    void init() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        flusher.shutdownNow();
    }

    /**
     * Registers a viewer and reserves the sequence number of its first message (the whole search): what happens
     * while that view is read is held back and sent after it, so the viewer sees the view first and then every
     * later change in sequence order.
     */
    synchronized long join(String searchId, WebSocketConnection connection) {
        waiting.put(connection, new ArrayList<>());
        viewers.computeIfAbsent(searchId, k -> ConcurrentHashMap.newKeySet()).add(connection);
        return nextSequence(searchId);
    }

    /** Sends a viewer its first message, then what was held back for it since it joined. */
    synchronized void ready(String searchId, WebSocketConnection connection, Object view, long seq) {
        Map<String, Object> m = message(searchId, "search");
        m.put("view", view);
        m.put("seq", seq);
        List<String> held = waiting.remove(connection);
        try {
            deliver(connection, json.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (held != null) held.forEach(text -> deliver(connection, text));
    }

    private void deliver(WebSocketConnection c, String text) {
        c.sendText(text).subscribe().with(ok -> {}, e -> LOG.debugf("live message not delivered: %s", e));
    }

    synchronized void leave(String searchId, WebSocketConnection connection) {
        waiting.remove(connection);
        Set<WebSocketConnection> set = viewers.get(searchId);
        if (set != null) set.remove(connection);
    }

    /** The next sequence number of a search's stream. */
    long nextSequence(String searchId) {
        return sequences.computeIfAbsent(searchId, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void searchState(String searchId, SearchState state, String reason) {
        flush(searchId); // metrics first, so a viewer never sees "done" before the last epochs
        Map<String, Object> m = message(searchId, "state");
        m.put("state", state.label());
        m.put("reason", reason);
        send(searchId, m);
    }

    @Override
    public void candidate(Candidate candidate) {
        if (candidate.state.terminal()) flush(candidate.searchId);
        Map<String, Object> m = message(candidate.searchId, "candidate");
        m.put("candidate", SearchViews.CandidateSummary.update(candidate));
        send(candidate.searchId, m);
    }

    @Override
    public void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {
        if (!viewers.containsKey(searchId)) return;
        pendingAttempt.put(candidateId, attempt);
        pending.computeIfAbsent(searchId, k -> new ConcurrentHashMap<>()).compute(candidateId, (k, list) -> {
            List<MetricPoint> l = list == null ? new ArrayList<>() : list;
            l.add(MetricPoint.of(record));
            return l;
        });
    }

    @Override
    public void best(String searchId, String candidateId, double fitness) {
        Map<String, Object> m = message(searchId, "best");
        m.put("candidate", candidateId);
        m.put("fitness", fitness);
        send(searchId, m);
    }

    @Override
    public void evaluation(String searchId, dev.rewardsmith.search.Evaluation evaluation) {
        Map<String, Object> m = message(searchId, "evaluation");
        m.put("evaluation", evaluation);
        send(searchId, m);
    }

    @Override
    public void comparisons(String searchId, int restart, int iteration, int count) {
        Map<String, Object> m = message(searchId, "comparisons");
        m.put("restart", restart);
        m.put("iteration", iteration);
        m.put("count", count);
        send(searchId, m);
    }

    @Override
    public void iterationDone(String searchId, int restart, int iteration, String selected) {
        Map<String, Object> m = message(searchId, "iteration");
        m.put("restart", restart);
        m.put("iteration", iteration);
        m.put("selected", selected);
        send(searchId, m);
    }

    /**
     * A vote on a comparison was cast, replaced or withdrawn: the comparison's live tally and the number of live
     * votes on the whole search (the voting page's "what the team decided so far").
     */
    public void votes(String searchId, String comparisonId, int restart, int iteration, Tally tally, int totalVotes) {
        Map<String, Object> m = message(searchId, "votes");
        m.put("comparison", comparisonId);
        m.put("restart", restart);
        m.put("iteration", iteration);
        m.put("tally", tally);
        m.put("liveVotes", tally.total());
        m.put("totalVotes", totalVotes);
        send(searchId, m);
    }

    @Override
    public void reflectionAwaited(
            String searchId, int restart, int iteration, String candidateId, String automatic, String mode) {
        Map<String, Object> m = message(searchId, "reflection-awaited");
        m.put("restart", restart);
        m.put("iteration", iteration);
        m.put("candidate", candidateId);
        m.put("mode", mode);
        m.put("automatic", automatic);
        send(searchId, m);
    }

    /** A team member wrote the reflection the search waits for (docs/llm.md, Human reflection). */
    public void reflectionWritten(String searchId, HumanReflections.ReflectionView reflection) {
        Map<String, Object> m = message(searchId, "reflection");
        m.put("restart", reflection.restart());
        m.put("iteration", reflection.iteration());
        m.put("candidate", reflection.candidate());
        m.put("author", reflection.author());
        m.put("text", reflection.text());
        send(searchId, m);
    }

    private void flush() {
        for (String searchId : pending.keySet()) flush(searchId);
    }

    private void flush(String searchId) {
        Map<String, List<MetricPoint>> bySearch = pending.get(searchId);
        if (bySearch == null) return;
        for (String candidateId : List.copyOf(bySearch.keySet())) {
            List<MetricPoint> records = bySearch.remove(candidateId);
            if (records == null || records.isEmpty()) continue;
            Map<String, Object> m = message(searchId, "metrics");
            m.put("candidate", candidateId);
            m.put("attempt", pendingAttempt.getOrDefault(candidateId, 1));
            m.put("records", records);
            send(searchId, m);
        }
    }

    private Map<String, Object> message(String searchId, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("search", searchId);
        return m;
    }

    /** Numbers and sends under one lock, so every viewer receives a search's messages in sequence order. */
    private void send(String searchId, Map<String, Object> message) {
        Set<WebSocketConnection> set = viewers.get(searchId);
        if (set == null || set.isEmpty()) return;
        synchronized (this) {
            message.put("seq", nextSequence(searchId));
            String text;
            try {
                text = json.writeValueAsString(message);
            } catch (JsonProcessingException e) {
                LOG.error("cannot write a live message", e);
                return;
            }
            for (WebSocketConnection c : set) {
                if (!c.isOpen()) {
                    set.remove(c);
                    continue;
                }
                List<String> held = waiting.get(c);
                if (held != null) {
                    held.add(text);
                } else {
                    deliver(c, text);
                }
            }
        }
    }
}
