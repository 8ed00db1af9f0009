package dev.rewardsmith.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Evaluation;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The searches aggregate in PostgreSQL: searches, their candidates, the iterations' selections, per-epoch metrics
 * and best checkpoints. Each table's row is mapped here, once; reads never block (for requests on the event loop),
 * the journal waits for them on a search's own thread (see docs/architecture.md, Persistence and recovery).
 */
@ApplicationScoped
public class SearchRepository {

    @Inject
    Pool pool;

    @Inject
    JsonCodec json;

    /** A row of {@code searches}. */
    public record StoredSearch(
            UUID id,
            String task,
            ProposerKind proposer,
            SelectionMode selection,
            SearchState state,
            String reason,
            SearchSpec spec,
            int samples,
            int iterations,
            String createdBy,
            long createdById,
            UUID forkedFrom,
            UUID bestCandidate,
            Double bestFitness,
            long promptTokens,
            long completionTokens,
            double cost,
            Evaluation evaluation,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime finishedAt) {}

    /**
     * A search to insert: created here (queued, no best yet) or imported (finished, with its best). The task,
     * proposer, selection and budget columns come from the spec.
     */
    public record NewSearch(
            UUID id,
            SearchSpec spec,
            SearchState state,
            String reason,
            String createdBy,
            long createdById,
            String idempotencyKey,
            UUID forkedFrom,
            UUID bestCandidate,
            Double bestFitness,
            OffsetDateTime at) {}

    /** One page of a listing and how many searches match in all. */
    public record SearchPage(List<StoredSearch> items, long total) {}

    /** An iteration's place in a search. */
    public record Place(int restart, int iteration) {}

    /** How far a search's latest iteration is: candidates that reached a terminal state of all its candidates. */
    public record IterationCount(Place place, int finished, int candidates) {}

    private static final String TERMINAL = "('"
            + String.join(
                    "', '",
                    Arrays.stream(CandidateState.values())
                            .filter(CandidateState::terminal)
                            .map(CandidateState::label)
                            .toList())
            + "')";

    private static final String FINISHED = "('"
            + String.join(
                    "', '",
                    Arrays.stream(SearchState.values())
                            .filter(SearchState::finished)
                            .map(SearchState::label)
                            .toList())
            + "')";

    // ---- searches

