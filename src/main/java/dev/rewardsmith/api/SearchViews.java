package dev.rewardsmith.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Evaluation;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.store.CandidateEntity;
import dev.rewardsmith.store.DatabaseJournal;
import dev.rewardsmith.store.MetricPoint;
import dev.rewardsmith.store.SearchEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API's shapes of searches and candidates (DESIGN.md section 11), built from the stored entities. Used by
 * the REST resources and by the live stream's first message, so both show the same thing.
 */
@ApplicationScoped
public class SearchViews {

    @Inject
    ObjectMapper json;

    public record Budget(
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            boolean humanInit,
            String finetuneFrom,
            dev.rewardsmith.rl.PpoConfig ppo) {}

    public record CandidateSummary(
            String id,
            int restart,
            int iteration,
            int index,
            int round,
            String state,
            String origin,
            String summary,
            Double fitness,
            List<String> components,
            String problem,
            String failure,
            String parent) {}

    /**
     * One iteration: {@code selected} is the candidate the search chose as the next iteration's parent once the
     * iteration is over; before that, with fitness selection, the best so far, and with preference or mixed
     * selection null (the team's votes decide).
     */
    public record IterationView(int index, int restart, String selected, List<CandidateSummary> candidates) {}

    public record Best(String candidate, double fitness) {}

    public record Usage(long promptTokens, long completionTokens, double cost) {}

    public record Progress(int restart, int iteration, int iterations, int candidatesDone, int candidates) {}

    public record SearchView(
            String id,
            String task,
            String proposer,
            String selection,
            String state,
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
            Usage usage) {}

    public record SearchListItem(
            String id,
            String task,
            String proposer,
            String state,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            int samples,
            int iterations,
            Best best,
            Double humanFitness,
            Double hns,
            Progress progress,
            Usage usage) {}

    public record ProblemView(String stage, int line, int column, String message) {}

    public record CandidateView(
            String id,
            String search,
            String task,
            int restart,
            int iteration,
            int index,
            int round,
            String state,
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
            double cost) {}

