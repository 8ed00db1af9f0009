package dev.rewardsmith.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A search as a portable zip bundle: {@code bundle.json} (the search, every candidate and its metrics) and one
 * {@code programs/<restart>-<iteration>-<index>.java} per candidate, readable on their own. Importing gives the
 * search and its candidates new ids, so a bundle can be imported anywhere, also twice. Policies (checkpoint bytes)
 * are not part of a bundle.
 */
@ApplicationScoped
public class SearchBundles {

    public static final String FORMAT = "rewardsmith-search/1";
    static final String BUNDLE = "bundle.json";
    /** A bundle bigger than this unzipped is refused (zip bombs). */
    static final long MAX_UNZIPPED = 32L << 20;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    public record BundleSearch(
            String id,
            String task,
            String proposer,
            String selection,
            String state,
            String reason,
            SearchSpec spec,
            OffsetDateTime createdAt,
            String createdBy,
            String bestCandidate,
            Double bestFitness) {}

    public record BundleCandidate(
            String id,
            int restart,
            int iteration,
            int round,
            int index,
            String parent,
            String origin,
            String summary,
            String response,
            String program,
            List<String> components,
            List<DatabaseJournal.StoredProblem> problems,
            String state,
            int attempt,
            Double fitness,
            double[] checkpoints,
            String reflection,
            String failure,
            int promptTokens,
            int completionTokens,
            OffsetDateTime proposedAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            List<MetricPoint> metrics) {}

    public record Bundle(String format, BundleSearch search, List<BundleCandidate> candidates) {}

    /** Why an uploaded bundle cannot be imported; the message is the reason. */
    public static final class InvalidBundle extends RuntimeException {
        public InvalidBundle(String reason) {
            super(reason);
        }
    }

