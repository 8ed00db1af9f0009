package dev.rewardsmith.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.LlmConnectionCommands;
import dev.rewardsmith.llm.Exchanges;
import dev.rewardsmith.llm.LlmConnections;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.propose.IterationUsage;
import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.work.SearchService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * LLM connections and exchanges: whether a model is configured (viewer), the connection names (operator), their
 * settings and changes (admin; the API key is write-only), and what a search's model exchanges cost (viewer).
 */
@Path("/api/llm")
@Produces(MediaType.APPLICATION_JSON)
public class LlmResource {

    /** What the new-search form needs: which proposers, which connections, and what a search gets by default. */
    public record Status(
            boolean configured,
            dev.rewardsmith.search.ProposerKind defaultProposer,
            List<dev.rewardsmith.search.ProposerKind> proposers,
            List<ConnectionName> connections) {}

    public record ConnectionName(String name, String model, boolean configured) {}

    /** A connection as an admin sees it: everything but the key. */
    public record ConnectionView(
            String name,
            String baseUrl,
            boolean hasApiKey,
            String apiVersion,
            String model,
            double temperature,
            Integer maxTokens,
            String nPerRequest,
            double timeoutSeconds,
            int concurrency,
            int maxRetries,
            boolean configured) {}

    /**
     * A connection as an admin writes it; {@code apiKey} absent keeps the stored key (refused, 400, when the base
     * URL moves to another host), "" removes it.
     */
    public record ConnectionRequest(
            @NotBlank @Size(max = 2048) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
                    String baseUrl,
            @Size(max = 4096) String apiKey,
            @Size(max = 32) String apiVersion,
            @NotBlank @Size(max = 128) String model,
            @DecimalMin("0") @DecimalMax("2") Double temperature,
            @Min(1) @Max(1_000_000) Integer maxTokens,
            @Pattern(regexp = "auto|yes|no", message = "must be auto, yes or no") String nPerRequest,
            @DecimalMin("0.05") @DecimalMax("3600") Double timeoutSeconds,
            @Min(1) @Max(256) Integer concurrency,
            @Min(0) @Max(10) Integer maxRetries) {

        /** Without the key. */
        @Override
        public String toString() {
            return "ConnectionRequest[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "absent" : "***")
                    + ", model=" + model + "]";
        }
    }

    @Schema(name = "SearchUsage", description = "tokens and cost per iteration, and every exchange of a search")
    public record Usage(List<IterationUsage> iterations, List<ExchangeSummary> exchanges) {}

    public record ExchangeSummary(
            String id,
            int restart,
            int iteration,
            int round,
            String model,
            Integer status,
            String error,
            int choices,
            int promptTokens,
            int completionTokens,
            double cost,
            long latencyMillis,
            Instant createdAt) {}

    @Inject
    LlmConnections connections;

    @Inject
    LlmConnectionCommands commands;

    @Inject
    SearchService service;

    @Inject
    Exchanges exchanges;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /** Everyone may see whether a model is configured; connection names are for operators. */
    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Status status() {
        return new Status(
                !connections.all().isEmpty(),
                service.defaultProposer(),
                service.proposers(),
                identity.hasRole(Role.OPERATOR_NAME) ? names() : List.of());
    }

    @GET
    @Path("/connections")
    @RolesAllowed(Role.OPERATOR_NAME)
    public List<ConnectionName> names() {
        return connections.all().stream()
                .map(c -> new ConnectionName(c.name(), c.model(), c.configured()))
                .toList();
    }

    @GET
    @Path("/connections/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    public ConnectionView get(@PathParam("name") String name) {
        return view(connections.find(name).orElseThrow(() -> new NotFoundException("no connection " + name)));
    }

    @PUT
    @Path("/connections/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the changed connection",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ConnectionView.class)))
    @APIResponse(
            responseCode = "201",
            description = "the new connection",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ConnectionView.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid settings",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "the connection cannot be changed",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> put(@PathParam("name") String name, @Valid @NotNull ConnectionRequest r) {
        var settings = new LlmConnectionCommands.Settings(
                r.baseUrl(),
                r.apiKey(),
                r.apiVersion(),
                r.model(),
                r.temperature(),
                r.maxTokens(),
                r.nPerRequest(),
                r.timeoutSeconds(),
                r.concurrency(),
                r.maxRetries());
        return commands.put(name, settings)
                .map(result -> Refusals.respond(
                        result,
                        saved -> saved.created()
                                ? Response.created(URI.create("/api/llm/connections/" + name))
                                        .entity(view(saved.connection()))
                                        .build()
                                : Response.ok(view(saved.connection())).build()));
    }

    @DELETE
    @Path("/connections/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(
            responseCode = "409",
            description = "the connection cannot be deleted",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> delete(@PathParam("name") String name) {
        return commands.delete(name)
                .map(result ->
                        Refusals.respond(result, ignored -> Response.noContent().build()));
    }

    /** Tokens and cost per iteration, and every exchange of a search (without the texts). */
    @GET
    @Path("/searches/{id}/usage")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<Usage> usage(@PathParam("id") String id) {
        var searchId = SearchResource.parse(id, "search");
        return exchanges.usage(searchId).flatMap(iterations -> exchanges
                .ofSearch(searchId)
                .map(list -> new Usage(
                        iterations, list.stream().map(LlmResource::summary).toList())));
    }

    private static ExchangeSummary summary(Exchange e) {
        return new ExchangeSummary(
                e.id(),
                e.restart(),
                e.iteration(),
                e.round(),
                e.model(),
                e.status(),
                e.error(),
                e.choices(),
                e.promptTokens(),
                e.completionTokens(),
                e.cost(),
                e.latencyMillis(),
                e.createdAt());
    }

    private static ConnectionView view(LlmConnection c) {
        return new ConnectionView(
                c.name(),
                c.baseUrl(),
                c.apiKey() != null,
                c.apiVersion(),
                c.model(),
                c.temperature(),
                c.maxTokens(),
                c.nPerRequest().label(),
                c.timeout().toMillis() / 1000.0,
                c.concurrency(),
                c.maxRetries(),
                c.configured());
    }

    /** The exchange as the candidate page shows it: the request's messages parsed, the response as it came. */
    public record ExchangeView(
            String id,
            String search,
            int restart,
            int iteration,
            int round,
            String connection,
            String model,
            JsonNode request,
            String response,
            Integer status,
            String error,
            int choices,
            List<String> finishReasons,
            int promptTokens,
            int completionTokens,
            boolean usageEstimated,
            double cost,
            long latencyMillis,
            int attempts,
            Instant createdAt) {

        static ExchangeView of(Exchange e, ObjectMapper json) {
            JsonNode request;
            try {
                request = json.readTree(e.request());
            } catch (JsonProcessingException ex) {
                request = json.getNodeFactory().textNode(e.request());
            }
            return new ExchangeView(
                    e.id(),
                    e.searchId(),
                    e.restart(),
                    e.iteration(),
                    e.round(),
                    e.connection(),
                    e.model(),
                    request,
                    e.response(),
                    e.status(),
                    e.error(),
                    e.choices(),
                    e.finishReasons(),
                    e.promptTokens(),
                    e.completionTokens(),
                    e.usageEstimated(),
                    e.cost(),
                    e.latencyMillis(),
                    e.attempts(),
                    e.createdAt());
        }
    }
}
