package dev.rewardsmith.api;

import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.Ids;
import dev.rewardsmith.app.InvalidInput;
import dev.rewardsmith.app.SearchCommands;
import dev.rewardsmith.app.SearchViews;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Searches: create (operator), list and read (viewer), pause, resume, cancel and fork (operator), export (viewer)
 * and import (operator). Creating with an {@code Idempotency-Key} twice creates one search. The rules are in
 * {@link SearchCommands} and {@link SearchViews}; this maps HTTP to them.
 */
@Path("/api/searches")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    public record Fork(@NotBlank String candidate) {}

    public record Page<T>(List<T> items, int page, int size, long total) {}

    @Inject
    SearchViews views;

    @Inject
    SearchCommands commands;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the new search",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SearchViews.SearchView.class)))
    @APIResponse(
            responseCode = "200",
            description = "the search an earlier request with the same Idempotency-Key created",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SearchViews.SearchView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> create(
            @Valid @NotNull SearchCommands.CreateSearch request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return commands.create(request, idempotencyKey, actor())
                .map(created -> created.replayed()
                        ? Response.ok(created.view())
                                .header("Idempotent-Replayed", "true")
                                .build()
                        : created(created.view()));
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<Page<SearchViews.SearchListItem>> list(
            @QueryParam("task") String task,
            @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        SearchState filter = state == null
                ? null
                : SearchState.parse(state)
                        .orElseThrow(() -> new InvalidInput("state", "state: unknown state '" + state + "'"));
        return views.list(task, filter, page, size)
                .map(listing -> new Page<>(listing.items(), page, size, listing.total()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<SearchViews.SearchView> get(@PathParam("id") String id) {
        return views.search(parse(id, "search"));
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<SearchViews.SearchView> pause(@PathParam("id") String id) {
        return commands.pause(parse(id, "search"));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<SearchViews.SearchView> resume(@PathParam("id") String id) {
        return commands.resume(parse(id, "search"));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<SearchViews.SearchView> cancel(@PathParam("id") String id) {
        return commands.cancel(parse(id, "search"));
    }

    @POST
    @Path("/{id}/fork")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "the new search, forked from the candidate",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SearchViews.SearchView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> fork(@PathParam("id") String id, @Valid @NotNull Fork request) {
        UUID search = parse(id, "search");
        UUID candidate = parse(request.candidate(), "candidate");
        return commands.fork(search, candidate, actor()).map(SearchResource::created);
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("application/zip")
    @APIResponse(
            responseCode = "200",
            description = "the search as a zip bundle",
            content =
                    @Content(
                            mediaType = "application/zip",
                            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> export(@PathParam("id") String id) {
        return views.export(parse(id, "search")).map(zip -> Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"search-" + id + ".zip\"")
                .build());
    }

    /** Imports an exported bundle as a new search (a record: it does not run again). */
    @POST
    @Path("/import")
    @RolesAllowed(Role.OPERATOR_NAME)
    // any type is accepted here and checked below, so a caller without credentials gets 401, not 415
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "201",
            description = "the imported search",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SearchViews.SearchView.class)))
    @APIResponse(
            responseCode = "400",
            description = "not a readable bundle",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "415",
            description = "not sent as application/zip",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> importBundle(@HeaderParam("Content-Type") String contentType, byte[] zip) {
        if (contentType == null
                || !(contentType.startsWith("application/zip") || contentType.startsWith("application/octet-stream"))) {
            return Uni.createFrom()
                    .item(ErrorMappers.error(415, "send the bundle as application/zip (an exported search's zip)"));
        }
        return commands.importBundle(zip, actor()).map(SearchResource::created);
    }

    /** The path's id; 404 when it is not a UUID (for the other resources too). */
    static UUID parse(String id, String what) {
        return Ids.parse(id, what);
    }

    private SearchCommands.Actor actor() {
        return new SearchCommands.Actor(identity.getPrincipal().getName(), Identities.userId(identity));
    }

    private static Response created(SearchViews.SearchView view) {
        return Response.created(URI.create("/api/searches/" + view.id()))
                .entity(view)
                .build();
    }
}
