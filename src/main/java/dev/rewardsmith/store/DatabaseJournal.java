package dev.rewardsmith.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.Stage;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.SearchJournal;
import dev.rewardsmith.search.SearchSnapshot;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The search journal in PostgreSQL. Writes go through the reactive SQL client (the pool Hibernate Reactive also
 * uses): it has no session bound to a Vert.x context, so the search's own virtual thread can wait for each write
 * to be committed before the search acts on it, without blocking an event loop.
 */
@ApplicationScoped
public class DatabaseJournal implements SearchJournal {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    /** A problem as stored: the stage by its label. */
    public record StoredProblem(String stage, int line, int column, String message) {
        static StoredProblem of(Problem p) {
            return new StoredProblem(p.stage().label(), p.line(), p.column(), p.message());
        }

        Problem toProblem() {
            return new Problem(Stage.valueOf(stage.toUpperCase(Locale.ROOT)), line, column, message);
        }
    }

    @Override
    public SearchSnapshot load(String searchId) {
        UUID id = UUID.fromString(searchId);
        Row search = one("select spec, state from searches where id = $1", Tuple.of(id));
        if (search == null) throw new IllegalArgumentException("no search " + searchId);
        SearchSpec spec = read(search.getString("spec"), new TypeReference<>() {});
        SearchState state = SearchState.parse(search.getString("state")).orElseThrow();
        Map<UUID, List<MetricsRecord>> epochs = new HashMap<>();
        for (Row r : rows(
                "select m.candidate_id, m.data from metric_records m join candidates c"
                        + " on c.id = m.candidate_id and m.attempt = c.attempt where c.search_id = $1 order by m.epoch",
                Tuple.of(id))) {
            MetricPoint p = read(r.getString("data"), new TypeReference<>() {});
            epochs.computeIfAbsent(r.getUUID("candidate_id"), k -> new ArrayList<>())
                    .add(p.toRecord());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Row r : rows(
                "select * from candidates where search_id = $1 order by restart, iteration, position", Tuple.of(id))) {
            Candidate c = new Candidate();
            c.id = r.getUUID("id").toString();
            c.searchId = searchId;
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
            c.components = read(r.getString("components"), new TypeReference<List<String>>() {});
            c.problems = read(r.getString("problems"), new TypeReference<List<StoredProblem>>() {}).stream()
                    .map(StoredProblem::toProblem)
                    .toList();
            c.state = CandidateState.parse(r.getString("state")).orElseThrow();
            c.attempt = r.getInteger("attempt");
            c.fitness = r.getDouble("fitness");
            c.checkpoints = read(r.getString("checkpoints"), new TypeReference<double[]>() {});
            c.reflection = r.getString("reflection");
            c.failure = r.getString("failure");
            c.promptTokens = r.getInteger("prompt_tokens");
            c.completionTokens = r.getInteger("completion_tokens");
            UUID exchange = r.getUUID("exchange_id");
            c.exchangeId = exchange == null ? null : exchange.toString();
            c.proposedAt = instant(r.getOffsetDateTime("proposed_at"));
            c.startedAt = instant(r.getOffsetDateTime("started_at"));
            c.finishedAt = instant(r.getOffsetDateTime("finished_at"));
            c.epochs = new ArrayList<>(epochs.getOrDefault(r.getUUID("id"), List.of()));
            candidates.add(c);
        }
        return new SearchSnapshot(searchId, spec, state, candidates);
    }

    @Override
    public void searchState(String searchId, SearchState state, String reason) {
        execute(
                "update searches set state = $1, reason = $2, updated_at = now(),"
                        + " finished_at = case when $3 then now() else null end where id = $4",
                tuple(state.label(), reason, state.finished(), UUID.fromString(searchId)));
    }

    @Override
    public void best(String searchId, String candidateId, double fitness) {
        execute(
                "update searches set best_candidate = $1, best_fitness = $2, updated_at = now() where id = $3",
                tuple(UUID.fromString(candidateId), fitness, UUID.fromString(searchId)));
    }

    private static final String INSERT_CANDIDATE = "insert into candidates (id, search_id, restart, iteration, round,"
            + " position, parent_id, origin, summary, response, state, prompt_tokens, completion_tokens, proposed_at,"
            + " failure, exchange_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

