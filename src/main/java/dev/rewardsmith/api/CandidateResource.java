package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.FeedbackCommands;
import dev.rewardsmith.app.FeedbackViews;
import dev.rewardsmith.app.Ids;
import dev.rewardsmith.app.SearchViews;
import dev.rewardsmith.llm.Exchanges;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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

    /**
     * The model exchange the candidate's response came from; 404 when it had none (no LLM). The body of a failed
     * exchange is for operators only.
     */
    @GET
    @Path("/{id}/exchange")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the exchange",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LlmResource.ExchangeView.class)))
    @APIResponse(
            responseCode = "404",
            description = "no such candidate, or it had no model exchange",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<LlmResource.ExchangeView> exchange(@PathParam("id") String id) {
        boolean operator = identity.hasRole(Role.OPERATOR_NAME);
        return views.exchange(Ids.parse(id, "candidate"))
                .map(e -> LlmResource.ExchangeView.of(Exchanges.shownTo(e, operator), json));
    }

    /** The recorded episodes of the candidate's best checkpoint, one per rollout seed of its search. */
    @GET
    @Path("/{id}/rollouts")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<java.util.List<SearchViews.RolloutSummary>> rollouts(@PathParam("id") String id) {
        return views.rollouts(Ids.parse(id, "candidate"));
    }

    @Inject
    FeedbackCommands feedback;

    @Inject
    FeedbackViews feedbackViews;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    public record NoteRequest(
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000) String text) {}

    /** A team note on a candidate (voter): it enters the next prompt when the candidate is selected. */
    @jakarta.ws.rs.POST
    @Path("/{id}/notes")
    @RolesAllowed(Role.VOTER_NAME)
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the note",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FeedbackViews.Note.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid note",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> addNote(
            @PathParam("id") String id,
            @jakarta.validation.Valid @jakarta.validation.constraints.NotNull NoteRequest r) {
        return feedback.note(Ids.parse(id, "candidate"), identity.getPrincipal().getName(), r.text())
                .map(note -> Response.status(201).entity(note).build());
    }

    @GET
    @Path("/{id}/notes")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<java.util.List<FeedbackViews.Note>> notes(@PathParam("id") String id) {
        return feedbackViews.notes(Ids.parse(id, "candidate"));
    }

    /** The program as a file to download. */
    @GET
    @Path("/{id}/program")
    @Produces(MediaType.TEXT_PLAIN)
    @APIResponse(
            responseCode = "200",
            description = "the program as a .java file",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    public Uni<Response> program(@PathParam("id") String id) {
        return views.candidate(Ids.parse(id, "candidate")).map(c -> {
            String text = c.program() != null ? c.program() : c.response();
            return Response.ok(text)
                    .header("Content-Disposition", "attachment; filename=\"reward-" + c.id() + ".java\"")
                    .build();
        });
    }
}
