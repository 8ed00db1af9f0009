package dev.rewardsmith.app;

import dev.rewardsmith.feedback.BradleyTerry;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.Outcome;
import dev.rewardsmith.feedback.Tally;
import dev.rewardsmith.feedback.VoteEvent;
import dev.rewardsmith.store.FeedbackRepository;
import dev.rewardsmith.store.FeedbackRepository.Pair;
import dev.rewardsmith.store.FeedbackRepository.Sides;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the team's feedback on a search looks like: my progress, the pairs with their live tallies and comments, the
 * Bradley-Terry preferences per iteration, and a candidate's notes (see docs/architecture.md, Human feedback). Which
 * votes are live is {@link LiveVotes}'s rule.
 */
@ApplicationScoped
public class FeedbackViews {

    public record Side(String candidate, String rollout) {}

    /** A pair to vote on: two candidates' rollouts on one seed. */
    public record ComparisonView(String id, int restart, int iteration, long seed, Side left, Side right) {}

    /** My progress on a search's comparisons: how many there are, how many I have a live vote on, how many are left. */
    public record Counts(int total, int voted, int left) {}

    /** A live vote with its comment, as the team panel quotes it. */
    public record Comment(String voter, String choice, String comment, Instant at) {}

    /** My live vote on a comparison (undo withdraws it). */
    public record MyVote(String choice, String comment, Instant at) {}

    /** A comparison as listed: the pair, its live tally, the live comments, and my vote if I have one. */
    public record ComparisonSummary(
            String id,
            int restart,
            int iteration,
            long seed,
            Side left,
            Side right,
            Tally tally,
            List<Comment> comments,
            MyVote myVote) {}

    /** One page of comparisons and how many the search has in all. */
    public record Listing(List<ComparisonSummary> items, long total) {}

    /** A candidate's strength from the live votes of its iteration. */
    public record PreferenceView(
            String candidate,
            int restart,
            int iteration,
            double strength,
            double low,
            double high,
            int wins,
            int losses,
            int ties) {}

    @Inject
    FeedbackRepository feedback;

    /** How many comparisons the search has, how many I have a live vote on, and how many are left for me. */
    public Uni<Counts> progress(UUID search, long voter) {
        return existing(search)
                .flatMap(ignored -> feedback.progress(search, voter))
                .map(p -> new Counts(p.total(), p.voted(), p.total() - p.voted()));
    }

    /**
     * A page of the search's comparisons in the order "next" offers them, each with its live tally, the live votes'
     * comments and my vote: one query for the count, one for the pairs, one for their vote events.
     */
    public Uni<Listing> comparisons(UUID search, long me, int page, int size) {
        return existing(search)
                .flatMap(ignored -> feedback.comparisonCount(search))
                .flatMap(total -> feedback.pairs(search, size, (long) page * size)
                        .flatMap(pairs -> feedback.votesOn(
                                        pairs.stream().map(Pair::id).toArray(UUID[]::new))
                                .map(votes -> {
                                    Map<String, List<VoteEvent>> live = byComparison(LiveVotes.of(votes.events()));
                                    String mine = String.valueOf(me);
                                    List<ComparisonSummary> items = new ArrayList<>();
                                    for (Pair p : pairs) {
                                        items.add(summary(
                                                p,
                                                live.getOrDefault(p.id().toString(), List.of()),
                                                votes.voterNames(),
                                                mine));
                                    }
                                    return new Listing(items, total);
                                })));
    }

    /** Bradley-Terry strengths of the voted candidates, per (restart, iteration), from the live votes. */
    public Uni<List<PreferenceView>> preferences(UUID search) {
        return existing(search).flatMap(ignored -> feedback.searchVotes(search)).map(votes -> {
            Map<String, Set<String>> candidates = new LinkedHashMap<>();
            Map<String, List<Outcome>> byIteration = new LinkedHashMap<>();
            for (VoteEvent e : LiveVotes.of(votes.events())) {
                Sides c = votes.comparisons().get(e.comparison());
                String key = c.restart() + "/" + c.iteration();
                candidates.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(List.of(c.left(), c.right()));
                byIteration
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Outcome.of(e.choice(), c.left(), c.right()));
            }
            List<PreferenceView> out = new ArrayList<>();
            for (var entry : byIteration.entrySet()) {
                String[] parts = entry.getKey().split("/");
                int restart = Integer.parseInt(parts[0]);
                int iteration = Integer.parseInt(parts[1]);
                for (BradleyTerry.Strength s : BradleyTerry.fit(
                        new ArrayList<>(candidates.get(entry.getKey())), entry.getValue(), BradleyTerry.PRIOR_TIES)) {
                    out.add(new PreferenceView(
                            s.candidate(),
                            restart,
                            iteration,
                            s.strength(),
                            s.low(),
                            s.high(),
                            s.wins(),
                            s.losses(),
                            s.ties()));
                }
            }
            return out;
        });
    }

    /** A team note on a candidate. */
    public record Note(String author, String text, java.time.OffsetDateTime createdAt) {
        static Note of(FeedbackRepository.Note n) {
            return new Note(n.author(), n.text(), n.createdAt());
        }
    }

    /** The candidate's notes, oldest first. */
    public Uni<List<Note>> notes(UUID candidate) {
        return feedback.notes(candidate).map(list -> list.stream().map(Note::of).toList());
    }

    static ComparisonView view(Pair p) {
        return new ComparisonView(p.id().toString(), p.restart(), p.iteration(), p.seed(), left(p), right(p));
    }

    /** Fails with 404 unless the search exists. */
    Uni<Void> existing(UUID search) {
        return feedback.searchExists(search).map(found -> {
            if (!found) throw new NotFoundException("no search " + search);
            return null;
        });
    }

    private static ComparisonSummary summary(Pair p, List<VoteEvent> live, Map<String, String> names, String me) {
        List<Comment> comments = new ArrayList<>();
        MyVote mine = null;
        for (VoteEvent e : live) {
            if (e.comment() != null) {
                comments.add(new Comment(
                        names.getOrDefault(e.voter(), e.voter()), e.choice().label(), e.comment(), e.at()));
            }
            if (e.voter().equals(me)) mine = new MyVote(e.choice().label(), e.comment(), e.at());
        }
        return new ComparisonSummary(
                p.id().toString(),
                p.restart(),
                p.iteration(),
                p.seed(),
                left(p),
                right(p),
                Tally.of(live),
                comments,
                mine);
    }

    private static Map<String, List<VoteEvent>> byComparison(List<VoteEvent> live) {
        Map<String, List<VoteEvent>> out = new HashMap<>();
        for (VoteEvent e : live)
            out.computeIfAbsent(e.comparison(), k -> new ArrayList<>()).add(e);
        return out;
    }

    private static Side left(Pair p) {
        return side(p.leftCandidate(), p.leftRollout());
    }

    private static Side right(Pair p) {
        return side(p.rightCandidate(), p.rightRollout());
    }

    private static Side side(UUID candidate, UUID rollout) {
        return new Side(candidate.toString(), rollout == null ? null : rollout.toString());
    }
}
