package dev.rewardsmith.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLM connections an admin stored ({@code llm_connections}), with their API keys sealed: this class never sees
 * a key in clear.
 */
@ApplicationScoped
public class LlmConnectionRepository {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A row of {@code llm_connections}; {@code sealedApiKey} is the encrypted key, null when there is none. */
    public record StoredConnection(
            String name,
            String baseUrl,
            String sealedApiKey,
            String apiVersion,
            String model,
            double temperature,
            Integer maxTokens,
            String nPerRequest,
            int timeoutMillis,
            int concurrency,
            int maxRetries) {

        /** Without the sealed key. */
        @Override
        public String toString() {
            return "StoredConnection[name=" + name + ", baseUrl=" + baseUrl + ", sealedApiKey="
                    + (sealedApiKey == null ? "none" : "***") + ", model=" + model + "]";
        }
    }

    @Inject
    Pool pool;

    /** Every stored connection (blocking: read once at start-up). */
    public List<StoredConnection> all() {
        List<StoredConnection> list = new ArrayList<>();
        for (Row r :
                pool.query("select * from llm_connections").execute().await().atMost(TIMEOUT)) {
            list.add(new StoredConnection(
                    r.getString("name"),
                    r.getString("base_url"),
                    r.getString("api_key"),
                    r.getString("api_version"),
                    r.getString("model"),
                    r.getDouble("temperature"),
                    r.getInteger("max_tokens"),
                    r.getString("n_per_request"),
                    r.getInteger("timeout_millis"),
                    r.getInteger("concurrency"),
                    r.getInteger("max_retries")));
        }
        return list;
    }

    /** Creates or replaces the connection of that name. */
    public Uni<Void> save(StoredConnection c) {
        Tuple args = Tuple.tuple();
        for (Object v : new Object[] {
            c.name(),
            c.baseUrl(),
            c.sealedApiKey(),
            c.apiVersion(),
            c.model(),
            c.temperature(),
            c.maxTokens(),
            c.nPerRequest(),
            c.timeoutMillis(),
            c.concurrency(),
            c.maxRetries()
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
                .replaceWithVoid();
    }

    /** Removes a stored connection; true when there was one. */
    public Uni<Boolean> delete(String name) {
        return pool.preparedQuery("delete from llm_connections where name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.rowCount() > 0);
    }
}
