package dev.rewardsmith.app;

import dev.rewardsmith.app.FeedbackViews.ComparisonView;
import dev.rewardsmith.feedback.Choice;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.Tally;
import dev.rewardsmith.feedback.VoteEvent;
import dev.rewardsmith.store.FeedbackRepository;
import dev.rewardsmith.store.FeedbackRepository.Place;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a team member does with the feedback on a search: take the next pair to vote on, vote (a second vote replaces
 * the first), undo a vote, and note something about a candidate (see docs/architecture.md, Human feedback). Every
 * vote is kept as a raw event; which votes are live is {@link LiveVotes}'s rule.
 */
@ApplicationScoped
public class FeedbackCommands {

    /** At most this many comparisons may be skipped in one request. */
    public static final int MAX_SKIP = 500;

    /** A note is at most this long. */
    public static final int MAX_NOTE = 2000;

    /** Who votes: the account's id (what a vote is keyed by) and its name (what others see). */
    public record Voter(long id, String name) {}

    /**
     * A vote cast, replaced or withdrawn: what it was, where the comparison sits, the comparison's live tally and the
     * number of live votes on the whole search (what the search's live viewers are told).
     *
     * @param choice the choice, null for a withdrawal
     * @param comment the comment as stored (the {@link VoteEvent} rule: blank is none)
     */
    public record Voted(UUID comparison, Choice choice, String comment, Place place, Tally tally, int searchVotes) {
        /** The restart of the comparison's iteration. */
        public int restart() {
            return place.restart();
        }

        /** The comparison's iteration. */
        public int iteration() {
            return place.iteration();
        }
    }

    @Inject
    FeedbackRepository feedback;

    @Inject
    FeedbackViews views;

    /**
     * The first pair (newest iteration first) I have no live vote on, passing over those in {@code skip}
     * (comparison ids, each value may hold several separated by commas); empty when none is left. A withdrawn vote
     * offers the pair again; skipping is not a vote.
     */
    public Uni<Optional<ComparisonView>> next(UUID search, long voter, List<String> skip) {
        UUID[] skipped = skipped(skip);
        return views.existing(search)
                .flatMap(ignored -> feedback.next(search, voter, skipped))
                .map(pair -> pair.map(FeedbackViews::view));
    }

    /**
     * My vote on a comparison of the search: {@code choice} is left, right or tie; a blank comment is none. A second
     * vote replaces the first (both stay as events).
     */
    public Uni<Voted> vote(UUID search, UUID comparison, Voter voter, String choice, String comment) {
        Choice chosen = Choice.parse(choice)
                .orElseThrow(() -> new InvalidInput("choice", "choice: must be left, right or tie"));
        String stored = VoteEvent.comment(comment);
        if (stored != null && stored.length() > VoteEvent.MAX_COMMENT) {
            throw new InvalidInput(
                    "comment", "comment: at most " + VoteEvent.MAX_COMMENT + " characters, got " + stored.length());
        }
        return append(search, comparison, voter, chosen, stored);
    }

    /** Withdraws my vote on a comparison (undo): the pair is offered to me again. */
    public Uni<Voted> withdraw(UUID search, UUID comparison, Voter voter) {
        return append(search, comparison, voter, null, null);
    }

    /** A team note on a candidate: it enters the next prompt when the candidate is selected. */
    public Uni<FeedbackViews.Note> note(UUID candidate, String author, String text) {
        if (text == null || text.isBlank()) throw new InvalidInput("text", "text: must not be blank");
        String stored = text.strip();
        if (stored.length() > MAX_NOTE) {
            throw new InvalidInput("text", "text: at most " + MAX_NOTE + " characters, got " + stored.length());
        }
        return feedback.addNote(candidate, author, stored)
                .map(note -> FeedbackViews.Note.of(
                        note.orElseThrow(() -> new NotFoundException("no candidate " + candidate))));
    }

    private Uni<Voted> append(UUID search, UUID comparison, Voter voter, Choice choice, String comment) {
        return place(search, comparison)
                .flatMap(where -> feedback.append(comparison, voter.id(), voter.name(), choice, comment)
                        .replaceWith(where))
                .flatMap(where -> {
                    // only this comparison's events for its tally; the search-wide count is LiveVotes' rule in SQL
                    Uni<Tally> tally =
                            feedback.votesOn(comparison).map(votes -> Tally.of(LiveVotes.of(votes.events())));
                    Uni<Integer> total = feedback.liveVoteCount(search);
                    return Uni.combine()
                            .all()
                            .unis(tally, total)
                            .asTuple()
                            .map(both ->
                                    new Voted(comparison, choice, comment, where, both.getItem1(), both.getItem2()));
                });
    }

    /** The comparison's place; 404 unless it belongs to the search (ids are not an oracle across searches). */
    private Uni<Place> place(UUID search, UUID comparison) {
        return feedback.place(search, comparison)
                .map(where -> where.orElseThrow(
                        () -> new NotFoundException("search " + search + " has no comparison " + comparison)));
    }

    private static UUID[] skipped(List<String> skip) {
        List<UUID> out = new ArrayList<>();
        for (String value : skip == null ? List.<String>of() : skip) {
            for (String part : value.split(",")) {
                if (part.isBlank()) continue;
                try {
                    out.add(UUID.fromString(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput("skip", "skip: '" + part.strip() + "' is not a comparison id");
                }
            }
        }
        if (out.size() > MAX_SKIP) {
            throw new InvalidInput("skip", "skip: at most " + MAX_SKIP + " comparisons, got " + out.size());
        }
        return out.toArray(UUID[]::new);
    }
}
