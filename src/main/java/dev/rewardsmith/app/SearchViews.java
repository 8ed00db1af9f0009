package dev.rewardsmith.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.rewardsmith.llm.Exchanges;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Evaluation;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.Selection;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.store.Rollouts;
import dev.rewardsmith.store.SearchBundles;
import dev.rewardsmith.store.SearchRepository;
import dev.rewardsmith.store.SearchRepository.Place;
import dev.rewardsmith.store.SearchRepository.StoredSearch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shapes of searches and candidates that the REST API, the live stream's first message and the pages show,
 * built from the stored search and its domain candidates (see docs/architecture.md, API and live stream).
 */
@ApplicationScoped
public class SearchViews {

    @Inject
    SearchRepository searches;

    @Inject
    Exchanges exchanges;

    @Inject
    Rollouts rollouts;

    @Inject
    SearchBundles bundles;

    public record Budget(
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            boolean humanInit,
            String finetuneFrom,
            PpoConfig ppo,
            int selectionSeeds) {}

    /**
     * A candidate as a search lists it ({@code round}) and as the live stream announces a change to it
     * ({@code attempt}); each carries only its own of those two.
     */
    public record CandidateSummary(
            String id,
            int restart,
            int iteration,
            int index,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer round,
            CandidateState state,
            String origin,
            String summary,
            Double fitness,
            List<String> components,
            String problem,
            String failure,
            String parent,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String worker) {

        /** As a search's iteration lists it. */
        public static CandidateSummary listed(Candidate c) {
            return of(c, c.round, null);
        }

        /** As the live stream announces a change. */
        public static CandidateSummary update(Candidate c) {
            return of(c, null, c.attempt);
        }

        private static CandidateSummary of(Candidate c, Integer round, Integer attempt) {
            Problem first = c.problems.isEmpty() ? null : c.problems.get(0);
            return new CandidateSummary(
                    c.id,
                    c.restart,
                    c.iteration,
                    c.index,
                    round,
                    c.state,
                    c.origin,
                    c.summary,
                    c.fitness,
                    c.components,
                    first == null ? null : first.line() + ":" + first.column() + " " + first.message(),
                    c.failure,
                    c.parentId,
                    attempt,
                    c.worker);
        }
    }

    /**
     * One iteration: {@code selected} is the candidate the search chose as the next iteration's parent once the
     * iteration is over; before that, with fitness selection on one seed, the best so far, and with preference or
     * mixed selection, or with several selection seeds, null (the team's votes or the re-scoring decide).
     */
    public record IterationView(int index, int restart, String selected, List<CandidateSummary> candidates) {}

    public record Best(String candidate, double fitness) {}

    public record Usage(long promptTokens, long completionTokens, double cost) {}

    public record Progress(int restart, int iteration, int iterations, int candidatesDone, int candidates) {}

    public record SearchView(
            String id,
            String task,
            ProposerKind proposer,
            SelectionMode selection,
            SearchState state,
            String reason,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime finishedAt,
            String forkedFrom,
            Budget budget,
            SearchSpec.Preference preference,
            Progress progress,
            List<IterationView> iterations,
            Best best,
            Evaluation evaluation,
            Usage usage,
            SearchSpec.HumanReflection humanReflection) {}

    /**
     * A search as the list shows it, with all the list needs so it never reads each search's full view:
     * {@code restarts} (R of the budget, for "restart r of R"), {@code humanFitness} (the final evaluation's human
     * F, null before it) and {@code humanInitFitness} (F of the search's own human-initialized candidate, the
     * baseline before the evaluation; null without one).
     */
    public record SearchListItem(
            String id,
            String task,
            ProposerKind proposer,
            SearchState state,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            int samples,
            int iterations,
            int restarts,
            Best best,
            Double humanFitness,
            Double humanInitFitness,
            Double hns,
            Progress progress,
            Usage usage) {}

    /** One page of a listing and how many match in all. */
    public record Listing<T>(List<T> items, long total) {}

    /** A candidate's problem; {@code hint} is the fix to write (docs/architecture.md, The reward language), or null. */
    public record ProblemView(String stage, int line, int column, String message, String hint) {}

