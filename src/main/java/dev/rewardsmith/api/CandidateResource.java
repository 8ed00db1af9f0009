package dev.rewardsmith.api;

import dev.rewardsmith.app.Ids;
import dev.rewardsmith.app.SearchViews;
import dev.rewardsmith.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One candidate: its program, diff against its parent, problems, reflection, metrics, model exchange and rollouts
 * (viewer), and the team's notes on it (voter). The views are {@link SearchViews}'.
 */
@Path("/api/candidates")
@RolesAllowed(Role.VIEWER_NAME)
public class CandidateResource {

    @Inject
    SearchViews views;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<SearchViews.CandidateView> get(@PathParam("id") String id) {
        return views.candidate(Ids.parse(id, "candidate"));
    }

    /** The model exchange the candidate's response came from; 404 when it had none (no LLM). */
    @GET
    @Path("/{id}/exchange")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LlmResource.ExchangeView> exchange(@PathParam("id") String id) {
        return views.exchange(Ids.parse(id, "candidate")).map(e -> LlmResource.ExchangeView.of(e, json));
    }

    /** The recorded episodes of the candidate's best checkpoint, one per rollout seed of its search. */
    @GET
    @Path("/{id}/rollouts")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<java.util.List<dev.rewardsmith.store.Rollouts.Summary>> rollouts(@PathParam("id") String id) {
        return views.rollouts(Ids.parse(id, "candidate"));
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    public record NoteRequest(
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000) String text) {}

    public record Note(String author, String text, java.time.OffsetDateTime createdAt) {}

    /** A team note on a candidate (voter): it enters the next prompt when the candidate is selected. */
    @jakarta.ws.rs.POST
    @Path("/{id}/notes")
    @RolesAllowed(Role.VOTER_NAME)
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> addNote(
            @PathParam("id") String id,
            @jakarta.validation.Valid @jakarta.validation.constraints.NotNull NoteRequest r) {
        java.util.UUID candidate = Ids.parse(id, "candidate");
        String author = identity.getPrincipal().getName();
        return pool.preparedQuery("insert into notes (candidate_id, author, text) select id, $2, $3 from candidates"
                        + " where id = $1 returning created_at")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(
                        candidate, author, r.text().strip()))
                .map(rows -> {
                    if (rows.size() == 0) throw new jakarta.ws.rs.NotFoundException("no candidate " + id);
                    var at = rows.iterator().next().getOffsetDateTime("created_at");
                    return Response.status(201)
                            .entity(new Note(author, r.text().strip(), at))
                            .build();
                });
    }

    @GET
    @Path("/{id}/notes")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<java.util.List<Note>> notes(@PathParam("id") String id) {
        java.util.UUID candidate = Ids.parse(id, "candidate");
        return pool.preparedQuery("select author, text, created_at from notes where candidate_id = $1 order by id")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(candidate))
                .map(rows -> {
                    java.util.List<Note> out = new java.util.ArrayList<>();
                    for (var row : rows) {
                        out.add(new Note(
                                row.getString("author"), row.getString("text"), row.getOffsetDateTime("created_at")));
                    }
                    return out;
                });
    }

    /** The program as a file to download. */
    @GET
    @Path("/{id}/program")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<Response> program(@PathParam("id") String id) {
        return views.candidate(Ids.parse(id, "candidate")).map(c -> {
            String text = c.program() != null ? c.program() : c.response();
            return Response.ok(text)
                    .header("Content-Disposition", "attachment; filename=\"reward-" + c.id() + ".java\"")
                    .build();
        });
    }
}
