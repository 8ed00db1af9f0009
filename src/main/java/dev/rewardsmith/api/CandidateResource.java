package dev.rewardsmith.api;

import dev.rewardsmith.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** One candidate: its program, diff against its parent, problems, reflection and metrics (viewer). */
@Path("/api/candidates")
@RolesAllowed(Role.VIEWER_NAME)
public class CandidateResource {

    @Inject
    SearchViews views;

    @Inject
    dev.rewardsmith.propose.ExchangeStore exchanges;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<SearchViews.CandidateView> get(@PathParam("id") String id) {
        return views.candidate(SearchResource.parse(id, "candidate"));
    }

    /** The model exchange the candidate's response came from; 404 when it had none (no LLM). */
    @GET
    @Path("/{id}/exchange")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<LlmResource.ExchangeView> exchange(@PathParam("id") String id) {
        java.util.UUID uuid = SearchResource.parse(id, "candidate");
        return dev.rewardsmith.store.CandidateEntity.<dev.rewardsmith.store.CandidateEntity>findById(uuid)
                .flatMap(c -> {
                    if (c == null) throw new jakarta.ws.rs.NotFoundException("no candidate " + id);
                    if (c.exchangeId == null) {
                        throw new jakarta.ws.rs.NotFoundException("candidate " + id + " was not proposed by a model");
                    }
                    return exchanges.find(c.exchangeId);
                })
                .map(e -> {
                    if (e == null) throw new jakarta.ws.rs.NotFoundException("the exchange of " + id + " is gone");
                    return LlmResource.ExchangeView.of(e, json);
                });
    }

    @Inject
    dev.rewardsmith.store.Rollouts rollouts;

    /** The recorded episodes of the candidate's best checkpoint, one per rollout seed of its search. */
    @GET
    @Path("/{id}/rollouts")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<java.util.List<dev.rewardsmith.store.Rollouts.Summary>> rollouts(@PathParam("id") String id) {
        return rollouts.of(SearchResource.parse(id, "candidate"));
    }

    /** The program as a file to download. */
    @GET
    @Path("/{id}/program")
    @Produces(MediaType.TEXT_PLAIN)
    @WithSession
    public Uni<Response> program(@PathParam("id") String id) {
        return views.candidate(SearchResource.parse(id, "candidate")).map(c -> {
            String text = c.program() != null ? c.program() : c.response();
            return Response.ok(text)
                    .header("Content-Disposition", "attachment; filename=\"reward-" + c.id() + ".java\"")
                    .build();
        });
    }
}