    /**
     * A candidate in full. With S selection seeds (docs/architecture.md, Search), {@code selectionScores} is its F on
     * each seed (the first is {@code fitness}; null for a training not done or failed), empty when it was not
     * re-scored, and {@code selectionScore} their mean, null unless all S trained.
     */
    public record CandidateView(
            String id,
            String search,
            String task,
            int restart,
            int iteration,
            int index,
            int round,
            CandidateState state,
            String origin,
            String summary,
            String response,
            String program,
            String parent,
            String parentProgram,
            String diff,
            List<String> components,
            List<ProblemView> problems,
            String reflection,
            String failure,
            Double fitness,
            double[] checkpoints,
            int attempt,
            int promptTokens,
            int completionTokens,
            OffsetDateTime proposedAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            List<MetricPoint> metrics,
            String exchange,
            double cost,
            String worker,
            String device,
            String deviceReason,
            List<Double> selectionScores,
            Double selectionScore) {}

    /** A recorded episode of a candidate's best checkpoint, as listed. */
    public record RolloutSummary(String id, long seed, int steps, double fitness) {}

    /** The whole search with its iterations and candidate summaries; fails with 404 when absent. */
    public Uni<SearchView> search(UUID id) {
        return searches.find(id).flatMap(s -> {
            if (s == null) throw new NotFoundException("no search " + id);
            return searches.candidates(id)
                    .flatMap(candidates -> searches.selections(id).map(chosen -> view(s, candidates, chosen)));
        });
    }

