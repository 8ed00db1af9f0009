package dev.rewardsmith.api;

import dev.rewardsmith.app.WorkerViews;
import dev.rewardsmith.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The workers that train this server's searches: name, cores, running jobs, last heartbeat. */
@Path("/api/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {

    @Inject
    WorkerViews views;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<WorkerViews.WorkerView> workers() {
        return views.workers();
    }
}
