package dev.rewardsmith.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.propose.ExchangeLog;
import dev.rewardsmith.propose.IterationUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The model exchanges ({@code llm_exchanges}): each is stored with its cost added to its search (the tokens reach
 * the search through its candidates). Writes and the spent total block (the proposer runs on a virtual thread);
 * reads for the API are reactive.
 */
@ApplicationScoped
public class ExchangeRepository {

    private static final TypeReference<List<String>> FINISH_REASONS = new TypeReference<>() {};

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    JsonCodec json;

    private static final String INSERT = "insert into llm_exchanges (id, search_id, restart, iteration, round,"
            + " connection, model, request, response, status, error, choices, finish_reasons, prompt_tokens,"
            + " completion_tokens, usage_estimated, cost, latency_ms, attempts, created_at) values ($1, $2, $3, $4,"
            + " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

    public void insert(Exchange e) {
        pool.withTransaction(
                        conn -> conn.preparedQuery(INSERT).execute(tuple(e)).flatMap(ignored -> conn.preparedQuery(
                                        "update searches set cost = cost + $1, updated_at = now() where id = $2")
                                .execute(Tuple.of(e.cost(), UUID.fromString(e.searchId())))))
                .await()
                .atMost(TIMEOUT);
    }

    /**
     * Inserts the exchanges of one search (an imported bundle's) on {@code client}, their cost added to the search.
     */
    public Uni<Void> insertAll(SqlClient client, UUID searchId, List<Exchange> exchanges) {
        if (exchanges.isEmpty()) return Uni.createFrom().voidItem();
        double cost = Exchange.totalCost(exchanges);
        return client.preparedQuery(INSERT)
                .executeBatch(exchanges.stream().map(this::tuple).toList())
                .flatMap(ignored -> client.preparedQuery(
                                "update searches set cost = cost + $1, updated_at = now() where id = $2")
                        .execute(Tuple.of(cost, searchId)))
                .replaceWithVoid();
    }

    private Tuple tuple(Exchange e) {
        Tuple t = Tuple.tuple();
        for (Object v : new Object[] {
            UUID.fromString(e.id()),
            UUID.fromString(e.searchId()),
            e.restart(),
            e.iteration(),
            e.round(),
            e.connection(),
            e.model(),
            e.request(),
            e.response(),
            e.status(),
            e.error(),
            e.choices(),
            json.write(e.finishReasons()),
            e.promptTokens(),
            e.completionTokens(),
            e.usageEstimated(),
            e.cost(),
            e.latencyMillis(),
            e.attempts(),
            e.createdAt().atOffset(ZoneOffset.UTC)
        }) t.addValue(v);
        return t;
    }

    /** What a search has spent (blocking; from the search's thread). */
    public ExchangeLog.Spent spent(String searchId) {
        Row r = pool.preparedQuery("select coalesce(sum(prompt_tokens + completion_tokens), 0) as tokens,"
                        + " coalesce(sum(cost), 0) as cost from llm_exchanges where search_id = $1")
                .execute(Tuple.of(UUID.fromString(searchId)))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next();
        return new ExchangeLog.Spent(r.getLong("tokens"), r.getDouble("cost"));
    }

    /** The exchanges of one round of a search, oldest first (blocking; from the search's proposer). */
    public List<Exchange> ofRound(String searchId, int restart, int iteration, int round) {
        List<Exchange> list = new ArrayList<>();
        for (Row r : pool.preparedQuery("select * from llm_exchanges where search_id = $1 and restart = $2 and"
                        + " iteration = $3 and round = $4 order by created_at, id")
                .execute(Tuple.of(UUID.fromString(searchId), restart, iteration, round))
                .await()
                .atMost(TIMEOUT)) {
            list.add(fromRow(r));
        }
        return list;
    }

    public Uni<Exchange> find(UUID id) {
        return pool.preparedQuery("select * from llm_exchanges where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? fromRow(rows.iterator().next()) : null);
    }

    /** Every exchange of a search, oldest first. */
    public Uni<List<Exchange>> ofSearch(UUID searchId) {
        return pool.preparedQuery("select * from llm_exchanges where search_id = $1 order by created_at, id")
                .execute(Tuple.of(searchId))
                .map(rows -> {
                    List<Exchange> list = new ArrayList<>();
                    for (Row r : rows) list.add(fromRow(r));
                    return list;
                });
    }

    /** Usage per iteration of a search, in iteration order. */
    public Uni<List<IterationUsage>> usage(UUID searchId) {
        return pool.preparedQuery("select restart, iteration, count(*) as n, sum(prompt_tokens) as p,"
                        + " sum(completion_tokens) as c, sum(cost) as cost from llm_exchanges where search_id = $1"
                        + " group by restart, iteration order by restart, iteration")
                .execute(Tuple.of(searchId))
                .map(rows -> {
                    List<IterationUsage> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new IterationUsage(
                                r.getInteger("restart"),
                                r.getInteger("iteration"),
                                r.getLong("n").intValue(),
                                r.getLong("p"),
                                r.getLong("c"),
                                r.getDouble("cost")));
                    }
                    return list;
                });
    }

    private Exchange fromRow(Row r) {
        return new Exchange(
                r.getUUID("id").toString(),
                r.getUUID("search_id").toString(),
                r.getInteger("restart"),
                r.getInteger("iteration"),
                r.getInteger("round"),
                r.getString("connection"),
                r.getString("model"),
                r.getString("request"),
                r.getString("response"),
                r.getInteger("status"),
                r.getString("error"),
                r.getInteger("choices"),
                json.read(r.getString("finish_reasons"), FINISH_REASONS),
                r.getInteger("prompt_tokens"),
                r.getInteger("completion_tokens"),
                r.getBoolean("usage_estimated"),
                r.getDouble("cost"),
                r.getLong("latency_ms"),
                r.getInteger("attempts"),
                r.getOffsetDateTime("created_at").toInstant());
    }
}
