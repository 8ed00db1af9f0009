package dev.rewardsmith.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.propose.Exchange;
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
import java.time.Instant;
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
 * A search as a portable zip bundle: {@code bundle.json} (the search, every candidate and its metrics, and the raw
 * model exchanges of an llm search) and one {@code programs/<restart>-<iteration>-<index>.java} per candidate,
 * readable on their own. Importing gives the search, its candidates and its exchanges new ids, so a bundle can be
 * imported anywhere, also twice. Policies (checkpoint bytes) are not part of a bundle. See docs/export.md, "Search
 * bundles". The command line reads and writes the same format without a server ({@link #read(byte[],
 * java.util.function.Predicate, ObjectMapper)}, {@link #zip(Bundle, ObjectMapper)}).
 */
@ApplicationScoped
public class SearchBundles {

    public static final String FORMAT = "rewardsmith-search/1";
    static final String BUNDLE = "bundle.json";
    /** A bundle bigger than this unzipped is refused (zip bombs). */
    static final long MAX_UNZIPPED = 32L << 20;
    /** The most exchanges a bundle may carry. */
    public static final int MAX_EXCHANGES = 10_000;
    /** The longest request or response text of one exchange (characters). */
    public static final int MAX_EXCHANGE_TEXT = 4 << 20;

    @Inject
    SearchRepository searches;

    @Inject
    ExchangeRepository exchanges;

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
            String exchange,
            Double repairCost,
            String worker,
            List<Double> selectionScores,
            String device,
            String deviceReason) {}

    /**
     * One model exchange as it was stored: the request as sent (its prompt messages), the raw response, tokens and
     * cost (docs/export.md, "Search bundles").
     */
    public record BundleExchange(
            String id,
            int restart,
            int iteration,
            int round,
            String connection,
            String model,
            String request,
            String response,
            Integer status,
            String error,
            int choices,
            List<String> finishReasons,
            int promptTokens,
            int completionTokens,
            boolean usageEstimated,
            double cost,
            long latencyMillis,
            int attempts,
            OffsetDateTime createdAt) {

        public static BundleExchange of(Exchange e) {
            return new BundleExchange(
                    e.id(),
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
                    e.finishReasons(),
                    e.promptTokens(),
                    e.completionTokens(),
                    e.usageEstimated(),
                    e.cost(),
                    e.latencyMillis(),
                    e.attempts(),
                    SearchRepository.time(e.createdAt()));
        }

        Exchange toExchange(String newId, String searchId, Instant now) {
            return new Exchange(
                    newId,
                    searchId,
                    restart,
                    iteration,
                    round,
                    connection,
                    model,
                    request,
                    response,
                    status,
                    error,
                    choices,
                    finishReasons == null ? List.of() : finishReasons,
                    promptTokens,
                    completionTokens,
                    usageEstimated,
                    cost,
                    latencyMillis,
                    attempts,
                    createdAt == null ? now : createdAt.toInstant());
        }
    }

    /** @param exchanges the model exchanges (an llm search's); empty or absent (older bundles) otherwise */
    public record Bundle(
            String format, BundleSearch search, List<BundleCandidate> candidates, List<BundleExchange> exchanges) {}

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
                                .flatMap(metrics -> exchanges
                                        .ofSearch(id)
                                        // building and compressing the zip is CPU work: off the event loop
                                        .emitOn(Infrastructure.getDefaultWorkerPool())
                                        .map(list -> zip(bundle(s, candidates, metrics, list), codec.mapper())))));
    }

    private static Bundle bundle(
            SearchRepository.StoredSearch s,
            List<Candidate> candidates,
            Map<UUID, List<MetricPoint>> metrics,
            List<Exchange> exchanges) {
        List<BundleCandidate> list = new ArrayList<>();
        for (Candidate c : candidates) {
            list.add(candidate(c, metrics.getOrDefault(UUID.fromString(c.id), List.of())));
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
        return new Bundle(
                FORMAT, search, list, exchanges.stream().map(BundleExchange::of).toList());
    }

    /** A candidate as a bundle carries it, with its metrics. */
    public static BundleCandidate candidate(Candidate c, List<MetricPoint> metrics) {
        return new BundleCandidate(
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
                metrics,
                c.exchangeId,
                c.repairCost,
                c.worker,
                c.selectionScores.isEmpty() ? null : c.selectionScores,
                c.device,
                c.deviceReason);
    }

    /** The zip of a bundle, written with {@code mapper} (the server's, or one with the same modules). */
    public static byte[] zip(Bundle bundle, ObjectMapper mapper) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(BUNDLE));
            zip.write(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle));
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
        return read(zipBytes, knownTask, codec.mapper());
    }

    /** Reads and checks a bundle with {@code mapper}; throws {@link InvalidBundle} with the reason. */
    public static Bundle read(byte[] zipBytes, java.util.function.Predicate<String> knownTask, ObjectMapper mapper) {
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
            bundle = mapper.readValue(content, Bundle.class);
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
        checkExchanges(bundle);
        return bundle;
    }

    /** The exchanges: bounded in number and size, each complete, ids unique, counts not negative. */
    private static void checkExchanges(Bundle bundle) {
        List<BundleExchange> list = bundle.exchanges() == null ? List.of() : bundle.exchanges();
        if (list.size() > MAX_EXCHANGES) {
            throw new InvalidBundle("the bundle has " + list.size() + " exchanges; at most " + MAX_EXCHANGES);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (BundleExchange e : list) {
            if (e == null || e.id() == null || e.request() == null || e.connection() == null || e.model() == null) {
                throw new InvalidBundle("every exchange needs an id, a connection, a model and its request");
            }
            String at = "exchange " + e.id();
            if (!ids.add(e.id())) throw new InvalidBundle(at + " appears twice");
            if (e.connection().length() > 64 || e.model().length() > 128) {
                throw new InvalidBundle(at + ": connection at most 64 and model at most 128 characters");
            }
            if (e.request().length() > MAX_EXCHANGE_TEXT
                    || (e.response() != null && e.response().length() > MAX_EXCHANGE_TEXT)
                    || (e.error() != null && e.error().length() > MAX_EXCHANGE_TEXT)) {
                throw new InvalidBundle(
                        at + ": a request, response or error is longer than " + MAX_EXCHANGE_TEXT + " characters");
            }
            if (e.restart() < 0 || e.iteration() < 0 || e.round() < 0) {
                throw new InvalidBundle(at + ": restart, iteration and round must be >= 0");
            }
            if (e.choices() < 0
                    || e.promptTokens() < 0
                    || e.completionTokens() < 0
                    || e.latencyMillis() < 0
                    || e.attempts() < 0
                    || !Double.isFinite(e.cost())
                    || e.cost() < 0) {
                throw new InvalidBundle(at + ": choices, tokens, cost, latency and attempts must be >= 0 (and finite)");
            }
            if (e.finishReasons() != null
                    && (e.finishReasons().size() > SearchSpec.MAX_SAMPLES
                            || e.finishReasons().stream().anyMatch(r -> r == null || r.length() > 64))) {
                throw new InvalidBundle(
                        at + ": at most " + SearchSpec.MAX_SAMPLES + " finish reasons of at most 64 characters each");
            }
        }
        for (BundleCandidate c : bundle.candidates()) {
            if (c.exchange() != null && !ids.contains(c.exchange())) {
                throw new InvalidBundle("candidate " + c.id() + " names exchange " + c.exchange()
                        + ", which the bundle does not carry");
            }
            if (c.repairCost() != null && !(c.repairCost() >= 0 && Double.isFinite(c.repairCost()))) {
                throw new InvalidBundle("candidate " + c.id() + ": repairCost must be >= 0");
            }
        }
    }

    /**
     * Stores a checked bundle as a new search (new ids) owned by the importer, in one transaction. An unfinished
     * search is imported as cancelled: it is a record, not something to run again here. Returns the new id.
     */
    public Uni<UUID> importBundle(Bundle bundle, String user, long userId) {
        UUID searchId = UUID.randomUUID();
        Map<String, UUID> ids = new HashMap<>();
        for (BundleCandidate c : bundle.candidates()) ids.put(c.id(), UUID.randomUUID());
        List<BundleExchange> bundleExchanges = bundle.exchanges() == null ? List.of() : bundle.exchanges();
        Map<String, String> exchangeIds = new HashMap<>();
        for (BundleExchange e : bundleExchanges)
            exchangeIds.put(e.id(), UUID.randomUUID().toString());
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
            c.exchangeId = b.exchange() == null ? null : exchangeIds.get(b.exchange());
            c.repairCost = b.repairCost() == null ? 0 : b.repairCost();
            c.proposedAt = (b.proposedAt() == null ? now : b.proposedAt()).toInstant();
            c.startedAt = b.startedAt() == null ? null : b.startedAt().toInstant();
            c.finishedAt = b.finishedAt() == null ? null : b.finishedAt().toInstant();
            c.worker = b.worker();
            c.selectionScores = b.selectionScores() == null ? List.of() : b.selectionScores();
            c.device = b.device();
            c.deviceReason = b.deviceReason();
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
        Instant nowInstant = now.toInstant();
        List<Exchange> newExchanges = bundleExchanges.stream()
                .map(e -> e.toExchange(exchangeIds.get(e.id()), searchId.toString(), nowInstant))
                .toList();
        return searches.pool()
                .withTransaction(conn -> searches.insert(conn, search)
                        .flatMap(ignored -> exchanges.insertAll(conn, searchId, newExchanges))
                        .flatMap(ignored -> searches.insertCandidates(conn, candidates)))
                .replaceWith(searchId);
    }
}
