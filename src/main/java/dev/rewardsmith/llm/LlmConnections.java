package dev.rewardsmith.llm;

import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.store.LlmConnectionRepository;
import dev.rewardsmith.store.LlmConnectionRepository.StoredConnection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The named LLM connections: the default one from configuration, and those an admin stores (keys encrypted). All
 * are held in memory, so a search create is validated without a database round trip; this server is the only
 * writer.
 */
@ApplicationScoped
public class LlmConnections {

    private static final Logger LOG = Logger.getLogger(LlmConnections.class);

    @Inject
    LlmConfig config;

    @Inject
    ApiKeyCipher cipher;

    @Inject
    LlmConnectionRepository repository;

    private final Map<String, LlmConnection> connections = new ConcurrentHashMap<>();

    void onStart(@Observes @Priority(10) StartupEvent event) {
        configured().ifPresent(c -> connections.put(c.name(), c));
        try {
            for (StoredConnection stored : repository.all()) {
                try {
                    LlmConnection c = unsealed(stored);
                    connections.put(c.name(), c);
                } catch (IllegalStateException e) {
                    LOG.errorf("LLM connection '%s' is unusable: %s", stored.name(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("could not load the LLM connections", e);
        }
    }

    /** The default connection from {@code rewardsmith.llm.*}, when a base URL and a model are configured. */
    Optional<LlmConnection> configured() {
        if (config.baseUrl().isEmpty() || config.model().isEmpty()) return Optional.empty();
        return Optional.of(new LlmConnection(
                LlmConfig.DEFAULT_CONNECTION,
                config.baseUrl().get(),
                config.apiKey().filter(k -> !k.isBlank()).orElse(null),
                config.apiVersion().orElse(null),
                config.model().get(),
                config.temperature(),
                config.maxTokens().orElse(null),
                LlmConnection.NPerRequest.parse(config.nPerRequest()),
                config.timeout(),
                config.concurrency(),
                config.maxRetries(),
                true));
    }

    public Optional<LlmConnection> find(String name) {
        return Optional.ofNullable(connections.get(name));
    }

    /** Every connection, by name. */
    public List<LlmConnection> all() {
        List<LlmConnection> list = new ArrayList<>(connections.values());
        list.sort(Comparator.comparing(LlmConnection::name));
        return list;
    }

    /** The connection a search uses when it names none: the one named "default", if any. */
    public Optional<LlmConnection> fallback() {
        return Optional.ofNullable(connections.get(LlmConfig.DEFAULT_CONNECTION));
    }

    /**
     * Stores a connection (created or replaced). {@code keepKey} keeps the stored key when {@code c.apiKey()} is
     * null (an edit that does not resend the key) and the base URL's origin is unchanged; otherwise it is dropped.
     */
    public Uni<LlmConnection> save(LlmConnection c, boolean keepKey) {
        LlmConnection previous = connections.get(c.name());
        if (previous != null && previous.configured()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("connection '" + c.name() + "' comes from configuration"));
        }
        // a key is kept for the origin it was given for only (app refuses the change before it gets here)
        boolean keep = keepKey && c.apiKey() == null && previous != null && previous.sameOrigin(c.baseUrl());
        LlmConnection effective = keep ? withKey(c, previous.apiKey()) : c;
        String sealed = effective.apiKey() == null ? null : cipher.encrypt(effective.apiKey());
        StoredConnection stored = new StoredConnection(
                effective.name(),
                effective.baseUrl(),
                sealed,
                effective.apiVersion(),
                effective.model(),
                effective.temperature(),
                effective.maxTokens(),
                effective.nPerRequest().label(),
                (int) effective.timeout().toMillis(),
                effective.concurrency(),
                effective.maxRetries());
        return repository.save(stored).map(ignored -> {
            connections.put(effective.name(), effective);
            return effective;
        });
    }

    /** Removes a stored connection; true when there was one. */
    public Uni<Boolean> delete(String name) {
        LlmConnection c = connections.get(name);
        if (c != null && c.configured()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("connection '" + name + "' comes from configuration"));
        }
        return repository.delete(name).map(deleted -> {
            connections.remove(name);
            return deleted;
        });
    }

    private static LlmConnection withKey(LlmConnection c, String key) {
        return new LlmConnection(
                c.name(),
                c.baseUrl(),
                key,
                c.apiVersion(),
                c.model(),
                c.temperature(),
                c.maxTokens(),
                c.nPerRequest(),
                c.timeout(),
                c.concurrency(),
                c.maxRetries(),
                c.configured());
    }

    private LlmConnection unsealed(StoredConnection r) {
        String sealed = r.sealedApiKey();
        return new LlmConnection(
                r.name(),
                r.baseUrl(),
                sealed == null ? null : cipher.decrypt(sealed),
                r.apiVersion(),
                r.model(),
                r.temperature(),
                r.maxTokens(),
                LlmConnection.NPerRequest.parse(r.nPerRequest()),
                Duration.ofMillis(r.timeoutMillis()),
                r.concurrency(),
                r.maxRetries(),
                false);
    }
}
