package dev.rewardsmith.search;

import dev.rewardsmith.rl.MetricsRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal in memory, for the command line (a headless search keeps nothing) and for tests of the loop. It
 * behaves like the database one: copies in, copies out, metrics upserted by (candidate, attempt, epoch).
 */
public final class InMemoryJournal implements SearchJournal {

    private record Stored(SearchSpec spec, SearchState state, String reason, String bestId, Double bestFitness) {}

    private final Map<String, Stored> searches = new ConcurrentHashMap<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, MetricsRecord>> metrics = new ConcurrentHashMap<>();
    private final Map<String, byte[]> checkpoints = new ConcurrentHashMap<>();
    private final Map<String, String> selected = new ConcurrentHashMap<>();
    private final Map<String, Evaluation> evaluations = new ConcurrentHashMap<>();
    private final Map<String, List<dev.rewardsmith.rl.Rollout>> rollouts = new ConcurrentHashMap<>();
    /** search/restart/iteration -> the human reflection awaited or written. */
    private final Map<String, AwaitedReflection> reflections = new ConcurrentHashMap<>();

    /**
     * A reflection the search waited for.
     *
     * @param candidateId the candidate it is about
     * @param automatic its automatic reflection
     * @param text the team member's text; null while none was written
     * @param awaiting the search still waits for it
     */
    public record AwaitedReflection(String candidateId, String automatic, String text, boolean awaiting) {}

    /** Registers a new search in state queued. */
    public void create(String searchId, SearchSpec spec) {
        searches.put(searchId, new Stored(spec, SearchState.QUEUED, null, null, null));
    }

    @Override
    public synchronized SearchSnapshot load(String searchId) {
        Stored s = searches.get(searchId);
        if (s == null) throw new IllegalArgumentException("no search " + searchId);
        List<Candidate> list = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (!c.searchId.equals(searchId)) continue;
            Candidate copy = c.copy();
            TreeMap<Integer, MetricsRecord> m = metrics.get(key(c.id, c.attempt));
            copy.epochs = m == null ? new ArrayList<>() : new ArrayList<>(m.values());
            list.add(copy);
        }
        return new SearchSnapshot(searchId, s.spec(), s.state(), list);
    }

    @Override
    public void searchState(String searchId, SearchState state, String reason) {
        searches.computeIfPresent(
                searchId, (id, s) -> new Stored(s.spec(), state, reason, s.bestId(), s.bestFitness()));
    }

    @Override
    public void best(String searchId, String candidateId, double fitness) {
        searches.computeIfPresent(
                searchId, (id, s) -> new Stored(s.spec(), s.state(), s.reason(), candidateId, fitness));
    }

    @Override
    public synchronized void proposed(List<Candidate> list) {
        for (Candidate c : list) candidates.put(c.id, c.copy());
    }

    @Override
    public synchronized void candidate(Candidate candidate) {
        candidates.put(candidate.id, candidate.copy());
    }

    @Override
    public void metrics(String candidateId, int attempt, MetricsRecord record) {
        metrics.computeIfAbsent(key(candidateId, attempt), k -> new TreeMap<>()).put(record.epoch(), record);
    }

    @Override
    public void checkpoint(String candidateId, byte[] policy, double fitness) {
        checkpoints.put(candidateId, policy.clone());
    }

    @Override
    public void iterationDone(String searchId, int restart, int iteration, String selectedId) {
        selected.put(searchId + "/" + restart + "/" + iteration, selectedId == null ? "" : selectedId);
    }

    @Override
    public void reflectionAwaited(String searchId, int restart, int iteration, String candidateId, String automatic) {
        reflections.compute(
                searchId + "/" + restart + "/" + iteration,
                (k, r) -> new AwaitedReflection(candidateId, automatic, r == null ? null : r.text(), true));
    }

    @Override
    public void reflectionWaitEnded(String searchId, int restart, int iteration) {
        reflections.computeIfPresent(
                searchId + "/" + restart + "/" + iteration,
                (k, r) -> new AwaitedReflection(r.candidateId(), r.automatic(), r.text(), false));
    }

    @Override
    public String humanReflection(String searchId, int restart, int iteration) {
        AwaitedReflection r = reflections.get(searchId + "/" + restart + "/" + iteration);
        return r == null ? null : r.text();
    }

    /**
     * A team member writes the reflection the search waits for (what the server's reflection command does); false
     * when the search does not wait for one for that iteration or it was written already.
     */
    public boolean writeReflection(String searchId, int restart, int iteration, String text) {
        boolean[] written = {false};
        reflections.computeIfPresent(searchId + "/" + restart + "/" + iteration, (k, r) -> {
            if (!r.awaiting() || r.text() != null) return r;
            written[0] = true;
            return new AwaitedReflection(r.candidateId(), r.automatic(), text, true);
        });
        return written[0];
    }

    /** The reflection awaited or written for an iteration; null when the search never waited for one. */
    public AwaitedReflection reflection(String searchId, int restart, int iteration) {
        return reflections.get(searchId + "/" + restart + "/" + iteration);
    }

    @Override
    public void evaluation(String searchId, Evaluation evaluation) {
        evaluations.put(searchId, evaluation);
    }

    @Override
    public byte[] policy(String candidateId) {
        return checkpoint(candidateId);
    }

    @Override
    public void rollouts(String candidateId, List<dev.rewardsmith.rl.Rollout> list) {
        rollouts.put(candidateId, List.copyOf(list));
    }

    /** The recorded rollouts of a candidate; empty when none. */
    public List<dev.rewardsmith.rl.Rollout> rollouts(String candidateId) {
        return rollouts.getOrDefault(candidateId, List.of());
    }

    public Evaluation evaluation(String searchId) {
        return evaluations.get(searchId);
    }

    public SearchState state(String searchId) {
        return searches.get(searchId).state();
    }

    public String reason(String searchId) {
        return searches.get(searchId).reason();
    }

    public String bestId(String searchId) {
        return searches.get(searchId).bestId();
    }

    /** The best's fitness as journaled: its F, or with several selection seeds its mean F; null without a best. */
    public Double bestFitness(String searchId) {
        return searches.get(searchId).bestFitness();
    }

    /** The candidate selected in an iteration: its id, "" when every candidate failed, null when not finished. */
    public String selected(String searchId, int restart, int iteration) {
        return selected.get(searchId + "/" + restart + "/" + iteration);
    }

    public synchronized List<Candidate> candidates(String searchId) {
        return candidates.values().stream()
                .filter(c -> c.searchId.equals(searchId))
                .map(Candidate::copy)
                .toList();
    }

    public byte[] checkpoint(String candidateId) {
        byte[] b = checkpoints.get(candidateId);
        return b == null ? null : b.clone();
    }

    private static String key(String candidateId, int attempt) {
        return candidateId + "#" + attempt;
    }
}