    /** The whole search with its iterations and candidate summaries; fails with 404 when absent. */
    public Uni<SearchView> search(UUID id) {
        return SearchEntity.<SearchEntity>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFoundException("no search " + id))
                .flatMap(s -> CandidateEntity.<CandidateEntity>list(
                                "searchId = ?1 order by restart, iteration, position", id)
                        .flatMap(candidates -> selections(id).map(chosen -> view(s, candidates, chosen))));
    }

    /** The stored choice of each finished iteration, by "restart/iteration" (null when every candidate failed). */
    @SuppressWarnings("unchecked")
    private static Uni<Map<String, String>> selections(UUID id) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select restart, position, cast(selected as text) from iterations where search_id = :id",
                                Object[].class)
                        .setParameter("id", id)
                        .getResultList())
                .map(rows -> {
                    Map<String, String> out = new java.util.HashMap<>();
                    for (Object[] r : rows) out.put(r[0] + "/" + r[1], r[2] == null ? null : r[2].toString());
                    return out;
                });
    }

    SearchView view(SearchEntity s, List<CandidateEntity> candidates, Map<String, String> chosen) {
        SearchSpec spec = read(s.spec, new TypeReference<>() {});
        Map<String, List<CandidateSummary>> byIteration = new LinkedHashMap<>();
        for (CandidateEntity c : candidates) {
            byIteration
                    .computeIfAbsent(c.restart + "/" + c.iteration, k -> new ArrayList<>())
                    .add(summary(c));
        }
        List<IterationView> iterations = new ArrayList<>();
        for (List<CandidateSummary> list : byIteration.values()) {
            CandidateSummary first = list.get(0);
            String key = first.restart() + "/" + first.iteration();
            String selected = chosen.containsKey(key)
                    ? chosen.get(key)
                    : SelectionMode.parse(s.selection).orElseThrow().usesVotes()
                            ? null
                            : list.stream()
                                    .filter(c -> c.fitness() != null
                                            && CandidateState.DONE.label().equals(c.state()))
                                    .max((a, b) -> a.fitness().equals(b.fitness())
                                            ? Integer.compare(b.index(), a.index())
                                            : Double.compare(a.fitness(), b.fitness()))
                                    .map(CandidateSummary::id)
                                    .orElse(null);
            iterations.add(new IterationView(first.iteration(), first.restart(), selected, list));
        }
        Progress progress = null;
        if (!iterations.isEmpty()) {
            IterationView last = iterations.get(iterations.size() - 1);
            int done = (int) last.candidates().stream()
                    .filter(c -> CandidateState.parse(c.state()).orElseThrow().terminal())
                    .count();
            progress = new Progress(
                    last.restart(),
                    last.index(),
                    spec.iterations(),
                    done,
                    last.candidates().size());
        }
        return new SearchView(
                s.id.toString(),
                s.task,
                s.proposer,
                s.selection,
                s.state,
                s.reason,
                s.createdBy,
                s.createdAt,
                s.updatedAt,
                s.finishedAt,
                s.forkedFrom == null ? null : s.forkedFrom.toString(),
                new Budget(
                        spec.samples(),
                        spec.iterations(),
                        spec.restarts(),
                        spec.evalSeeds(),
                        spec.seed(),
                        spec.humanInit(),
                        spec.finetuneFrom(),
                        spec.ppo()),
                spec.selection().usesVotes() ? spec.votingOrDefault() : null,
                progress,
                iterations,
                best(s),
                s.evaluation == null ? null : read(s.evaluation, new TypeReference<Evaluation>() {}),
                new Usage(s.promptTokens, s.completionTokens, s.cost));
    }

    /**
     * Where each listed search is: its latest (restart, iteration) with candidates done of candidates, from one
     * aggregate query over the page's searches.
     */
    Uni<Map<UUID, Progress>> progress(List<SearchEntity> searches) {
        if (searches.isEmpty()) return Uni.createFrom().item(Map.of());
        Map<UUID, Integer> budget = new java.util.HashMap<>();
        for (SearchEntity s : searches) budget.put(s.id, s.iterations);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select cast(search_id as varchar), restart, iteration, count(*), count(*) filter"
                                        + " (where state in ('done', 'rejected', 'failed')) from candidates where"
                                        + " search_id in (:ids) group by search_id, restart, iteration order by"
                                        + " search_id, restart, iteration",
                                Object[].class)
                        .setParameter("ids", new ArrayList<>(budget.keySet()))
                        .getResultList())
                .map(rows -> {
                    Map<UUID, Progress> out = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        UUID id = UUID.fromString((String) r[0]);
                        // rows come in (restart, iteration) order: the last one per search wins
                        out.put(
                                id,
                                new Progress(
                                        ((Number) r[1]).intValue(),
                                        ((Number) r[2]).intValue(),
                                        budget.get(id),
                                        ((Number) r[4]).intValue(),
                                        ((Number) r[3]).intValue()));
                    }
                    return out;
                });
    }

    SearchListItem listItem(SearchEntity s, Progress progress) {
        Evaluation evaluation = s.evaluation == null ? null : read(s.evaluation, new TypeReference<Evaluation>() {});
        return new SearchListItem(
                s.id.toString(),
                s.task,
                s.proposer,
                s.state,
                s.createdBy,
                s.createdAt,
                s.updatedAt,
                s.samples,
                s.iterations,
                best(s),
                evaluation == null ? null : evaluation.human().mean(),
                evaluation == null ? null : evaluation.hns(),
                progress,
                new Usage(s.promptTokens, s.completionTokens, s.cost));
    }

    private static Best best(SearchEntity s) {
        return s.bestCandidate == null ? null : new Best(s.bestCandidate.toString(), s.bestFitness);
    }

    CandidateSummary summary(CandidateEntity c) {
        List<DatabaseJournal.StoredProblem> problems = read(c.problems, new TypeReference<>() {});
        String problem = problems.isEmpty()
                ? null
                : problems.get(0).line() + ":" + problems.get(0).column() + " "
                        + problems.get(0).message();
        return new CandidateSummary(
                c.id.toString(),
                c.restart,
                c.iteration,
                c.position,
                c.round,
                c.state,
                c.origin,
                c.summary,
                c.fitness,
                read(c.components, new TypeReference<List<String>>() {}),
                problem,
                c.failure,
                c.parentId == null ? null : c.parentId.toString());
    }

    /** A candidate with its program, diff against its parent, problems, reflection and per-epoch metrics. */
    public Uni<CandidateView> candidate(UUID id) {
        return CandidateEntity.<CandidateEntity>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFoundException("no candidate " + id))
                .flatMap(c -> (c.parentId == null
                                ? Uni.createFrom().<CandidateEntity>nullItem()
                                : CandidateEntity.<CandidateEntity>findById(c.parentId))
                        .flatMap(parent -> SearchEntity.<SearchEntity>findById(c.searchId)
                                .flatMap(search -> metrics(c.id, c.attempt).flatMap(metrics -> cost(c).map(
                                                cost -> candidateView(c, parent, search, metrics, cost))))));
    }

    /** The candidate's share of its model exchange's cost (split like the tokens); 0 without an exchange. */
    private Uni<Double> cost(CandidateEntity c) {
        if (c.exchangeId == null) return Uni.createFrom().item(0.0);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select e.cost / greatest(1, (select count(*) from candidates k where k.exchange_id"
                                        + " = e.id)) from llm_exchanges e where e.id = :e",
                                Double.class)
                        .setParameter("e", c.exchangeId)
                        .getResultList())
                .map(rows -> rows.isEmpty() || rows.get(0) == null ? 0.0 : rows.get(0));
    }

    private Uni<List<MetricPoint>> metrics(UUID candidate, int attempt) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select data from metric_records where candidate_id = :c and attempt = :a"
                                        + " order by epoch",
                                String.class)
                        .setParameter("c", candidate)
                        .setParameter("a", attempt)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> read(r, new TypeReference<MetricPoint>() {}))
                        .toList());
    }

    private CandidateView candidateView(
            CandidateEntity c, CandidateEntity parent, SearchEntity search, List<MetricPoint> metrics, double cost) {
        List<DatabaseJournal.StoredProblem> problems = read(c.problems, new TypeReference<>() {});
        String parentProgram = parent == null ? null : parent.program;
        return new CandidateView(
                c.id.toString(),
                c.searchId.toString(),
                search == null ? null : search.task,
                c.restart,
                c.iteration,
                c.position,
                c.round,
                c.state,
                c.origin,
                c.summary,
                c.response,
                c.program,
                c.parentId == null ? null : c.parentId.toString(),
                parentProgram,
                diff(parentProgram, c.program),
                read(c.components, new TypeReference<List<String>>() {}),
                problems.stream()
                        .map(p -> new ProblemView(p.stage(), p.line(), p.column(), p.message()))
                        .toList(),
                c.reflection,
                c.failure,
                c.fitness,
                read(c.checkpoints, new TypeReference<double[]>() {}),
                c.attempt,
                c.promptTokens,
                c.completionTokens,
                c.proposedAt,
                c.startedAt,
                c.finishedAt,
                metrics,
                c.exchangeId == null ? null : c.exchangeId.toString(),
                cost);
    }

    /** A unified diff of the parent's program to this one; null without a parent or a program. */
    static String diff(String parent, String program) {
        if (parent == null || program == null) return null;
        List<String> a = List.of(parent.split("\n", -1));
        List<String> b = List.of(program.split("\n", -1));
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("parent", "candidate", a, DiffUtils.diff(a, b), 3);
        return String.join("\n", lines);
    }

    <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
