package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.FeedbackCommands;
import dev.rewardsmith.app.FeedbackCommands.Voted;
import dev.rewardsmith.app.FeedbackCommands.Voter;
import dev.rewardsmith.app.FeedbackViews;
import dev.rewardsmith.app.FeedbackViews.ComparisonSummary;
import dev.rewardsmith.app.FeedbackViews.Counts;
import dev.rewardsmith.app.FeedbackViews.PreferenceView;
import dev.rewardsmith.app.Ids;
import dev.rewardsmith.live.SearchLive;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Comparisons and votes over HTTP (see docs/architecture.md, Human feedback): the next pair for me and my progress
 * (voter), my vote on a pair (a second PUT replaces it, DELETE withdraws it; each is announced on the search's live
 * stream), the pairs with their live tallies, and the preferences per iteration (viewer). The rules are in
 * app/FeedbackCommands and app/FeedbackViews.
 */
@Path("/api/searches/{search}")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    /** A vote as sent: choice is left, right or tie; the comment is optional (blank is none). */
    public record Vote(String choice, String comment) {}

    public record VoteView(String comparison, String choice, String comment, int liveVotes) {}

    @Inject
    FeedbackCommands commands;

    @Inject
    FeedbackViews views;

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
    @APIResponse(
            responseCode = "200",
            description = "the next pair",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FeedbackViews.ComparisonView.class)))
    @APIResponse(responseCode = "204", description = "no pair is left for me")
    public Uni<Response> next(@PathParam("search") String search, @QueryParam("skip") List<String> skip) {
        UUID searchId = Ids.parse(search, "search");
        return commands.next(searchId, Identities.userId(identity), skip)
                .map(pair -> pair.map(p -> Response.ok(p).build())
                        .orElseGet(() -> Response.noContent().build()));
    }

    /** How many comparisons the search has, how many I have a live vote on, and how many are left for me. */
    @GET
    @Path("/comparisons/counts")
    @RolesAllowed(Role.VOTER_NAME)
    public Uni<Counts> counts(@PathParam("search") String search) {
        return views.progress(Ids.parse(search, "search"), Identities.userId(identity));
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
        UUID searchId = Ids.parse(search, "search");
        return views.comparisons(searchId, Identities.userId(identity), page, size)
                .map(listing -> new SearchResource.Page<>(listing.items(), page, size, listing.total()));
    }

    @PUT
    @Path("/comparisons/{comparison}/vote")
    @RolesAllowed(Role.VOTER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the vote as stored",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VoteView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid vote",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<VoteView> vote(
            @PathParam("search") String search, @PathParam("comparison") String comparison, @NotNull Vote vote) {
        UUID searchId = Ids.parse(search, "search");
        UUID comparisonId = Ids.parse(comparison, "comparison");
        return commands.vote(searchId, comparisonId, voter(), vote.choice(), vote.comment())
                .map(voted -> {
                    announce(searchId, voted);
                    return new VoteView(
                            comparison,
                            voted.choice().label(),
                            voted.comment(),
                            voted.tally().total());
                });
    }

    @DELETE
    @Path("/comparisons/{comparison}/vote")
    @RolesAllowed(Role.VOTER_NAME)
    @APIResponse(responseCode = "204", description = "withdrawn")
    public Uni<Response> withdraw(@PathParam("search") String search, @PathParam("comparison") String comparison) {
        UUID searchId = Ids.parse(search, "search");
        UUID comparisonId = Ids.parse(comparison, "comparison");
        return commands.withdraw(searchId, comparisonId, voter()).map(voted -> {
            announce(searchId, voted);
            return Response.noContent().build();
        });
    }

    /** Bradley-Terry strengths of the voted candidates per iteration, from the live votes. */
    @GET
    @Path("/preferences")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<List<PreferenceView>> preferences(@PathParam("search") String search) {
        return views.preferences(Ids.parse(search, "search"));
    }

    private Voter voter() {
        return new Voter(Identities.userId(identity), identity.getPrincipal().getName());
    }

    /** Sends the comparison's new tally and the search's live vote count to the search's live viewers. */
    private void announce(UUID search, Voted voted) {
        live.votes(
                search.toString(),
                voted.comparison().toString(),
                voted.restart(),
                voted.iteration(),
                voted.tally(),
                voted.searchVotes());
    }
}
