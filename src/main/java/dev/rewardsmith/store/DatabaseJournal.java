package dev.rewardsmith.store;

import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.search.SearchJournal;
import dev.rewardsmith.search.SearchSnapshot;
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
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The search journal in PostgreSQL: the port a search loop writes through and loads from, on its own virtual thread
 * (it waits for each write to be committed before the search acts on it). Rows are mapped by
 * {@link SearchRepository}.
 *
 * <p>A training of more than {@code rewardsmith.limits.stored-epochs-per-training} epochs is thinned as it runs:
 * the first and the last epoch and every k-th are stored (k the smallest stride that keeps the count under the cap);
 * when it ends, the epochs its reflection reads ({@link Reflection#epochsRead}) are added and the reflection itself
 * is stored in the row of epoch {@value SearchRepository#REFLECTION_EPOCH}, so a resumed search reads exactly the
 * reflection the full training gave.
 */
@ApplicationScoped
public class DatabaseJournal implements SearchJournal {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    JsonCodec json;

    @Inject
    SearchRepository searches;

    @ConfigProperty(name = "rewardsmith.limits.stored-epochs-per-training", defaultValue = "2000")
    int storedEpochs;

    @Override
    public SearchSnapshot load(String searchId) {
        UUID id = UUID.fromString(searchId);
        SearchRepository.StoredSearch search = searches.find(id).await().atMost(TIMEOUT);
        if (search == null) throw new IllegalArgumentException("no search " + searchId);
        Map<UUID, List<MetricPoint>> epochs =
                searches.metricsOfSearch(id).await().atMost(TIMEOUT);
        List<Candidate> candidates = searches.candidates(id).await().atMost(TIMEOUT);
        Map<UUID, Reflection> reflections =
                searches.reflectionsOfSearch(id).await().atMost(TIMEOUT);
        for (Candidate c : candidates) {
            c.epochs = new ArrayList<>(epochs.getOrDefault(UUID.fromString(c.id), List.of()).stream()
                    .map(MetricPoint::toRecord)
                    .toList());
            c.storedReflection = reflections.get(UUID.fromString(c.id));
        }
        return new SearchSnapshot(searchId, search.spec(), search.state(), candidates);
    }

    @Override
    public void searchState(String searchId, SearchState state, String reason) {
        searches.state(UUID.fromString(searchId), state, reason).await().atMost(TIMEOUT);
    }

    @Override
    public void best(String searchId, String candidateId, double fitness) {
        execute(
                "update searches set best_candidate = $1, best_fitness = $2, updated_at = now() where id = $3",
                SearchRepository.tuple(UUID.fromString(candidateId), fitness, UUID.fromString(searchId)));
    }

    @Override
    public void proposed(List<Candidate> list) {
        if (list.isEmpty()) return;
        pool.withTransaction(conn -> searches.insertCandidates(conn, list))
                .await()
                .atMost(TIMEOUT);
        long prompt = list.stream().mapToLong(c -> c.promptTokens).sum();
        long completion = list.stream().mapToLong(c -> c.completionTokens).sum();
        if (prompt + completion > 0) {
            execute(
                    "update searches set prompt_tokens = prompt_tokens + $1,"
                            + " completion_tokens = completion_tokens + $2 where id = $3",
                    SearchRepository.tuple(prompt, completion, UUID.fromString(list.get(0).searchId)));
        }
    }

    @Override
    public void candidate(Candidate c) {
        execute(
                "update candidates set program = $1, components = $2, problems = $3, state = $4, attempt = $5,"
                        + " fitness = $6, checkpoints = $7, reflection = $8, failure = $9, started_at = $10,"
                        + " finished_at = $11, worker = $12, device = $13, device_reason = $14,"
                        + " selection_scores = $15 where id = $16",
                SearchRepository.tuple(
                        c.program,
                        json.write(c.components),
                        json.write(c.problems.stream().map(StoredProblem::of).toList()),
                        c.state.label(),
                        c.attempt,
                        c.fitness,
                        json.write(c.checkpoints),
                        c.reflection,
                        c.failure,
                        time(c.startedAt),
                        time(c.finishedAt),
                        c.worker,
                        c.device,
                        c.deviceReason,
                        json.write(c.selectionScores),
                        UUID.fromString(c.id)));
    }

    @Override
    public void metrics(String candidateId, int attempt, int plannedEpochs, MetricsRecord record) {
        if (kept(record.epoch(), plannedEpochs, storedEpochs)) metrics(candidateId, attempt, record);
    }

    /**
     * Whether epoch {@code epoch} of {@code planned} is stored under a cap of {@code cap} rows: all of them when they
     * fit, else the first, the last and every k-th, k = ceil(planned / (cap - 2)).
     */
    static boolean kept(int epoch, int planned, int cap) {
        int rows = Math.max(3, cap);
        if (planned <= rows || epoch == 1 || epoch >= planned) return true;
        int stride = (planned + rows - 3) / (rows - 2);
        return epoch % stride == 0;
    }

    @Override
    public void trainingEnded(String candidateId, int attempt, List<MetricsRecord> epochs) {
        int planned = epochs.size();
        if (epochs.stream().allMatch(r -> kept(r.epoch(), planned, storedEpochs))) return;
        UUID id = UUID.fromString(candidateId);
        List<Tuple> rows = new ArrayList<>();
        java.util.Set<Integer> read = Reflection.epochsRead(epochs);
        for (MetricsRecord r : epochs) {
            if (read.contains(r.epoch()) && !kept(r.epoch(), planned, storedEpochs)) {
                rows.add(SearchRepository.tuple(id, attempt, r.epoch(), json.write(MetricPoint.of(r))));
            }
        }
        rows.add(SearchRepository.tuple(
                id, attempt, SearchRepository.REFLECTION_EPOCH, json.write(Reflection.of(epochs))));
        pool.withTransaction(conn -> conn.preparedQuery("insert into metric_records (candidate_id, attempt, epoch,"
                                + " data) values ($1, $2, $3, $4) on conflict (candidate_id, attempt, epoch) do update"
                                + " set data = excluded.data")
                        .executeBatch(rows))
                .await()
                .atMost(TIMEOUT);
    }

    @Override
    public void metrics(String candidateId, int attempt, MetricsRecord record) {
        execute(
                METRICS_UPSERT,
                SearchRepository.tuple(
                        UUID.fromString(candidateId), attempt, record.epoch(), json.write(MetricPoint.of(record))));
    }

    /** The kept epochs of the batch in one pipelined batch of upserts (one round trip to the database). */
    @Override
    public void metrics(List<SearchJournal.Epoch> epochs) {
        List<Tuple> rows = new ArrayList<>(epochs.size());
        for (SearchJournal.Epoch e : epochs) {
            if (!kept(e.record().epoch(), e.plannedEpochs(), storedEpochs)) continue;
            rows.add(SearchRepository.tuple(
                    UUID.fromString(e.candidateId()),
                    e.attempt(),
                    e.record().epoch(),
                    json.write(MetricPoint.of(e.record()))));
        }
        if (rows.isEmpty()) return;
        if (rows.size() == 1) {
            execute(METRICS_UPSERT, rows.get(0));
            return;
        }
        pool.preparedQuery(METRICS_UPSERT).executeBatch(rows).await().atMost(TIMEOUT);
    }

    private static final String METRICS_UPSERT = "insert into metric_records (candidate_id, attempt, epoch, data)"
            + " values ($1, $2, $3, $4) on conflict (candidate_id, attempt, epoch) do update set data = excluded.data";

    @Override
    public void checkpoint(String candidateId, byte[] policy, double fitness) {
        execute(
                "insert into checkpoints (candidate_id, policy, fitness) values ($1, $2, $3)"
                        + " on conflict (candidate_id) do update set policy = excluded.policy,"
                        + " fitness = excluded.fitness, created_at = now()",
                SearchRepository.tuple(
                        UUID.fromString(candidateId), io.vertx.core.buffer.Buffer.buffer(policy), fitness));
    }

    @Override
    public void iterationDone(String searchId, int restart, int iteration, String selectedId) {
        execute(
                "insert into iterations (search_id, restart, position, selected) values ($1, $2, $3, $4)"
                        + " on conflict (search_id, restart, position) do update set selected = excluded.selected,"
                        + " finished_at = now()",
                SearchRepository.tuple(
                        UUID.fromString(searchId),
                        restart,
                        iteration,
                        selectedId == null ? null : UUID.fromString(selectedId)));
    }

    @Override
    public void evaluation(String searchId, dev.rewardsmith.search.Evaluation evaluation) {
        execute(
                "update searches set evaluation = $1, updated_at = now() where id = $2",
                SearchRepository.tuple(json.write(evaluation), UUID.fromString(searchId)));
    }

    @Override
    public byte[] policy(String candidateId) {
        UUID id;
        try {
            id = UUID.fromString(candidateId);
        } catch (IllegalArgumentException e) {
            return null; // a fork's finetuneFrom from an imported spec may name anything
        }
        return searches.policy(id).await().atMost(TIMEOUT);
    }

    @Override
    public void rollouts(String candidateId, List<dev.rewardsmith.rl.Rollout> rollouts) {
        List<Tuple> batch = new ArrayList<>();
        for (dev.rewardsmith.rl.Rollout r : rollouts) {
            batch.add(SearchRepository.tuple(
                    UUID.randomUUID(),
                    UUID.fromString(candidateId),
                    r.seed(),
                    r.steps().size(),
                    r.fitness(),
                    io.vertx.core.buffer.Buffer.buffer(RolloutJson.gzip(RolloutJson.body(r, json.mapper())))));
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
            batch.add(SearchRepository.tuple(
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
                "select c.id, c.left_candidate, c.right_candidate, " + FeedbackRepository.VOTE_EVENT_COLUMNS
                        + " from comparisons c join vote_events v on v.comparison_id = c.id where c.search_id = $1"
                        + " and c.restart = $2 and c.iteration = $3 order by v.id",
                Tuple.of(id, restart, iteration))) {
            comparisons.putIfAbsent(r.getUUID("id").toString(), r);
            events.add(FeedbackRepository.voteEvent(r));
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

    @Override
    public void reflectionAwaited(String searchId, int restart, int iteration, String candidateId, String automatic) {
        // a resumed wait opens the row again and keeps a text already written
        execute(
                "insert into human_reflections (search_id, restart, iteration, candidate_id, automatic, awaiting)"
                        + " values ($1, $2, $3, $4, $5, true) on conflict (search_id, restart, iteration) do update"
                        + " set awaiting = true",
                SearchRepository.tuple(
                        UUID.fromString(searchId), restart, iteration, UUID.fromString(candidateId), automatic));
    }

    @Override
    public void reflectionWaitEnded(String searchId, int restart, int iteration) {
        execute(
                "update human_reflections set awaiting = false where search_id = $1 and restart = $2 and"
                        + " iteration = $3",
                Tuple.of(UUID.fromString(searchId), restart, iteration));
    }

    @Override
    public String humanReflection(String searchId, int restart, int iteration) {
        for (Row r : rows(
                "select text from human_reflections where search_id = $1 and restart = $2 and iteration = $3",
                Tuple.of(UUID.fromString(searchId), restart, iteration))) {
            return r.getString("text");
        }
        return null;
    }

    /** Ids of searches that did not finish (to resume at start-up), oldest first. */
    public List<String> unfinished() {
        return searches.unfinished().await().atMost(TIMEOUT).stream()
                .map(UUID::toString)
                .toList();
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }

    private List<Row> rows(String sql, Tuple args) {
        List<Row> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT)) out.add(r);
        return out;
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
