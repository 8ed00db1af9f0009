package dev.rewardsmith.propose;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
    Pool pool;

    private final Map<String, LlmConnection> connections = new ConcurrentHashMap<>();

    void onStart(@Observes @Priority(10) StartupEvent event) {
        configured().ifPresent(c -> connections.put(c.name(), c));
        try {
            for (Row r : pool.query("select * from llm_connections")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(30))) {
                try {
                    LlmConnection c = fromRow(r);
                    connections.put(c.name(), c);
                } catch (IllegalStateException e) {
                    LOG.errorf("LLM connection '%s' is unusable: %s", r.getString("name"), e.getMessage());
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
     * null (an edit that does not resend the key).
     */
    public Uni<LlmConnection> save(LlmConnection c, boolean keepKey) {
        LlmConnection previous = connections.get(c.name());
        if (previous != null && previous.configured()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("connection '" + c.name() + "' comes from configuration"));
        }
        LlmConnection effective = keepKey && c.apiKey() == null && previous != null ? withKey(c, previous.apiKey()) : c;
        String sealed = effective.apiKey() == null ? null : cipher.encrypt(effective.apiKey());
        Tuple args = Tuple.tuple();
        for (Object v : new Object[] {
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
            effective.maxRetries()
        }) args.addValue(v);
        return pool.preparedQuery("insert into llm_connections (name, base_url, api_key, api_version, model,"
                        + " temperature, max_tokens, n_per_request, timeout_millis, concurrency, max_retries)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (name) do update set"
                        + " base_url = excluded.base_url, api_key = excluded.api_key, api_version ="
                        + " excluded.api_version, model = excluded.model, temperature = excluded.temperature,"
                        + " max_tokens = excluded.max_tokens, n_per_request = excluded.n_per_request,"
                        + " timeout_millis = excluded.timeout_millis, concurrency = excluded.concurrency,"
                        + " max_retries = excluded.max_retries, updated_at = now()")
                .execute(args)
                .map(ignored -> {
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
        return pool.preparedQuery("delete from llm_connections where name = $1")
                .execute(Tuple.of(name))
                .map(rows -> {
                    connections.remove(name);
                    return rows.rowCount() > 0;
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

    private LlmConnection fromRow(Row r) {
        String sealed = r.getString("api_key");
        return new LlmConnection(
                r.getString("name"),
                r.getString("base_url"),
                sealed == null ? null : cipher.decrypt(sealed),
                r.getString("api_version"),
                r.getString("model"),
                r.getDouble("temperature"),
                r.getInteger("max_tokens"),
                LlmConnection.NPerRequest.parse(r.getString("n_per_request")),
                Duration.ofMillis(r.getInteger("timeout_millis")),
                r.getInteger("concurrency"),
                r.getInteger("max_retries"),
                false);
    }
}