    @Override
    public void proposed(List<Candidate> list) {
        if (list.isEmpty()) return;
        List<Tuple> batch = new ArrayList<>();
        for (Candidate c : list) {
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
                    c.state.label(),
                    c.promptTokens,
                    c.completionTokens,
                    time(c.proposedAt),
                    c.failure,
                    c.exchangeId == null ? null : UUID.fromString(c.exchangeId)));
        }
        pool.withTransaction(conn -> conn.preparedQuery(INSERT_CANDIDATE).executeBatch(batch))
                .await()
                .atMost(TIMEOUT);
        long prompt = list.stream().mapToLong(c -> c.promptTokens).sum();
        long completion = list.stream().mapToLong(c -> c.completionTokens).sum();
        if (prompt + completion > 0) {
            execute(
                    "update searches set prompt_tokens = prompt_tokens + $1,"
                            + " completion_tokens = completion_tokens + $2 where id = $3",
                    tuple(prompt, completion, UUID.fromString(list.get(0).searchId)));
        }
    }

    @Override
    public void candidate(Candidate c) {
        execute(
                "update candidates set program = $1, components = $2, problems = $3, state = $4, attempt = $5,"
                        + " fitness = $6, checkpoints = $7, reflection = $8, failure = $9, started_at = $10,"
                        + " finished_at = $11 where id = $12",
                tuple(
                        c.program,
                        write(c.components),
                        write(c.problems.stream().map(StoredProblem::of).toList()),
                        c.state.label(),
                        c.attempt,
                        c.fitness,
                        write(c.checkpoints),
                        c.reflection,
                        c.failure,
                        time(c.startedAt),
                        time(c.finishedAt),
                        UUID.fromString(c.id)));
    }

    @Override
    public void metrics(String candidateId, int attempt, MetricsRecord record) {
        execute(
                "insert into metric_records (candidate_id, attempt, epoch, data) values ($1, $2, $3, $4)"
                        + " on conflict (candidate_id, attempt, epoch) do update set data = excluded.data",
                tuple(UUID.fromString(candidateId), attempt, record.epoch(), write(MetricPoint.of(record))));
    }

    @Override
    public void checkpoint(String candidateId, byte[] policy, double fitness) {
        execute(
                "insert into checkpoints (candidate_id, policy, fitness) values ($1, $2, $3)"
                        + " on conflict (candidate_id) do update set policy = excluded.policy,"
                        + " fitness = excluded.fitness, created_at = now()",
                tuple(UUID.fromString(candidateId), io.vertx.core.buffer.Buffer.buffer(policy), fitness));
    }

    @Override
    public void iterationDone(String searchId, int restart, int iteration, String selectedId) {
        execute(
                "insert into iterations (search_id, restart, position, selected) values ($1, $2, $3, $4)"
                        + " on conflict (search_id, restart, position) do update set selected = excluded.selected,"
                        + " finished_at = now()",
                tuple(
                        UUID.fromString(searchId),
                        restart,
                        iteration,
                        selectedId == null ? null : UUID.fromString(selectedId)));
    }

    @Override
    public void evaluation(String searchId, dev.rewardsmith.search.Evaluation evaluation) {
        execute(
                "update searches set evaluation = $1, updated_at = now() where id = $2",
                tuple(write(evaluation), UUID.fromString(searchId)));
    }

    @Override
    public byte[] policy(String candidateId) {
        UUID id;
        try {
            id = UUID.fromString(candidateId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Row r = one("select policy from checkpoints where candidate_id = $1", Tuple.of(id));
        return r == null ? null : r.getBuffer("policy").getBytes();
    }

    @Override
    public void rollouts(String candidateId, List<dev.rewardsmith.rl.Rollout> rollouts) {
        List<Tuple> batch = new ArrayList<>();
        for (dev.rewardsmith.rl.Rollout r : rollouts) {
            batch.add(tuple(
                    UUID.randomUUID(),
                    UUID.fromString(candidateId),
                    r.seed(),
                    r.steps().size(),
                    r.fitness(),
                    io.vertx.core.buffer.Buffer.buffer(RolloutJson.gzip(RolloutJson.body(r, json)))));
        }
        if (batch.isEmpty()) return;
        pool.withTransaction(conn -> conn.preparedQuery("insert into rollouts (id, candidate_id, seed, steps, fitness,"
                                + " data) values ($1, $2, $3, $4, $5, $6) on conflict (candidate_id, seed) do update"
                                + " set steps = excluded.steps, fitness = excluded.fitness, data = excluded.data")
                        .executeBatch(batch))
                .await()
                .atMost(TIMEOUT);
    }

    @Override
    public void comparisons(
            String searchId, int restart, int iteration, List<dev.rewardsmith.feedback.ComparisonPlanner.Pair> pairs) {
        List<Tuple> batch = new ArrayList<>();
        for (var p : pairs) {
            batch.add(tuple(
                    UUID.randomUUID(),
                    UUID.fromString(searchId),
                    restart,
                    iteration,
                    p.seed(),
                    UUID.fromString(p.left()),
                    UUID.fromString(p.right())));
        }
        if (batch.isEmpty()) return;
        // a resumed search plans the same pairs again: the unique key keeps the first ones (and their votes)
        pool.withTransaction(conn -> conn.preparedQuery("insert into comparisons (id, search_id, restart, iteration,"
                                + " seed, left_candidate, right_candidate) values ($1, $2, $3, $4, $5, $6, $7)"
                                + " on conflict do nothing")
                        .executeBatch(batch))
                .await()
                .atMost(TIMEOUT);
    }

    @Override
    public dev.rewardsmith.search.IterationFeedback feedback(String searchId, int restart, int iteration) {
        UUID id = UUID.fromString(searchId);
        Map<String, Row> comparisons = new HashMap<>();
        List<dev.rewardsmith.feedback.VoteEvent> events = new ArrayList<>();
        for (Row r : rows(
                "select c.id, c.left_candidate, c.right_candidate, v.voter, v.choice, v.comment, v.at from comparisons c"
                        + " join vote_events v on v.comparison_id = c.id where c.search_id = $1 and c.restart = $2"
                        + " and c.iteration = $3 order by v.id",
                Tuple.of(id, restart, iteration))) {
            String cid = r.getUUID("id").toString();
            comparisons.putIfAbsent(cid, r);
            String choice = r.getString("choice");
            events.add(new dev.rewardsmith.feedback.VoteEvent(
                    cid,
                    r.getString("voter"),
                    choice == null
                            ? null
                            : dev.rewardsmith.feedback.Choice.parse(choice).orElseThrow(),
                    r.getString("comment"),
                    r.getOffsetDateTime("at").toInstant()));
        }
        List<dev.rewardsmith.feedback.Outcome> outcomes = new ArrayList<>();
        Map<String, List<String>> comments = new HashMap<>();
        List<dev.rewardsmith.feedback.VoteEvent> live = dev.rewardsmith.feedback.LiveVotes.of(events);
        for (int i = live.size() - 1; i >= 0; i--) {
            var e = live.get(i);
            Row c = comparisons.get(e.comparison());
            String left = c.getUUID("left_candidate").toString();
            String right = c.getUUID("right_candidate").toString();
            outcomes.add(dev.rewardsmith.feedback.Outcome.of(e.choice(), left, right));
            if (e.comment() != null) {
                if (e.choice() != dev.rewardsmith.feedback.Choice.RIGHT) {
                    comments.computeIfAbsent(left, k -> new ArrayList<>()).add(e.comment());
                }
                if (e.choice() != dev.rewardsmith.feedback.Choice.LEFT) {
                    comments.computeIfAbsent(right, k -> new ArrayList<>()).add(e.comment());
                }
            }
        }
        Map<String, List<String>> notes = new HashMap<>();
        for (Row r : rows(
                "select n.candidate_id, n.text from notes n join candidates c on c.id = n.candidate_id where"
                        + " c.search_id = $1 and c.restart = $2 and c.iteration = $3 order by n.id desc",
                Tuple.of(id, restart, iteration))) {
            notes.computeIfAbsent(r.getUUID("candidate_id").toString(), k -> new ArrayList<>())
                    .add(r.getString("text"));
        }
        return new dev.rewardsmith.search.IterationFeedback(outcomes, comments, notes);
    }

    /** Ids of searches that did not finish (to resume at start-up), oldest first. */
    public List<String> unfinished() {
        List<String> ids = new ArrayList<>();
        for (Row r : rows(
                "select id from searches where state not in ('done', 'failed', 'cancelled', 'budget-exhausted')"
                        + " order by created_at",
                Tuple.tuple())) {
            ids.add(r.getUUID("id").toString());
        }
        return ids;
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }

    private Row one(String sql, Tuple args) {
        var it = pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT).iterator();
        return it.hasNext() ? it.next() : null;
    }

    private List<Row> rows(String sql, Tuple args) {
        List<Row> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT)) out.add(r);
        return out;
    }

    /** A tuple that may hold nulls (Tuple.of does not). */
    static Tuple tuple(Object... values) {
        Tuple t = Tuple.tuple();
        for (Object v : values) t.addValue(v);
        return t;
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
