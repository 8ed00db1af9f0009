package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.FeedbackCommands.Voter;
import dev.rewardsmith.app.HumanReflections;
import dev.rewardsmith.app.HumanReflections.ReflectionView;
import dev.rewardsmith.app.Ids;
import dev.rewardsmith.live.SearchLive;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Human reflections over HTTP (Eureka-HF, docs/llm.md, Human reflection): a voter writes the reflection a search
 * waits for (as a vote is cast: same role, announced on the search's live stream), a viewer lists them. The rules
 * are in app/HumanReflections.
 */
@Path("/api/searches/{search}/reflections")
@Produces(MediaType.APPLICATION_JSON)
public class ReflectionResource {

    @Inject
    HumanReflections reflections;

    @Inject
    SecurityIdentity identity;

    @Inject
    SearchLive live;

    /** Every reflection the search waited for, in order of restart and iteration, with the text when written. */
    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<List<ReflectionView>> list(@PathParam("search") String search) {
        return reflections.list(Ids.parse(search, "search"));
    }

    @POST
    @RolesAllowed(Role.VOTER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the reflection as stored; the search goes on with it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReflectionView.class)))
    @APIResponse(
            responseCode = "400",
            description = "no iteration, or a blank or too long text",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "the search does not wait for a reflection for that iteration",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> write(@PathParam("search") String search, @NotNull HumanReflections.WriteReflection body) {
        UUID searchId = Ids.parse(search, "search");
        Voter author =
                new Voter(Identities.userId(identity), identity.getPrincipal().getName());
        return reflections
                .write(searchId, author, body)
                .map(result -> Refusals.respond(result, written -> {
                    live.reflectionWritten(searchId.toString(), written);
                    return Response.status(Response.Status.CREATED)
                            .entity(written)
                            .build();
                }));
    }
}