    /** The search; null item when there is none. */
    public Uni<StoredSearch> find(UUID id) {
        return pool.preparedQuery("select * from searches where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows) == null ? null : search(first(rows)));
    }

    /** The search a user created with this idempotency key; null item when there is none. */
    public Uni<StoredSearch> findByIdempotencyKey(long userId, String key) {
        return pool.preparedQuery("select * from searches where created_by_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(userId, key))
                .map(rows -> first(rows) == null ? null : search(first(rows)));
    }

    /** Newest first, optionally only of one task and in one state. */
    public Uni<SearchPage> list(String task, SearchState state, int page, int size) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        if (task != null) {
            args.add(task);
            where.append(" and task = $").append(args.size());
        }
        if (state != null) {
            args.add(state.label());
            where.append(" and state = $").append(args.size());
        }
        Tuple filter = tuple(args.toArray());
        Tuple paged = tuple(args.toArray()).addValue((long) size).addValue((long) page * size);
        return pool.preparedQuery("select * from searches where " + where + " order by created_at desc limit $"
                        + (args.size() + 1) + " offset $" + (args.size() + 2))
                .execute(paged)
                .flatMap(rows -> pool.preparedQuery("select count(*) from searches where " + where)
                        .execute(filter)
                        .map(count -> {
                            List<StoredSearch> items = new ArrayList<>();
                            for (Row r : rows) items.add(search(r));
                            return new SearchPage(items, first(count).getLong(0));
                        }));
    }

    /** Inserts a search, and with it (in the same transaction) candidates and metrics when importing. */
    public Uni<Void> insert(SqlClient client, NewSearch s) {
        SearchSpec spec = s.spec();
        boolean finished = s.state().finished();
        return client.preparedQuery("insert into searches (id, task, proposer, selection, state, reason, spec,"
                        + " samples, iterations, restarts, seed, created_by, created_by_id, idempotency_key,"
                        + " forked_from, best_candidate, best_fitness, created_at, updated_at, finished_at) values"
                        + " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18,"
                        + " $19)")
                .execute(tuple(
                        s.id(),
                        spec.task(),
                        spec.proposer().label(),
                        spec.selection().label(),
                        s.state().label(),
                        s.reason(),
                        json.write(spec),
                        spec.samples(),
                        spec.iterations(),
                        spec.restarts(),
                        spec.seed(),
                        s.createdBy(),
                        s.createdById(),
                        s.idempotencyKey(),
                        s.forkedFrom(),
                        s.bestCandidate(),
                        s.bestFitness(),
                        s.at(),
                        finished ? s.at() : null))
                .replaceWithVoid();
    }

    public Uni<Void> insert(NewSearch s) {
        return insert(pool, s);
    }

    public Uni<Void> state(UUID id, SearchState state, String reason) {
        return pool.preparedQuery("update searches set state = $1, reason = $2, updated_at = now(),"
                        + " finished_at = case when $3 then now() else null end where id = $4")
                .execute(tuple(state.label(), reason, state.finished(), id))
                .replaceWithVoid();
    }

    /** Ids of searches that did not finish (to resume at start-up), oldest first. */
    public Uni<List<UUID>> unfinished() {
        return pool.preparedQuery("select id from searches where state not in " + FINISHED + " order by created_at")
                .execute()
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row r : rows) ids.add(r.getUUID("id"));
                    return ids;
                });
    }

    /** The specs of a user's searches that did not finish (for the per-user quotas). */
    public Uni<List<SearchSpec>> unfinishedSpecs(long userId) {
        return pool.preparedQuery("select spec from searches where created_by_id = $1 and state not in " + FINISHED)
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<SearchSpec> specs = new ArrayList<>();
                    for (Row r : rows) specs.add(json.read(r.getString("spec"), SearchSpec.class));
                    return specs;
                });
    }

    private StoredSearch search(Row r) {
        String evaluation = r.getString("evaluation");
        return new StoredSearch(
                r.getUUID("id"),
                r.getString("task"),
                ProposerKind.parse(r.getString("proposer")).orElseThrow(),
                SelectionMode.parse(r.getString("selection")).orElseThrow(),
                SearchState.parse(r.getString("state")).orElseThrow(),
                r.getString("reason"),
                json.read(r.getString("spec"), SearchSpec.class),
                r.getInteger("samples"),
                r.getInteger("iterations"),
                r.getString("created_by"),
                r.getLong("created_by_id"),
                r.getUUID("forked_from"),
                r.getUUID("best_candidate"),
                r.getDouble("best_fitness"),
                r.getLong("prompt_tokens"),
                r.getLong("completion_tokens"),
                r.getDouble("cost"),
                evaluation == null ? null : json.read(evaluation, Evaluation.class),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"),
                r.getOffsetDateTime("finished_at"));
    }

    // ---- iterations

    /** The stored choice of each finished iteration (a null value when every candidate failed). */
    public Uni<Map<Place, UUID>> selections(UUID search) {
        return pool.preparedQuery("select restart, position, selected from iterations where search_id = $1")
                .execute(Tuple.of(search))
                .map(rows -> {
                    Map<Place, UUID> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(new Place(r.getInteger("restart"), r.getInteger("position")), r.getUUID("selected"));
                    }
                    return out;
                });
    }

    /** The latest (restart, iteration) of each search with how many of its candidates finished, in one query. */
    public Uni<Map<UUID, IterationCount>> latestIterations(Collection<UUID> searches) {
        if (searches.isEmpty()) return Uni.createFrom().item(Map.of());
        return pool.preparedQuery("select search_id, restart, iteration, count(*) as candidates, count(*) filter"
                        + " (where state in " + TERMINAL + ") as finished from candidates where search_id = any($1)"
                        + " group by search_id, restart, iteration order by search_id, restart, iteration")
                .execute(Tuple.of(searches.toArray(new UUID[0])))
                .map(rows -> {
                    Map<UUID, IterationCount> out = new HashMap<>();
                    // rows come in (restart, iteration) order: the last one per search wins
                    for (Row r : rows) {
                        out.put(
                                r.getUUID("search_id"),
                                new IterationCount(
                                        new Place(r.getInteger("restart"), r.getInteger("iteration")),
                                        r.getLong("finished").intValue(),
                                        r.getLong("candidates").intValue()));
                    }
                    return out;
                });
    }

    /**
     * F of each search's first human-initialized candidate that trained (the baseline the search list shows before
     * the final evaluation), by search; searches without one are absent.
     */
    public Uni<Map<UUID, Double>> humanInitFitness(Collection<UUID> searches) {
        if (searches.isEmpty()) return Uni.createFrom().item(Map.of());
        return pool.preparedQuery("select distinct on (search_id) search_id, fitness from candidates where search_id ="
                        + " any($1) and origin = '" + ProposerKind.HUMAN.label() + "' and state = '"
                        + CandidateState.DONE.label() + "' and fitness is not null"
                        + " order by search_id, restart, iteration, position")
                .execute(Tuple.of(searches.toArray(new UUID[0])))
                .map(rows -> {
                    Map<UUID, Double> out = new HashMap<>();
                    for (Row r : rows) out.put(r.getUUID("search_id"), r.getDouble("fitness"));
                    return out;
                });
    }

    // ---- candidates

    private static final String INSERT_CANDIDATE = "insert into candidates (id, search_id, restart, iteration, round,"
            + " position, parent_id, origin, summary, response, program, components, problems, state, attempt,"
            + " fitness, checkpoints, reflection, failure, prompt_tokens, completion_tokens, exchange_id, proposed_at,"
            + " started_at, finished_at, repair_cost, worker, selection_scores, device, device_reason) values ($1, $2, $3,"
            + " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,"
            + " $26, $27, $28, $29, $30)";

    /** A search's candidates in creation order, without their metrics. */
    public Uni<List<Candidate>> candidates(UUID search) {
        return pool.preparedQuery("select * from candidates where search_id = $1 order by restart, iteration, position")
                .execute(Tuple.of(search))
                .map(rows -> {
                    List<Candidate> out = new ArrayList<>();
                    for (Row r : rows) out.add(candidate(r));
                    return out;
                });
    }

    /** The candidate without its metrics; null item when there is none. */
    public Uni<Candidate> candidate(UUID id) {
        return pool.preparedQuery("select * from candidates where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows) == null ? null : candidate(first(rows)));
    }

    /**
     * Inserts candidates as they are (new ones when proposed, finished ones when imported), with the metric records
     * of their epochs under their current attempt.
     */
    public Uni<Void> insertCandidates(SqlClient client, List<Candidate> candidates) {
        if (candidates.isEmpty()) return Uni.createFrom().voidItem();
        List<Tuple> batch = new ArrayList<>();
        for (Candidate c : candidates) {
            batch.add(tuple(
                    UUID.fromString(c.id),
                    UUID.fromString(c.searchId),
                    c.restart,
                    c.iteration,
                    c.round,
                    c.index,
                    c.parentId == null ? null : UUID.fromString(c.parentId),
                    c.origin,
                    c.summary,
                    c.response,
                    c.program,
                    json.write(c.components),
                    json.write(c.problems.stream().map(StoredProblem::of).toList()),
                    c.state.label(),
                    c.attempt,
                    c.fitness,
                    json.write(c.checkpoints),
                    c.reflection,
                    c.failure,
                    c.promptTokens,
                    c.completionTokens,
                    c.exchangeId == null ? null : UUID.fromString(c.exchangeId),
                    time(c.proposedAt),
                    time(c.startedAt),
                    time(c.finishedAt),
                    c.repairCost,
                    c.worker,
                    json.write(c.selectionScores),
                    c.device,
                    c.deviceReason));
        }
        List<Tuple> metrics = new ArrayList<>();
        for (Candidate c : candidates) {
            for (var record : c.epochs) {
                MetricPoint m = MetricPoint.of(record);
                metrics.add(tuple(UUID.fromString(c.id), c.attempt, m.epoch(), json.write(m)));
            }
        }
        return client.preparedQuery(INSERT_CANDIDATE)
                .executeBatch(batch)
                .flatMap(ignored -> metrics.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : client.preparedQuery("insert into metric_records (candidate_id, attempt, epoch, data) values"
                                        + " ($1, $2, $3, $4)")
                                .executeBatch(metrics)
                                .replaceWithVoid())
                .replaceWithVoid();
    }

    /** The one mapping of a {@code candidates} row. */
    private Candidate candidate(Row r) {
        Candidate c = new Candidate();
        c.id = r.getUUID("id").toString();
        c.searchId = r.getUUID("search_id").toString();
        c.restart = r.getInteger("restart");
        c.iteration = r.getInteger("iteration");
        c.round = r.getInteger("round");
        c.index = r.getInteger("position");
        UUID parent = r.getUUID("parent_id");
        c.parentId = parent == null ? null : parent.toString();
        c.origin = r.getString("origin");
        c.summary = r.getString("summary");
        c.response = r.getString("response");
        c.program = r.getString("program");
        c.components = json.read(r.getString("components"), new TypeReference<List<String>>() {});
        c.problems = json.read(r.getString("problems"), new TypeReference<List<StoredProblem>>() {}).stream()
                .map(StoredProblem::toProblem)
                .toList();
        c.state = CandidateState.parse(r.getString("state")).orElseThrow();
        c.attempt = r.getInteger("attempt");
        c.fitness = r.getDouble("fitness");
        c.checkpoints = json.read(r.getString("checkpoints"), double[].class);
        c.reflection = r.getString("reflection");
        c.failure = r.getString("failure");
        c.promptTokens = r.getInteger("prompt_tokens");
        c.completionTokens = r.getInteger("completion_tokens");
        UUID exchange = r.getUUID("exchange_id");
        c.exchangeId = exchange == null ? null : exchange.toString();
        c.repairCost = r.getDouble("repair_cost");
        c.proposedAt = instant(r.getOffsetDateTime("proposed_at"));
        c.startedAt = instant(r.getOffsetDateTime("started_at"));
        c.finishedAt = instant(r.getOffsetDateTime("finished_at"));
        c.worker = r.getString("worker");
        c.device = r.getString("device");
        c.deviceReason = r.getString("device_reason");
        c.selectionScores = json.read(r.getString("selection_scores"), new TypeReference<List<Double>>() {});
        return c;
    }

    /**
     * The candidate's share of its model exchange's cost (split like the tokens among the candidates of the
     * exchange), plus the cost of its repair exchanges (docs/llm.md, Repair); 0 without an exchange.
     */
    public Uni<Double> cost(Candidate c) {
        if (c.exchangeId == null) return Uni.createFrom().item(c.repairCost);
        return pool.preparedQuery("select e.cost / greatest(1, (select count(*) from candidates k where k.exchange_id"
                        + " = e.id)) as share from llm_exchanges e where e.id = $1")
                .execute(Tuple.of(UUID.fromString(c.exchangeId)))
                .map(rows -> {
                    Row r = first(rows);
                    return (r == null || r.getDouble("share") == null ? 0.0 : r.getDouble("share")) + c.repairCost;
                });
    }

    // ---- metrics and checkpoints

    /**
     * The epoch number of the row that holds a thinned training's reflection (epochs count from 1): the listings
     * of metrics skip it.
     */
    static final int REFLECTION_EPOCH = 0;

    /** The metrics of one attempt of a candidate, by epoch. */
    public Uni<List<MetricPoint>> metrics(UUID candidate, int attempt) {
        return pool.preparedQuery(
                        "select data from metric_records where candidate_id = $1 and attempt = $2 and epoch > 0"
                                + " order by epoch")
                .execute(Tuple.of(candidate, attempt))
                .map(rows -> {
                    List<MetricPoint> out = new ArrayList<>();
                    for (Row r : rows) out.add(json.read(r.getString("data"), MetricPoint.class));
                    return out;
                });
    }

    /** The metrics of every candidate's current attempt, by candidate and epoch. */
    public Uni<Map<UUID, List<MetricPoint>>> metricsOfSearch(UUID search) {
        return pool.preparedQuery("select m.candidate_id, m.data from metric_records m join candidates c on c.id ="
                        + " m.candidate_id and m.attempt = c.attempt where c.search_id = $1 and m.epoch > 0"
                        + " order by m.epoch")
                .execute(Tuple.of(search))
                .map(rows -> {
                    Map<UUID, List<MetricPoint>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getUUID("candidate_id"), k -> new ArrayList<>())
                                .add(json.read(r.getString("data"), MetricPoint.class));
                    }
                    return out;
                });
    }

    /** The stored reflections of thinned trainings (of every candidate's current attempt), by candidate. */
    public Uni<Map<UUID, Reflection>> reflectionsOfSearch(UUID search) {
        return pool.preparedQuery("select m.candidate_id, m.data from metric_records m join candidates c on c.id ="
                        + " m.candidate_id and m.attempt = c.attempt where c.search_id = $1 and m.epoch = "
                        + REFLECTION_EPOCH)
                .execute(Tuple.of(search))
                .map(rows -> {
                    Map<UUID, Reflection> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getUUID("candidate_id"), json.read(r.getString("data"), Reflection.class));
                    }
                    return out;
                });
    }

    /** The policy bytes of a candidate's best checkpoint; null item when there is none. */
    public Uni<byte[]> policy(UUID candidate) {
        return pool.preparedQuery("select policy from checkpoints where candidate_id = $1")
                .execute(Tuple.of(candidate))
                .map(rows -> first(rows) == null
                        ? null
                        : first(rows).getBuffer("policy").getBytes());
    }

    // ---- shared

    /** Whether the failure is a unique key's (e.g. a second search with the same idempotency key). */
    public static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) return true;
        }
        return false;
    }

    public Pool pool() {
        return pool;
    }

    private static Row first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }

    /** A tuple that may hold nulls (Tuple.of does not). */
    static Tuple tuple(Object... values) {
        Tuple t = Tuple.tuple();
        for (Object v : values) t.addValue(v);
        return t;
    }

    static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
