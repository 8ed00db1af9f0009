package dev.rewardsmith.store;

import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
    SearchRepository searches;

    @Inject
    JsonCodec codec;

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
            List<StoredProblem> problems,
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
            List<MetricPoint> metrics,
            String worker) {}

    public record Bundle(String format, BundleSearch search, List<BundleCandidate> candidates) {}

    /** Why an uploaded bundle cannot be imported; the message is the reason. */
    public static final class InvalidBundle extends RuntimeException {
        public InvalidBundle(String reason) {
            super(reason);
        }
    }

    /** The zip of a stored search; null item when there is no such search. */
    public Uni<byte[]> export(UUID id) {
        return searches.find(id)
                .flatMap(s -> s == null
                        ? Uni.createFrom().nullItem()
                        : searches.candidates(id).flatMap(candidates -> searches.metricsOfSearch(id)
                                // building and compressing the zip is CPU work: off the event loop
                                .emitOn(Infrastructure.getDefaultWorkerPool())
                                .map(metrics -> zip(bundle(s, candidates, metrics)))));
    }

    private static Bundle bundle(
            SearchRepository.StoredSearch s, List<Candidate> candidates, Map<UUID, List<MetricPoint>> metrics) {
        List<BundleCandidate> list = new ArrayList<>();
        for (Candidate c : candidates) {
            list.add(new BundleCandidate(
                    c.id,
                    c.restart,
                    c.iteration,
                    c.round,
                    c.index,
                    c.parentId,
                    c.origin,
                    c.summary,
                    c.response,
                    c.program,
                    c.components,
                    c.problems.stream().map(StoredProblem::of).toList(),
                    c.state.label(),
                    c.attempt,
                    c.fitness,
                    c.checkpoints,
                    c.reflection,
                    c.failure,
                    c.promptTokens,
                    c.completionTokens,
                    SearchRepository.time(c.proposedAt),
                    SearchRepository.time(c.startedAt),
                    SearchRepository.time(c.finishedAt),
                    metrics.getOrDefault(UUID.fromString(c.id), List.of()),
                    c.worker));
        }
        BundleSearch search = new BundleSearch(
                s.id().toString(),
                s.task(),
                s.proposer().label(),
                s.selection().label(),
                s.state().label(),
                s.reason(),
                s.spec(),
                s.createdAt(),
                s.createdBy(),
                s.bestCandidate() == null ? null : s.bestCandidate().toString(),
                s.bestFitness());
        return new Bundle(FORMAT, search, list);
    }

    private byte[] zip(Bundle bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(BUNDLE));
            zip.write(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle));
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
            bundle = codec.mapper().readValue(content, Bundle.class);
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
        if (!bundle.search().spec().task().equals(bundle.search().task())) {
            throw new InvalidBundle("search.task '" + bundle.search().task() + "' is not its spec's task '"
                    + bundle.search().spec().task() + "'");
        }
        java.util.Set<String> seenIds = new java.util.HashSet<>();
        java.util.Set<String> seenPlaces = new java.util.HashSet<>();
        for (BundleCandidate c : bundle.candidates()) {
            if (c.id() == null
                    || c.response() == null
                    || CandidateState.parse(c.state()).isEmpty()) {
                throw new InvalidBundle("every candidate needs an id, a response and a known state");
            }
            if (c.problems() != null && !c.problems().stream().allMatch(StoredProblem::knownStage)) {
                throw new InvalidBundle("candidate " + c.id() + " has a problem of an unknown stage");
            }
            if (c.worker() != null && !c.worker().matches("[A-Za-z0-9._:-]{1,64}")) {
                throw new InvalidBundle(
                        "candidate " + c.id() + ": worker must be 1-64 letters, digits, '.', '_'," + " ':' or '-'");
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
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Candidate> candidates = new ArrayList<>();
        for (BundleCandidate b : bundle.candidates()) {
            CandidateState candidateState = CandidateState.parse(b.state()).orElseThrow();
            boolean unfinished = !candidateState.terminal();
            Candidate c = new Candidate();
            c.id = ids.get(b.id()).toString();
            c.searchId = searchId.toString();
            c.restart = b.restart();
            c.iteration = b.iteration();
            c.round = b.round();
            c.index = b.index();
            c.parentId = b.parent() == null || !ids.containsKey(b.parent())
                    ? null
                    : ids.get(b.parent()).toString();
            c.origin = b.origin() == null ? "imported" : b.origin();
            c.summary = b.summary() == null ? "" : b.summary();
            c.response = b.response();
            c.program = b.program();
            c.components = b.components() == null ? List.of() : b.components();
            c.problems = b.problems() == null
                    ? List.of()
                    : b.problems().stream().map(StoredProblem::toProblem).toList();
            c.state = unfinished ? CandidateState.FAILED : candidateState;
            c.attempt = b.attempt();
            c.fitness = b.fitness();
            c.checkpoints = b.checkpoints() == null ? new double[0] : b.checkpoints();
            c.reflection = b.reflection();
            c.failure = unfinished ? "the search was imported before this candidate finished" : b.failure();
            c.promptTokens = b.promptTokens();
            c.completionTokens = b.completionTokens();
            c.proposedAt = (b.proposedAt() == null ? now : b.proposedAt()).toInstant();
            c.startedAt = b.startedAt() == null ? null : b.startedAt().toInstant();
            c.finishedAt = b.finishedAt() == null ? null : b.finishedAt().toInstant();
            c.worker = b.worker();
            c.epochs = b.metrics() == null
                    ? List.of()
                    : b.metrics().stream().map(MetricPoint::toRecord).toList();
            candidates.add(c);
        }
        UUID best = s.bestCandidate() == null ? null : ids.get(s.bestCandidate());
        var search = new SearchRepository.NewSearch(
                searchId,
                s.spec(),
                state.finished() ? state : SearchState.CANCELLED,
                state.finished() ? s.reason() : "imported while " + state.label(),
                user,
                userId,
                null,
                null,
                best,
                best == null ? null : s.bestFitness(),
                now);
        return searches.pool()
                .withTransaction(conn ->
                        searches.insert(conn, search).flatMap(ignored -> searches.insertCandidates(conn, candidates)))
                .replaceWith(searchId);
    }
}