    /** The zip of a stored search; null item when there is no such search. */
    public Uni<byte[]> export(UUID id) {
        return pool.preparedQuery("select * from searches where id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) return Uni.createFrom().nullItem();
                    Row s = rows.iterator().next();
                    return pool.preparedQuery(
                                    "select * from candidates where search_id = $1 order by restart, iteration,"
                                            + " position")
                            .execute(Tuple.of(id))
                            .flatMap(candidates -> pool.preparedQuery(
                                            "select m.candidate_id, m.data from metric_records m join"
                                                    + " candidates c on c.id = m.candidate_id and c.attempt = m.attempt where"
                                                    + " c.search_id = $1 order by m.epoch")
                                    .execute(Tuple.of(id))
                                    .map(metrics -> zip(bundle(s, candidates, metrics))));
                });
    }

    private Bundle bundle(Row s, RowSet<Row> candidates, RowSet<Row> metrics) {
        Map<UUID, List<MetricPoint>> byCandidate = new HashMap<>();
        for (Row m : metrics) {
            byCandidate
                    .computeIfAbsent(m.getUUID("candidate_id"), k -> new ArrayList<>())
                    .add(read(m.getString("data"), new TypeReference<MetricPoint>() {}));
        }
        List<BundleCandidate> list = new ArrayList<>();
        for (Row c : candidates) {
            UUID parent = c.getUUID("parent_id");
            list.add(new BundleCandidate(
                    c.getUUID("id").toString(),
                    c.getInteger("restart"),
                    c.getInteger("iteration"),
                    c.getInteger("round"),
                    c.getInteger("position"),
                    parent == null ? null : parent.toString(),
                    c.getString("origin"),
                    c.getString("summary"),
                    c.getString("response"),
                    c.getString("program"),
                    read(c.getString("components"), new TypeReference<List<String>>() {}),
                    read(c.getString("problems"), new TypeReference<List<DatabaseJournal.StoredProblem>>() {}),
                    c.getString("state"),
                    c.getInteger("attempt"),
                    c.getDouble("fitness"),
                    read(c.getString("checkpoints"), new TypeReference<double[]>() {}),
                    c.getString("reflection"),
                    c.getString("failure"),
                    c.getInteger("prompt_tokens"),
                    c.getInteger("completion_tokens"),
                    c.getOffsetDateTime("proposed_at"),
                    c.getOffsetDateTime("started_at"),
                    c.getOffsetDateTime("finished_at"),
                    byCandidate.getOrDefault(c.getUUID("id"), List.of())));
        }
        UUID best = s.getUUID("best_candidate");
        BundleSearch search = new BundleSearch(
                s.getUUID("id").toString(),
                s.getString("task"),
                s.getString("proposer"),
                s.getString("selection"),
                s.getString("state"),
                s.getString("reason"),
                read(s.getString("spec"), new TypeReference<SearchSpec>() {}),
                s.getOffsetDateTime("created_at"),
                s.getString("created_by"),
                best == null ? null : best.toString(),
                s.getDouble("best_fitness"));
        return new Bundle(FORMAT, search, list);
    }

    private byte[] zip(Bundle bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(BUNDLE));
            zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle));
            zip.closeEntry();
            for (BundleCandidate c : bundle.candidates()) {
                String text = c.program() != null ? c.program() : c.response();
                zip.putNextEntry(new ZipEntry(
                        String.format(Locale.ROOT, "programs/%d-%d-%d.java", c.restart(), c.iteration(), c.index())));
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the bundle", e);
        }
        return bytes.toByteArray();
    }

    /** Reads and checks an uploaded bundle; throws {@link InvalidBundle} with the reason. */
    public Bundle read(byte[] zipBytes, java.util.function.Predicate<String> knownTask) {
        byte[] content = null;
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_UNZIPPED) throw new InvalidBundle("the bundle is larger than 32 MB unzipped");
                    out.write(buffer, 0, n);
                }
                if (entry.getName().equals(BUNDLE)) content = out.toByteArray();
            }
        } catch (IOException e) {
            throw new InvalidBundle("not a zip file: " + e.getMessage());
        }
        if (content == null) throw new InvalidBundle("the zip has no " + BUNDLE + ": export a search to get a bundle");
        Bundle bundle;
        try {
            bundle = json.readValue(content, Bundle.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new InvalidBundle(BUNDLE + " is not a valid bundle: " + root.getMessage());
        }
        if (!FORMAT.equals(bundle.format())) {
            throw new InvalidBundle("format '" + bundle.format() + "' is not " + FORMAT);
        }
        if (bundle.search() == null || bundle.search().spec() == null || bundle.candidates() == null) {
            throw new InvalidBundle(BUNDLE + " needs search, search.spec and candidates");
        }
        if (!knownTask.test(bundle.search().task())) {
            throw new InvalidBundle("unknown task '" + bundle.search().task() + "'");
        }
        java.util.Set<String> seenIds = new java.util.HashSet<>();
        java.util.Set<String> seenPlaces = new java.util.HashSet<>();
        for (BundleCandidate c : bundle.candidates()) {
            if (c.id() == null
                    || c.response() == null
                    || CandidateState.parse(c.state()).isEmpty()) {
                throw new InvalidBundle("every candidate needs an id, a response and a known state");
            }
            if (!seenIds.add(c.id())) throw new InvalidBundle("candidate id " + c.id() + " appears twice");
            if (!seenPlaces.add(c.restart() + "/" + c.iteration() + "/" + c.index())) {
                throw new InvalidBundle("two candidates at restart " + c.restart() + ", iteration " + c.iteration()
                        + ", index " + c.index());
            }
        }
        if (SearchState.parse(bundle.search().state()).isEmpty()) {
            throw new InvalidBundle("unknown search state '" + bundle.search().state() + "'");
        }
        return bundle;
    }

    /**
     * Stores a checked bundle as a new search (new ids) owned by the importer, in one transaction. An unfinished
     * search is imported as cancelled: it is a record, not something to run again here. Returns the new id.
     */
    public Uni<UUID> importBundle(Bundle bundle, String user, long userId) {
        UUID searchId = UUID.randomUUID();
        Map<String, UUID> ids = new HashMap<>();
        for (BundleCandidate c : bundle.candidates()) ids.put(c.id(), UUID.randomUUID());
        BundleSearch s = bundle.search();
        SearchState state = SearchState.parse(s.state()).orElseThrow();
        String finalState = state.finished() ? state.label() : SearchState.CANCELLED.label();
        String reason = state.finished() ? s.reason() : "imported while " + state.label();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Tuple> candidates = new ArrayList<>();
        List<Tuple> metrics = new ArrayList<>();
        for (BundleCandidate c : bundle.candidates()) {
            UUID id = ids.get(c.id());
            boolean unfinished = !CandidateState.parse(c.state()).orElseThrow().terminal();
            candidates.add(DatabaseJournal.tuple(
                    id,
                    searchId,
                    c.restart(),
                    c.iteration(),
                    c.round(),
                    c.index(),
                    c.parent() == null ? null : ids.get(c.parent()),
                    c.origin() == null ? "imported" : c.origin(),
                    c.summary() == null ? "" : c.summary(),
                    c.response(),
                    c.program(),
                    write(c.components() == null ? List.of() : c.components()),
                    write(c.problems() == null ? List.of() : c.problems()),
                    unfinished ? CandidateState.FAILED.label() : c.state(),
                    c.attempt(),
                    c.fitness(),
                    write(c.checkpoints() == null ? new double[0] : c.checkpoints()),
                    c.reflection(),
                    unfinished ? "the search was imported before this candidate finished" : c.failure(),
                    c.promptTokens(),
                    c.completionTokens(),
                    c.proposedAt() == null ? now : c.proposedAt(),
                    c.startedAt(),
                    c.finishedAt()));
            if (c.metrics() != null) {
                for (MetricPoint m : c.metrics())
                    metrics.add(DatabaseJournal.tuple(id, c.attempt(), m.epoch(), write(m)));
            }
        }
        UUID best = s.bestCandidate() == null ? null : ids.get(s.bestCandidate());
        SearchSpec spec = s.spec();
        return pool.withTransaction(conn -> conn.preparedQuery("insert into searches (id, task, proposer, selection,"
                                + " state, reason, spec, samples, iterations, restarts, seed, created_by, created_by_id,"
                                + " best_candidate, best_fitness, created_at, updated_at, finished_at) values ($1, $2,"
                                + " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16)")
                        .execute(DatabaseJournal.tuple(
                                searchId,
                                s.task(),
                                s.proposer(),
                                s.selection(),
                                finalState,
                                reason,
                                write(spec),
                                spec.samples(),
                                spec.iterations(),
                                spec.restarts(),
                                spec.seed(),
                                user,
                                userId,
                                best,
                                best == null ? null : s.bestFitness(),
                                now))
                        .flatMap(r -> candidates.isEmpty()
                                ? Uni.createFrom().item(r)
                                : conn.preparedQuery("insert into candidates (id, search_id, restart, iteration, round,"
                                                + " position, parent_id, origin, summary, response, program, components,"
                                                + " problems, state, attempt, fitness, checkpoints, reflection, failure,"
                                                + " prompt_tokens, completion_tokens, proposed_at, started_at,"
                                                + " finished_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                                                + " $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)")
                                        .executeBatch(candidates))
                        .flatMap(r -> metrics.isEmpty()
                                ? Uni.createFrom().item(r)
                                : conn.preparedQuery("insert into metric_records (candidate_id, attempt, epoch, data)"
                                                + " values ($1, $2, $3, $4)")
                                        .executeBatch(metrics)))
                .replaceWith(searchId);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
