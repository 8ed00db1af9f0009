package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.ExportConfig;
import dev.rewardsmith.app.Ids;
import dev.rewardsmith.app.InvalidInput;
import dev.rewardsmith.app.RolloutExports;
import dev.rewardsmith.feedback.video.InvalidFrameException;
import dev.rewardsmith.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Recorded episodes (viewer): {@code GET /api/rollouts/{id}} is one episode with its frames (drawing primitives)
 * and per-step state, action, reward and components (see docs/architecture.md, API and live stream);
 * {@code /export.gif} and {@code /export.mp4} are the same frames as a video, optionally side by side with
 * another rollout of the task ({@code ?with=}); docs/export.md.
 */
@Path("/api/rollouts")
@RolesAllowed(Role.VIEWER_NAME)
public class RolloutResource {

    private static final Logger LOG = Logger.getLogger(RolloutResource.class);

    @Inject
    RolloutExports exports;

    @Inject
    ExportConfig exportConfig;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the episode: frames and steps",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<String> get(@PathParam("id") String id) {
        return exports.json(Ids.parse(id, "rollout"));
    }

    @GET
    @Path("/{id}/export.gif")
    @Produces({"image/gif", MediaType.APPLICATION_JSON})
    @APIResponse(
            responseCode = "200",
            description = "the animated GIF",
            content = @Content(mediaType = "image/gif", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "503",
            description = "too many exports at once; retry later",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> gif(@PathParam("id") String id, @QueryParam("with") String with) {
        return export(RolloutExports.Format.GIF, id, with);
    }

    @GET
    @Path("/{id}/export.mp4")
    @Produces({"video/mp4", MediaType.APPLICATION_JSON})
    @APIResponse(
            responseCode = "200",
            description = "the MP4 video",
            content = @Content(mediaType = "video/mp4", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "503",
            description = "too many exports at once; retry later",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> mp4(@PathParam("id") String id, @QueryParam("with") String with) {
        return export(RolloutExports.Format.MP4, id, with);
    }

    private Uni<Response> export(RolloutExports.Format format, String id, String with) {
        UUID left = uuid("id", id);
        UUID right = with == null ? null : uuid("with", with);
        return exports.export(format, left, right)
                .map(video -> Response.ok(video, format.mediaType)
                        .header("Content-Disposition", "attachment; filename=\"" + filename(left, right, format) + "\"")
                        .build())
                .onFailure(RolloutExports.Busy.class)
                .recoverWithItem(e -> Response.fromResponse(ErrorMappers.error(503, e.getMessage()))
                        .header("Retry-After", exportConfig.retryAfterSeconds())
                        .build())
                .onFailure(InvalidFrameException.class)
                .recoverWithItem(e -> {
                    // recorded by this server, so a bug rather than bad input: logged, with the reason for the caller
                    LOG.errorf(e, "rollout %s cannot be exported", id);
                    return ErrorMappers.error(500, "rollout " + id + " cannot be exported: " + e.getMessage());
                });
    }

    /** {@code rollout-<first 8 of id>[-vs-<first 8 of with>].<ext>} */
    static String filename(UUID left, UUID right, RolloutExports.Format format) {
        String name = "rollout-" + left.toString().substring(0, 8);
        if (right != null) name += "-vs-" + right.toString().substring(0, 8);
        return name + "." + format.extension;
    }

    private static UUID uuid(String parameter, String value) {
        return Ids.find(value)
                .orElseThrow(() ->
                        new InvalidInput(parameter, parameter + ": '" + value + "' is not a rollout id (a UUID)"));
    }
}
