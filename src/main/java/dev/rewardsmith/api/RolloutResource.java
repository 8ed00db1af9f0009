package dev.rewardsmith.api;

import dev.rewardsmith.security.Role;
import dev.rewardsmith.store.Rollouts;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Recorded episodes (viewer): {@code GET /api/rollouts/{id}} is one episode with its frames (drawing primitives)
 * and per-step state, action, reward and components, as DESIGN.md's API contract shapes it.
 */
@Path("/api/rollouts")
@RolesAllowed(Role.VIEWER_NAME)
public class RolloutResource {

    @Inject
    Rollouts rollouts;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> get(@PathParam("id") String id) {
        return rollouts.json(SearchResource.parse(id, "rollout")).map(json -> {
            if (json == null) throw new NotFoundException("no rollout " + id);
            return json;
        });
    }
}
