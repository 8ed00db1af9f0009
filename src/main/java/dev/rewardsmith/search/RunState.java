package dev.rewardsmith.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one running search holds, touched by its own thread alone: its spec, the curriculum's policy, its candidates
 * and the best so far. Every change is written to the journal first and then sent as a live event.
 */
final class RunState {

    final String searchId;
    final SearchJournal journal;
    final SearchEvents events;
    /** Read from the journal when the loop starts. */
    SearchSpec spec;
    /** Policy bytes every training fine-tunes from (a curriculum); null to train from scratch. */
    byte[] initialPolicy;

    final List<Candidate> candidates = new ArrayList<>();
    Candidate best;
    /** The best's score: its F, or with S selection seeds its mean F over them ({@link Selection#score}). */
    double bestScore;
    /** The best candidate's best checkpoint (for the correlation); null after a resume (then read from the journal). */
    byte[] bestPolicy;

    RunState(String searchId, SearchJournal journal, SearchEvents events, byte[] initialPolicy) {
        this.searchId = searchId;
        this.journal = journal;
        this.events = events;
        this.initialPolicy = initialPolicy;
    }

    /**
     * Takes the journaled spec and candidates; the best is the done candidate with the highest F, or with S
     * selection seeds the re-scored one (on all S) with the highest mean F, ties to the earliest ({@link #beats}).
     */
    void load(SearchSnapshot snapshot) {
        spec = snapshot.spec();
        for (Candidate c : snapshot.candidates()) {
            candidates.add(c);
            if (c.state != CandidateState.DONE) continue;
            if (spec.selectionSeeds() > 1 && c.selectionScores.size() != spec.selectionSeeds()) continue;
            double score = Selection.score(c);
            if (beats(c, score)) {
                best = c;
                bestScore = score;
            }
        }
    }

    void state(SearchState next, String reason) {
        journal.searchState(searchId, next, reason);
        events.searchState(searchId, next, reason);
    }

    void changed(Candidate c) {
        Candidate copy = c.copy();
        journal.candidate(copy);
        events.candidate(copy);
    }

    /**
     * A training finished (or, with S selection seeds, a candidate was re-scored): the candidate becomes the
     * search's best when its score beats the best so far; {@code policy} is its best checkpoint, null to read it
     * from the journal.
     */
    void offerBest(Candidate c, double score, byte[] policy) {
        if (beats(c, score)) {
            best = c;
            bestScore = score;
            bestPolicy = policy;
            journal.best(searchId, c.id, score);
            events.best(searchId, c.id, score);
        }
    }

    /**
     * Whether {@code c} with {@code score} should replace the best: a higher score, or the same score and an earlier
     * place in the search (restart, then iteration, then index). Trainings finish in whatever order the machine
     * makes, so "the first to finish" would make a search's best, and its final evaluation, depend on timing.
     */
    private boolean beats(Candidate c, double score) {
        if (best == null || score > bestScore) return true;
        return score == bestScore && EARLIER.compare(c, best) < 0;
    }

    /** The order of candidates in a search: restart, then iteration, then index. */
    static final Comparator<Candidate> EARLIER = Comparator.<Candidate>comparingInt(c -> c.restart)
            .thenComparingInt(c -> c.iteration)
            .thenComparingInt(c -> c.index);

    void iterationDone(int restart, int iteration, String selectedId) {
        journal.iterationDone(searchId, restart, iteration, selectedId);
        events.iterationDone(searchId, restart, iteration, selectedId);
    }

    /** The journaled candidates of one round, in index order (empty when the round was not proposed yet). */
    List<Candidate> round(int restart, int iteration, int round) {
        return candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.round == round)
                .sorted(Comparator.comparingInt(c -> c.index))
                .toList();
    }

    /** The trained candidates of one iteration (all rounds), in index order. */
    List<Candidate> done(int restart, int iteration) {
        return candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.state == CandidateState.DONE)
                .sorted(Comparator.comparingInt(c -> c.index))
                .toList();
    }
}
