package dev.rewardsmith.store;

import dev.rewardsmith.feedback.Choice;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.VoteEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The feedback aggregate in PostgreSQL: the comparisons (pairs of rollouts on one seed), the raw vote events on them
 * and the team's notes on candidates (see docs/architecture.md, Human feedback). A vote events row becomes a
 * {@link VoteEvent} only through {@link #voteEvent(Row)}.
 */
@ApplicationScoped
public class FeedbackRepository {

    /** A comparison with its two rollouts on the shared seed (a rollout is null until it is recorded). */
    public record Pair(
            UUID id,
            int restart,
            int iteration,
            long seed,
            UUID leftCandidate,
            UUID rightCandidate,
            UUID leftRollout,
            UUID rightRollout) {}

    /** Where a comparison sits in its search. */
    public record Place(int restart, int iteration) {}

    /** A comparison's place and candidates, as the preferences need them. */
    public record Sides(int restart, int iteration, String left, String right) {}

    /** How many comparisons a search has and how many of them one voter has a live vote on. */
    public record Progress(int total, int voted) {}

    /**
     * Raw vote events in store order (by event id), with the voters' names by voter id (names can be reused by a new
     * account; ids cannot).
     */
    public record Votes(List<VoteEvent> events, Map<String, String> voterNames) {}

    /** Every vote event of a search in store order, with the sides of the comparisons they are on (by id). */
    public record SearchVotes(Map<String, Sides> comparisons, List<VoteEvent> events) {}

    /** A team note on a candidate. */
    public record Note(String author, String text, OffsetDateTime createdAt) {}

    /** The pair, its rollouts on the shared seed, from {@code comparisons c}. */
    private static final String PAIR_COLUMNS = "c.id, c.restart, c.iteration, c.seed, c.left_candidate,"
            + " c.right_candidate, (select r.id from rollouts r where r.candidate_id = c.left_candidate and r.seed ="
            + " c.seed) as left_rollout, (select r.id from rollouts r where r.candidate_id = c.right_candidate and"
            + " r.seed = c.seed) as right_rollout";

    /** Newest iteration first, then in planning order: the pairs that can still steer the search come first. */
    private static final String PAIR_ORDER = " order by c.restart desc, c.iteration desc, c.created_at, c.id";

    /** The columns {@link #voteEvent(Row)} reads, from {@code vote_events v}. */
    public static final String VOTE_EVENT_COLUMNS = "v.comparison_id, v.voter_id, v.voter, v.choice, v.comment, v.at";

    /**
     * Latest event first, in the sense of {@link LiveVotes}: the latest {@code at}, and among equal times the later
     * event (events are read in id order, and LiveVotes keeps that order among equal times). Every SQL that picks a
     * voter's live vote uses this order, so it is the same rule as LiveVotes, not a second one.
     */
    private static final String LATEST_FIRST = "v.at desc, v.id desc";

    /**
     * Voter $2's live choice on comparison {@code c}: their latest event's choice, null when they never voted or
     * withdrew ({@link LiveVotes} for one voter in SQL, so "next" and the progress agree with the listing).
     */
    private static final String MY_LIVE_CHOICE = "(select v.choice from vote_events v where v.comparison_id = c.id and"
            + " v.voter_id = $2 order by " + LATEST_FIRST + " limit 1)";

    @Inject
    Pool pool;

    /**
     * The one mapping from a vote events row (columns {@link #VOTE_EVENT_COLUMNS}) to a vote event: the voter is the
     * voter id (as text); a null choice is a withdrawal; a blank comment is no comment (the {@link VoteEvent} rule).
     */
    public static VoteEvent voteEvent(Row r) {
        String choice = r.getString("choice");
        return new VoteEvent(
                r.getUUID("comparison_id").toString(),
                String.valueOf(r.getLong("voter_id")),
                choice == null ? null : Choice.parse(choice).orElseThrow(),
                r.getString("comment"),
                r.getOffsetDateTime("at").toInstant());
    }

    public Uni<Boolean> searchExists(UUID search) {
        return pool.preparedQuery("select 1 from searches where id = $1")
                .execute(Tuple.of(search))
                .map(rows -> rows.size() > 0);
    }

    /** The first pair (in listing order) voter has no live vote on, passing over {@code skipped}. */
    public Uni<Optional<Pair>> next(UUID search, long voter, UUID[] skipped) {
        return pool.preparedQuery("select " + PAIR_COLUMNS + " from comparisons c where c.search_id = $1 and c.id <>"
                        + " all($3) and " + MY_LIVE_CHOICE + " is null" + PAIR_ORDER + " limit 1")
                .execute(Tuple.of(search, voter, skipped))
                .map(rows -> {
                    for (Row r : rows) return Optional.of(pair(r));
                    return Optional.empty();
                });
    }

    public Uni<Progress> progress(UUID search, long voter) {
        return pool.preparedQuery("select count(*) as total, count(*) filter (where " + MY_LIVE_CHOICE
                        + " is not null) as voted from comparisons c where c.search_id = $1")
                .execute(Tuple.of(search, voter))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Progress(
                            r.getLong("total").intValue(), r.getLong("voted").intValue());
                });
    }

    public Uni<Long> comparisonCount(UUID search) {
        return pool.preparedQuery("select count(*) as total from comparisons where search_id = $1")
                .execute(Tuple.of(search))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    /** A page of the search's pairs in the order "next" offers them. */
    public Uni<List<Pair>> pairs(UUID search, int limit, long offset) {
        return pool.preparedQuery("select " + PAIR_COLUMNS + " from comparisons c where c.search_id = $1" + PAIR_ORDER
                        + " limit $2 offset $3")
                .execute(Tuple.of(search, limit, offset))
                .map(rows -> {
                    List<Pair> out = new ArrayList<>();
                    for (Row r : rows) out.add(pair(r));
                    return out;
                });
    }

    /** The comparison's place, empty unless it belongs to the search. */
    public Uni<Optional<Place>> place(UUID search, UUID comparison) {
        return pool.preparedQuery("select restart, iteration from comparisons where id = $1 and search_id = $2")
                .execute(Tuple.of(comparison, search))
                .map(rows -> {
                    for (Row r : rows)
                        return Optional.of(new Place(r.getInteger("restart"), r.getInteger("iteration")));
                    return Optional.empty();
                });
    }

    /** Every vote event on the given comparisons (one query), in store order. */
    public Uni<Votes> votesOn(UUID... comparisons) {
        return pool.preparedQuery("select " + VOTE_EVENT_COLUMNS + " from vote_events v where v.comparison_id ="
                        + " any($1) order by v.id")
                .execute(Tuple.of((Object) comparisons))
                .map(rows -> {
                    List<VoteEvent> events = new ArrayList<>();
                    Map<String, String> names = new HashMap<>();
                    for (Row r : rows) {
                        VoteEvent e = voteEvent(r);
                        names.put(e.voter(), r.getString("voter"));
                        events.add(e);
                    }
                    return new Votes(events, names);
                });
    }

    /** Every vote event of the search (one query), in store order, with the sides of their comparisons. */
    public Uni<SearchVotes> searchVotes(UUID search) {
        return pool.preparedQuery("select c.restart, c.iteration, c.left_candidate, c.right_candidate, "
                        + VOTE_EVENT_COLUMNS + " from comparisons c join vote_events v on v.comparison_id = c.id"
                        + " where c.search_id = $1 order by v.id")
                .execute(Tuple.of(search))
                .map(rows -> {
                    Map<String, Sides> comparisons = new LinkedHashMap<>();
                    List<VoteEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        VoteEvent e = voteEvent(r);
                        comparisons.computeIfAbsent(
                                e.comparison(),
                                k -> new Sides(
                                        r.getInteger("restart"),
                                        r.getInteger("iteration"),
                                        r.getUUID("left_candidate").toString(),
                                        r.getUUID("right_candidate").toString()));
                        events.add(e);
                    }
                    return new SearchVotes(comparisons, events);
                });
    }

    /**
     * How many live votes the search has, counted in SQL with the {@link LiveVotes} rule (per comparison and voter
     * the latest event, unless it withdrew): one query, without reading every event of the search.
     */
    public Uni<Integer> liveVoteCount(UUID search) {
        return pool.preparedQuery("select count(*) as live from (select distinct on (v.comparison_id, v.voter_id)"
                        + " v.choice from vote_events v join comparisons c on c.id = v.comparison_id where"
                        + " c.search_id = $1 order by v.comparison_id, v.voter_id, " + LATEST_FIRST + ") latest"
                        + " where latest.choice is not null")
                .execute(Tuple.of(search))
                .map(rows -> rows.iterator().next().getLong("live").intValue());
    }

    /** Appends a vote event: a vote (or a changed one), or with a null choice a withdrawal. */
    public Uni<Void> append(UUID comparison, long voterId, String voter, Choice choice, String comment) {
        return pool.preparedQuery("insert into vote_events (comparison_id, voter_id, voter, choice, comment) values"
                        + " ($1, $2, $3, $4, $5)")
                .execute(Tuple.tuple()
                        .addValue(comparison)
                        .addValue(voterId)
                        .addValue(voter)
                        .addValue(choice == null ? null : choice.label())
                        .addValue(comment))
                .replaceWithVoid();
    }

    /** Adds a note to the candidate; empty when there is no such candidate. */
    public Uni<Optional<Note>> addNote(UUID candidate, String author, String text) {
        return pool.preparedQuery("insert into notes (candidate_id, author, text) select id, $2, $3 from candidates"
                        + " where id = $1 returning created_at")
                .execute(Tuple.of(candidate, author, text))
                .map(rows -> {
                    for (Row r : rows) return Optional.of(new Note(author, text, r.getOffsetDateTime("created_at")));
                    return Optional.empty();
                });
    }

    /** The candidate's notes, oldest first. */
    public Uni<List<Note>> notes(UUID candidate) {
        return pool.preparedQuery("select author, text, created_at from notes where candidate_id = $1 order by id")
                .execute(Tuple.of(candidate))
                .map(rows -> {
                    List<Note> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Note(
                                r.getString("author"), r.getString("text"), r.getOffsetDateTime("created_at")));
                    }
                    return out;
                });
    }

    private static Pair pair(Row r) {
        return new Pair(
                r.getUUID("id"),
                r.getInteger("restart"),
                r.getInteger("iteration"),
                r.getLong("seed"),
                r.getUUID("left_candidate"),
                r.getUUID("right_candidate"),
                r.getUUID("left_rollout"),
                r.getUUID("right_rollout"));
    }
}
