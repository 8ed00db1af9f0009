package dev.rewardsmith.api;

import dev.rewardsmith.feedback.BradleyTerry;
import dev.rewardsmith.feedback.Choice;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.Outcome;
import dev.rewardsmith.feedback.VoteEvent;
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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Comparisons and votes (DESIGN.md section 9): the next pair of rollouts for me (voter), my vote on a pair (a
 * second PUT replaces it, DELETE withdraws it; every vote is kept as a raw event), and the Bradley-Terry
 * preferences per iteration (viewer).
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

    @GET
    @Path("/comparisons/next")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Response> next(@PathParam("search") String search) {
        UUID searchId = SearchResource.parse(search, "search");
        long voter = Identities.userId(identity);
        return exists(searchId)
                .flatMap(ignored -> pool.preparedQuery("select c.id, c.restart, c.iteration, c.seed, c.left_candidate,"
                                + " c.right_candidate, (select r.id from rollouts r where r.candidate_id ="
                                + " c.left_candidate and r.seed = c.seed) as left_rollout, (select r.id from rollouts r"
                                + " where r.candidate_id = c.right_candidate and r.seed = c.seed) as right_rollout from"
                                + " comparisons c where c.search_id = $1 and not exists (select 1 from vote_events v"
                                + " where v.comparison_id = c.id and v.voter_id = $2) order by c.restart desc,"
                                + " c.iteration desc, c.created_at, c.id limit 1")
                        .execute(Tuple.of(searchId, voter)))
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
                .flatMap(
                        ignored -> pool.preparedQuery("insert into vote_events (comparison_id, voter_id, voter, choice,"
                                        + " comment) values ($1, $2, $3, $4, $5)")
                                .execute(Tuple.tuple()
                                        .addValue(comparisonId)
                                        .addValue(Identities.userId(identity))
                                        .addValue(identity.getPrincipal().getName())
                                        .addValue(vote.choice())
                                        .addValue(comment)))
                .flatMap(ignored -> liveVotes(comparisonId))
                .map(live -> new VoteView(comparison, vote.choice(), comment, live));
    }

    @DELETE
    @Path("/comparisons/{comparison}/vote")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Response> withdraw(@PathParam("search") String search, @PathParam("comparison") String comparison) {
        UUID searchId = SearchResource.parse(search, "search");
        UUID comparisonId = SearchResource.parse(comparison, "comparison");
        return comparison(searchId, comparisonId)
                .flatMap(
                        ignored -> pool.preparedQuery("insert into vote_events (comparison_id, voter_id, voter, choice)"
                                        + " values ($1, $2, $3, null)")
                                .execute(Tuple.of(
                                        comparisonId,
                                        Identities.userId(identity),
                                        identity.getPrincipal().getName())))
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

    /** Fails with 404 unless the comparison belongs to the search (ids are not an oracle across searches). */
    private Uni<Void> comparison(UUID searchId, UUID comparisonId) {
        return pool.preparedQuery("select 1 from comparisons where id = $1 and search_id = $2")
                .execute(Tuple.of(comparisonId, searchId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("search " + searchId + " has no comparison " + comparisonId);
                    }
                    return null;
                });
    }

    private Uni<Integer> liveVotes(UUID comparisonId) {
        return pool.preparedQuery(
                        "select voter, choice, comment, at from vote_events where comparison_id = $1 order" + " by id")
                .execute(Tuple.of(comparisonId))
                .map(rows -> {
                    List<VoteEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        String choice = r.getString("choice");
                        events.add(new VoteEvent(
                                comparisonId.toString(),
                                r.getString("voter"),
                                choice == null ? null : Choice.parse(choice).orElseThrow(),
                                null,
                                r.getOffsetDateTime("at")
                                        .withOffsetSameInstant(ZoneOffset.UTC)
                                        .toInstant()));
                    }
                    return LiveVotes.of(events).size();
                });
    }
}