    private static SearchView view(StoredSearch s, List<Candidate> candidates, Map<Place, UUID> chosen) {
        SearchSpec spec = s.spec();
        Map<Place, List<Candidate>> byIteration = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            byIteration
                    .computeIfAbsent(new Place(c.restart, c.iteration), k -> new ArrayList<>())
                    .add(c);
        }
        List<IterationView> iterations = new ArrayList<>();
        byIteration.forEach((place, list) -> {
            String selected;
            if (chosen.containsKey(place)) {
                UUID stored = chosen.get(place);
                selected = stored == null ? null : stored.toString();
            } else {
                selected = s.selection().usesVotes() || spec.selectionSeeds() > 1
                        ? null
                        : Selection.byFitness(list).map(c -> c.id).orElse(null);
            }
            iterations.add(new IterationView(
                    place.iteration(),
                    place.restart(),
                    selected,
                    list.stream().map(CandidateSummary::listed).toList()));
        });
        Progress progress = null;
        if (!iterations.isEmpty()) {
            IterationView last = iterations.get(iterations.size() - 1);
            int done = (int)
                    last.candidates().stream().filter(c -> c.state().terminal()).count();
            progress = new Progress(
                    last.restart(),
                    last.index(),
                    spec.iterations(),
                    done,
                    last.candidates().size());
        }
        return new SearchView(
                s.id().toString(),
                s.task(),
                s.proposer(),
                s.selection(),
                s.state(),
                s.reason(),
                s.createdBy(),
                s.createdAt(),
                s.updatedAt(),
                s.finishedAt(),
                s.forkedFrom() == null ? null : s.forkedFrom().toString(),
                new Budget(
                        spec.samples(),
                        spec.iterations(),
                        spec.restarts(),
                        spec.evalSeeds(),
                        spec.seed(),
                        spec.humanInit(),
                        spec.finetuneFrom(),
                        spec.ppo(),
                        spec.selectionSeeds()),
                spec.selection().usesVotes() ? spec.votingOrDefault() : null,
                progress,
                iterations,
                best(s),
                s.evaluation(),
                new Usage(s.promptTokens(), s.completionTokens(), s.cost()),
                spec.humanReflection());
    }

    /** One page of searches, newest first, each with where it is. */
    public Uni<Listing<SearchListItem>> list(String task, SearchState state, int page, int size) {
        return searches.list(task, state, page, size).flatMap(found -> {
            List<UUID> ids = found.items().stream().map(StoredSearch::id).toList();
            return searches.latestIterations(ids).flatMap(latest -> searches.humanInitFitness(ids)
                    .map(human -> new Listing<>(
                            found.items().stream()
                                    .map(s -> listItem(s, latest.get(s.id()), human.get(s.id())))
                                    .toList(),
                            found.total())));
        });
    }

    private static SearchListItem listItem(
            StoredSearch s, SearchRepository.IterationCount latest, Double humanInitFitness) {
        Evaluation evaluation = s.evaluation();
        Progress progress = latest == null
                ? null
                : new Progress(
                        latest.place().restart(),
                        latest.place().iteration(),
                        s.iterations(),
                        latest.finished(),
                        latest.candidates());
        return new SearchListItem(
                s.id().toString(),
                s.task(),
                s.proposer(),
                s.state(),
                s.createdBy(),
                s.createdAt(),
                s.updatedAt(),
                s.samples(),
                s.iterations(),
                s.spec().restarts(),
                best(s),
                evaluation == null ? null : evaluation.human().mean(),
                humanInitFitness,
                evaluation == null ? null : evaluation.hns(),
                progress,
                new Usage(s.promptTokens(), s.completionTokens(), s.cost()));
    }

    private static Best best(StoredSearch s) {
        return s.bestCandidate() == null ? null : new Best(s.bestCandidate().toString(), s.bestFitness());
    }

    /** The search as a bundle to download (see {@link SearchBundles}); fails with 404 when absent. */
    public Uni<byte[]> export(UUID id) {
        return bundles.export(id).map(zip -> {
            if (zip == null) throw new NotFoundException("no search " + id);
            return zip;
        });
    }

    /** A candidate with its program, diff against its parent, problems, reflection and per-epoch metrics. */
    public Uni<CandidateView> candidate(UUID id) {
        return existing(id).flatMap(c -> (c.parentId == null
                        ? Uni.createFrom().<Candidate>nullItem()
                        : searches.candidate(UUID.fromString(c.parentId)))
                .flatMap(parent -> searches.find(UUID.fromString(c.searchId))
                        .flatMap(search -> searches.metrics(id, c.attempt).flatMap(metrics -> searches.cost(c)
                                .map(cost -> candidateView(c, parent, search, metrics, cost))))));
    }

    /** The model exchange the candidate's response came from; 404 when it had none (no LLM) or it is gone. */
    public Uni<Exchange> exchange(UUID id) {
        return existing(id)
                .flatMap(c -> {
                    if (c.exchangeId == null) {
                        throw new NotFoundException("candidate " + id + " was not proposed by a model");
                    }
                    return exchanges.find(UUID.fromString(c.exchangeId));
                })
                .map(e -> {
                    if (e == null) throw new NotFoundException("the exchange of " + id + " is gone");
                    return e;
                });
    }

    /** The recorded episodes of the candidate's best checkpoint, by seed. */
    public Uni<List<RolloutSummary>> rollouts(UUID candidate) {
        return rollouts.of(candidate).map(list -> list.stream()
                .map(r -> new RolloutSummary(r.id(), r.seed(), r.steps(), r.fitness()))
                .toList());
    }

    private Uni<Candidate> existing(UUID id) {
        return searches.candidate(id).map(c -> {
            if (c == null) throw new NotFoundException("no candidate " + id);
            return c;
        });
    }

    private static CandidateView candidateView(
            Candidate c, Candidate parent, StoredSearch search, List<MetricPoint> metrics, double cost) {
        String parentProgram = parent == null ? null : parent.program;
        return new CandidateView(
                c.id,
                c.searchId,
                search == null ? null : search.task(),
                c.restart,
                c.iteration,
                c.index,
                c.round,
                c.state,
                c.origin,
                c.summary,
                c.response,
                c.program,
                c.parentId,
                parentProgram,
                diff(parentProgram, c.program),
                c.components,
                c.problems.stream()
                        .map(p -> new ProblemView(
                                p.stage().label(), p.line(), p.column(), p.message(), p.hasHint() ? p.hint() : null))
                        .toList(),
                c.reflection,
                c.failure,
                c.fitness,
                c.checkpoints,
                c.attempt,
                c.promptTokens,
                c.completionTokens,
                time(c.proposedAt),
                time(c.startedAt),
                time(c.finishedAt),
                metrics,
                c.exchangeId,
                cost,
                c.worker,
                c.device,
                c.deviceReason,
                c.selectionScores,
                selectionScore(c));
    }

    /** The mean F over the candidate's selection seeds; null unless it was re-scored and every seed trained. */
    private static Double selectionScore(Candidate c) {
        if (c.selectionScores.isEmpty() || c.selectionScores.contains(null)) return null;
        return Selection.score(c);
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** A unified diff of the parent's program to this one; null without a parent or a program. */
    static String diff(String parent, String program) {
        if (parent == null || program == null) return null;
        List<String> a = List.of(parent.split("\n", -1));
        List<String> b = List.of(program.split("\n", -1));
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("parent", "candidate", a, DiffUtils.diff(a, b), 3);
        return String.join("\n", lines);
    }
}
