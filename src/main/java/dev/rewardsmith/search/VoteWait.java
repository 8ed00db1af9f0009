package dev.rewardsmith.search;

import dev.rewardsmith.feedback.BradleyTerry;
import dev.rewardsmith.feedback.MixedScore;
import dev.rewardsmith.feedback.PreferenceSummary;
import java.util.List;
import java.util.Map;

/**
 * Preference and mixed selection (docs/architecture.md, Human feedback): waits (state awaiting-votes) until the
 * iteration's comparisons have the configured number of live votes or the timeout passes, then picks by
 * Bradley-Terry strength or by the {@link MixedScore}, ties (within rounding) to the higher F. The chosen
 * candidate's reflection gets the team's paragraph (votes, comments, notes), which also goes to the proposer.
 */
final class VoteWait {

    /** How often the wait looks at the votes again, handling commands in between. */
    private static final long POLL_MILLIS = 500;

    /**
     * @param candidate the selected candidate
     * @param teamFeedback the team's paragraph about it for the next proposal request; empty without votes
     */
    record Choice(Candidate candidate, List<String> teamFeedback) {}

    private final RunState run;
    private final Inbox inbox;
    private final Controls controls;

    VoteWait(RunState run, Inbox inbox, Controls controls) {
        this.run = run;
        this.inbox = inbox;
        this.controls = controls;
    }

    /** Selects the iteration's candidate by the team's votes; {@code byFitness} when fewer than two were trained. */
    Choice select(int restart, int iteration, Candidate byFitness) {
        List<Candidate> done = run.done(restart, iteration);
        if (done.size() < 2) return new Choice(byFitness, List.of());
        SearchSpec.Preference voting = run.spec.votingOrDefault();
        IterationFeedback feedback = awaitVotes(restart, iteration, voting);
        List<String> ids = done.stream().map(c -> c.id).toList();
        Map<String, BradleyTerry.Strength> strengths =
                BradleyTerry.byCandidate(BradleyTerry.fit(ids, feedback.outcomes(), BradleyTerry.PRIOR_TIES));
        double[] scores = scores(done, strengths, voting);
        Candidate chosen = byFitness;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < done.size(); i++) {
            Candidate c = done.get(i);
            double score = scores[i];
            // ties (within rounding) go to the higher F, then the earlier candidate
            boolean better =
                    score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && c.fitness > chosen.fitness);
            if (better) {
                bestScore = score;
                chosen = c;
            }
        }
        String paragraph = PreferenceSummary.paragraph(
                strengths.get(chosen.id),
                feedback.comments().getOrDefault(chosen.id, List.of()),
                feedback.notes().getOrDefault(chosen.id, List.of()));
        if (paragraph.isEmpty()) return new Choice(chosen, List.of());
        String base = chosen.reflection == null ? "" : chosen.reflection;
        int cut = base.indexOf("\n\nTeam members preferred");
        if (cut < 0) cut = base.indexOf("\n\nTeam notes on this candidate:");
        chosen.reflection = (cut >= 0 ? base.substring(0, cut) : base) + "\n\n" + paragraph;
        run.changed(chosen);
        return new Choice(chosen, List.of(paragraph));
    }

    /** The iteration's feedback once it has enough votes or the timeout passed; commands are handled meanwhile. */
    private IterationFeedback awaitVotes(int restart, int iteration, SearchSpec.Preference voting) {
        IterationFeedback feedback = run.journal.feedback(run.searchId, restart, iteration);
        long deadline = System.nanoTime() + voting.timeoutSeconds() * 1_000_000_000L;
        if (feedback.outcomes().size() < voting.votes()) {
            run.state(
                    SearchState.AWAITING_VOTES,
                    "waiting for " + voting.votes() + " votes on iteration " + (iteration + 1));
            while (feedback.outcomes().size() < voting.votes() && System.nanoTime() < deadline) {
                Inbox.Control control = inbox.pollControl(POLL_MILLIS);
                if (control != null) controls.note(control);
                feedback = run.journal.feedback(run.searchId, restart, iteration);
            }
            run.state(controls.paused() ? SearchState.PAUSED : SearchState.RUNNING, null);
        }
        return feedback;
    }

    /** Per candidate: the strength (preference), or the mixed score of F and strength (mixed). */
    private double[] scores(
            List<Candidate> done, Map<String, BradleyTerry.Strength> strengths, SearchSpec.Preference voting) {
        double[] strength =
                done.stream().mapToDouble(c -> strengths.get(c.id).strength()).toArray();
        if (run.spec.selection() != SelectionMode.MIXED) return strength;
        double[] fitness = done.stream().mapToDouble(c -> c.fitness).toArray();
        return MixedScore.of(fitness, strength, voting.weight());
    }
}
