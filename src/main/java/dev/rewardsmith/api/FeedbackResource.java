package dev.rewardsmith.api;

import dev.rewardsmith.feedback.BradleyTerry;
import dev.rewardsmith.feedback.Choice;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.Outcome;
import dev.rewardsmith.feedback.Tally;
import dev.rewardsmith.feedback.VoteEvent;
import dev.rewardsmith.live.SearchLive;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Comparisons and votes (DESIGN.md section 9): the next pair of rollouts for me and my progress (voter), my vote
 * on a pair (a second PUT replaces it, DELETE withdraws it; every vote is kept as a raw event and announced on the
 * search's live stream), the pairs with their live tallies, and the Bradley-Terry preferences per iteration
 * (viewer).
 */
@Path("/api/searches/{search}")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    public record Side(String candidate, String rollout) {}

    public record ComparisonView(String id, int restart, int iteration, long seed, Side left, Side right) {}

    public record Vote(
            @NotNull @Pattern(regexp = "left|right|tie", message = "must be left, right or tie") String choice,
            @Size(max = VoteEvent.MAX_COMMENT) String comment) {}

    public record VoteView(String comparison, String choice, String comment, int liveVotes) {}

    /** My progress on a search's comparisons: how many there are, how many I have a live vote on, how many are left. */
    public record Counts(int total, int voted, int left) {}

    /** A live vote with its comment, as the team panel quotes it. */
    public record Comment(String voter, String choice, String comment, java.time.Instant at) {}

    /** My live vote on a comparison (undo withdraws it). */
    public record MyVote(String choice, String comment, java.time.Instant at) {}

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

    /** At most this many comparisons may be skipped in one request. */
    static final int MAX_SKIP = 500;

    /** The pair, its rollouts on the shared seed, from {@code comparisons c}. */
    private static final String PAIR_COLUMNS = "c.id, c.restart, c.iteration, c.seed, c.left_candidate,"
            + " c.right_candidate, (select r.id from rollouts r where r.candidate_id = c.left_candidate and r.seed ="
            + " c.seed) as left_rollout, (select r.id from rollouts r where r.candidate_id = c.right_candidate and"
            + " r.seed = c.seed) as right_rollout";

    /**
     * Voter $2's live choice on comparison {@code c}: their latest event's choice, null when they never voted or
     * withdrew (the SQL twin of {@link LiveVotes} for one voter, so "next" and the counts agree with it).
     */
    private static final String MY_LIVE_CHOICE =
            "(select v.choice from vote_events v where v.comparison_id = c.id and v.voter_id = $2 order by v.id desc"
                    + " limit 1)";

    /** Newest iteration first, then in planning order: the pairs that can still steer the search come first. */
    private static final String PAIR_ORDER = " order by c.restart desc, c.iteration desc, c.created_at, c.id";

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
    Pool pool;

    @Inject
    SecurityIdentity identity;

    @Inject
    SearchLive live;

    /**
     * The next pair I have no live vote on (a withdrawn vote offers the pair again), or 204. {@code skip} names
     * comparisons to pass over this time (repeatable or comma-separated); skipping is not a vote.
     */
    @GET
    @Path("/comparisons/next")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Response> next(@PathParam("search") String search, @QueryParam("skip") List<String> skip) {
        UUID searchId = SearchResource.parse(search, "search");
        UUID[] skipped = skipped(skip);
        long voter = Identities.userId(identity);
        return exists(searchId)
                .flatMap(ignored -> pool.preparedQuery("select " + PAIR_COLUMNS + " from comparisons c where"
                                + " c.search_id = $1 and c.id <> all($3) and " + MY_LIVE_CHOICE + " is null"
                                + PAIR_ORDER + " limit 1")
                        .execute(Tuple.of(searchId, voter, skipped)))
                .map(rows -> {
                    for (Row r : rows) {
                        return Response.ok(new ComparisonView(
                                        r.getUUID("id").toString(),
                                        r.getInteger("restart"),
                                        r.getInteger("iteration"),
                                        r.getLong("seed"),
                                        side(r, "left"),
                                        side(r, "right")))
                                .build();
                    }
                    return Response.noContent().build();
                });
    }

    private static UUID[] skipped(List<String> skip) {
        List<UUID> out = new ArrayList<>();
        for (String value : skip == null ? List.<String>of() : skip) {
            for (String part : value.split(",")) {
                if (part.isBlank()) continue;
                try {
                    out.add(UUID.fromString(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("skip: '" + part.strip() + "' is not a comparison id");
                }
            }
        }
        if (out.size() > MAX_SKIP) {
            throw new BadRequestException("skip: at most " + MAX_SKIP + " comparisons, got " + out.size());
        }
        return out.toArray(UUID[]::new);
    }

    /** How many comparisons the search has, how many I have a live vote on, and how many are left for me. */
    @GET
    @Path("/comparisons/counts")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Counts> counts(@PathParam("search") String search) {
        UUID searchId = SearchResource.parse(search, "search");
        return exists(searchId)
                .flatMap(ignored -> pool.preparedQuery("select count(*) as total, count(*) filter (where "
                                + MY_LIVE_CHOICE + " is not null) as voted from comparisons c where c.search_id = $1")
                        .execute(Tuple.of(searchId, Identities.userId(identity))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    int total = r.getLong("total").intValue();
                    int voted = r.getLong("voted").intValue();
                    return new Counts(total, voted, total - voted);
                });
    }

    /**
     * The search's comparisons, a page at a time in the order "next" offers them, each with its live tally, the
     * live votes' comments and the caller's own vote (viewer).
     */
    @GET
    @Path("/comparisons")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<SearchResource.Page<ComparisonSummary>> list(
            @PathParam("search") String search,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        UUID searchId = SearchResource.parse(search, "search");
        String me = String.valueOf(Identities.userId(identity));
        return exists(searchId)
                .flatMap(ignored -> pool.preparedQuery("select count(*) as total from comparisons where search_id = $1")
                        .execute(Tuple.of(searchId)))
                .flatMap(count -> {
                    long total = count.iterator().next().getLong("total");
                    return pool.preparedQuery("select " + PAIR_COLUMNS + " from comparisons c where c.search_id = $1"
                                    + PAIR_ORDER + " limit $2 offset $3")
                            .execute(Tuple.of(searchId, size, (long) page * size))
                            .flatMap(rows -> {
                                List<Row> pairs = new ArrayList<>();
                                rows.forEach(pairs::add);
                                UUID[] ids =
                                        pairs.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
                                return liveVotes(
                                                "select v.comparison_id, v.voter_id, v.voter, v.choice, v.comment, v.at"
                                                        + " from vote_events v where v.comparison_id = any($1) order by"
                                                        + " v.id",
                                                Tuple.of((Object) ids))
                                        .map(votes -> new SearchResource.Page<>(
                                                pairs.stream()
                                                        .map(r -> summary(r, votes, votes.byComparison(), me))
                                                        .toList(),
                                                page,
                                                size,
                                                total));
                            });
                });
    }

    private static ComparisonSummary summary(Row r, Votes votes, Map<String, List<VoteEvent>> byComparison, String me) {
        String id = r.getUUID("id").toString();
        List<VoteEvent> live = byComparison.getOrDefault(id, List.of());
        List<Comment> comments = new ArrayList<>();
        MyVote mine = null;
        for (VoteEvent e : live) {
            if (e.comment() != null) {
                comments.add(new Comment(votes.name(e), e.choice().label(), e.comment(), e.at()));
            }
            if (e.voter().equals(me)) mine = new MyVote(e.choice().label(), e.comment(), e.at());
        }
        return new ComparisonSummary(
                id,
                r.getInteger("restart"),
                r.getInteger("iteration"),
                r.getLong("seed"),
                side(r, "left"),
                side(r, "right"),
                Tally.of(live),
                comments,
                mine);
    }

    private static Side side(Row r, String which) {
        UUID rollout = r.getUUID(which + "_rollout");
        return new Side(r.getUUID(which + "_candidate").toString(), rollout == null ? null : rollout.toString());
    }

    @PUT
    @Path("/comparisons/{comparison}/vote")
    @RolesAllowed(Role.VOTER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<VoteView> vote(
            @PathParam("search") String search, @PathParam("comparison") String comparison, @Valid @NotNull Vote vote) {
        UUID searchId = SearchResource.parse(search, "search");
        UUID comparisonId = SearchResource.parse(comparison, "comparison");
        String comment = vote.comment() == null || vote.comment().isBlank()
                ? null
                : vote.comment().strip();
        return comparison(searchId, comparisonId)
                .flatMap(where -> pool.preparedQuery("insert into vote_events (comparison_id, voter_id, voter, choice,"
                                + " comment) values ($1, $2, $3, $4, $5)")
                        .execute(Tuple.tuple()
                                .addValue(comparisonId)
                                .addValue(Identities.userId(identity))
                                .addValue(identity.getPrincipal().getName())
                                .addValue(vote.choice())
                                .addValue(comment))
                        .replaceWith(where))
                .flatMap(where -> announce(searchId, comparisonId, where))
                .map(tally -> new VoteView(comparison, vote.choice(), comment, tally.total()));
    }

    @DELETE
    @Path("/comparisons/{comparison}/vote")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Response> withdraw(@PathParam("search") String search, @PathParam("comparison") String comparison) {
        UUID searchId = SearchResource.parse(search, "search");
        UUID comparisonId = SearchResource.parse(comparison, "comparison");
        return comparison(searchId, comparisonId)
                .flatMap(where -> pool.preparedQuery("insert into vote_events (comparison_id, voter_id, voter, choice)"
                                + " values ($1, $2, $3, null)")
                        .execute(Tuple.of(
                                comparisonId,
                                Identities.userId(identity),
                                identity.getPrincipal().getName()))
                        .replaceWith(where))
                .flatMap(where -> announce(searchId, comparisonId, where))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/preferences")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<List<PreferenceView>> preferences(@PathParam("search") String search) {
        UUID searchId = SearchResource.parse(search, "search");
        return exists(searchId)
                .flatMap(ignored -> pool.preparedQuery("select c.id, c.restart, c.iteration, c.left_candidate,"
                                + " c.right_candidate, v.voter, v.choice, v.comment, v.at from comparisons c join"
                                + " vote_events v on v.comparison_id = c.id where c.search_id = $1 order by v.id")
                        .execute(Tuple.of(searchId)))
                .map(rows -> {
                    Map<String, Row> byComparison = new LinkedHashMap<>();
                    List<VoteEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        String id = r.getUUID("id").toString();
                        byComparison.putIfAbsent(id, r);
                        String choice = r.getString("choice");
                        String comment = r.getString("comment");
                        events.add(new VoteEvent(
                                id,
                                r.getString("voter"),
                                choice == null ? null : Choice.parse(choice).orElseThrow(),
                                comment == null || comment.isEmpty() ? null : comment,
                                r.getOffsetDateTime("at").toInstant()));
                    }
                    // outcomes per (restart, iteration), then strengths within each
                    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
                    Map<String, java.util.Set<String>> candidates = new LinkedHashMap<>();
                    for (VoteEvent e : LiveVotes.of(events)) {
                        Row c = byComparison.get(e.comparison());
                        String key = c.getInteger("restart") + "/" + c.getInteger("iteration");
                        String left = c.getUUID("left_candidate").toString();
                        String right = c.getUUID("right_candidate").toString();
                        candidates
                                .computeIfAbsent(key, k -> new java.util.LinkedHashSet<>())
                                .addAll(List.of(left, right));
                        Outcome o = Outcome.of(e.choice(), left, right);
                        outcomes.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
                    }
                    List<PreferenceView> out = new ArrayList<>();
                    for (var entry : outcomes.entrySet()) {
                        String[] parts = entry.getKey().split("/");
                        for (BradleyTerry.Strength s : BradleyTerry.fit(
                                new ArrayList<>(candidates.get(entry.getKey())),
                                entry.getValue(),
                                BradleyTerry.PRIOR_TIES)) {
                            out.add(new PreferenceView(
                                    s.candidate(),
                                    Integer.parseInt(parts[0]),
                                    Integer.parseInt(parts[1]),
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

    private Uni<Void> exists(UUID searchId) {
        return pool.preparedQuery("select 1 from searches where id = $1")
                .execute(Tuple.of(searchId))
                .map(rows -> {
                    if (rows.size() == 0) throw new NotFoundException("no search " + searchId);
                    return null;
                });
    }

    /** Where a comparison sits in its search: {restart, iteration}. */
    private record Place(int restart, int iteration) {}

    /** The comparison's place; fails with 404 unless it belongs to the search (ids are not an oracle across searches). */
    private Uni<Place> comparison(UUID searchId, UUID comparisonId) {
        return pool.preparedQuery("select restart, iteration from comparisons where id = $1 and search_id = $2")
                .execute(Tuple.of(comparisonId, searchId))
                .map(rows -> {
                    for (Row r : rows) return new Place(r.getInteger("restart"), r.getInteger("iteration"));
                    throw new NotFoundException("search " + searchId + " has no comparison " + comparisonId);
                });
    }

    /** Live votes keyed by voter id (names can be reused by a new account; ids cannot), with the voters' names. */
    private record Votes(List<VoteEvent> live, Map<String, String> names) {
        String name(VoteEvent e) {
            return names.getOrDefault(e.voter(), e.voter());
        }

        /** The live votes grouped by comparison id, each group in event order. */
        Map<String, List<VoteEvent>> byComparison() {
            Map<String, List<VoteEvent>> out = new HashMap<>();
            for (VoteEvent e : live)
                out.computeIfAbsent(e.comparison(), k -> new ArrayList<>()).add(e);
            return out;
        }
    }

    /** Reads vote events (columns comparison_id, voter_id, voter, choice, comment, at) and keeps the live ones. */
    private Uni<Votes> liveVotes(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<VoteEvent> events = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            for (Row r : rows) {
                String voter = String.valueOf(r.getLong("voter_id"));
                names.put(voter, r.getString("voter"));
                String choice = r.getString("choice");
                events.add(new VoteEvent(
                        r.getUUID("comparison_id").toString(),
                        voter,
                        choice == null ? null : Choice.parse(choice).orElseThrow(),
                        r.getString("comment"),
                        r.getOffsetDateTime("at").toInstant()));
            }
            return new Votes(LiveVotes.of(events), names);
        });
    }

    /**
     * Sends the comparison's new tally and the search's live vote count to its live viewers; returns the tally.
     * Reads only this comparison's events; the search-wide count is the SQL twin of {@link LiveVotes} (a voter's
     * latest event per comparison, when it is not a withdrawal), so a vote costs no pass over the whole search.
     */
    private Uni<Tally> announce(UUID searchId, UUID comparisonId, Place where) {
        Uni<Tally> tally = liveVotes(
                        "select v.comparison_id, v.voter_id, v.voter, v.choice, v.comment, v.at from vote_events v"
                                + " where v.comparison_id = $1 order by v.id",
                        Tuple.of(comparisonId))
                .map(votes -> Tally.of(votes.live()));
        Uni<Integer> total = pool.preparedQuery("select count(*) as live from (select distinct on (v.comparison_id,"
                        + " v.voter_id) v.choice from vote_events v join comparisons c on c.id = v.comparison_id"
                        + " where c.search_id = $1 order by v.comparison_id, v.voter_id, v.id desc) latest where"
                        + " latest.choice is not null")
                .execute(Tuple.of(searchId))
                .map(rows -> rows.iterator().next().getLong("live").intValue());
        return Uni.combine().all().unis(tally, total).asTuple().map(both -> {
            live.votes(
                    searchId.toString(),
                    comparisonId.toString(),
                    where.restart(),
                    where.iteration(),
                    both.getItem1(),
                    both.getItem2());
            return both.getItem1();
        });
    }
}
