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

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<SearchViews.CandidateView> get(@PathParam("id") String id) {
        return views.candidate(SearchResource.parse(id, "candidate"));
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
