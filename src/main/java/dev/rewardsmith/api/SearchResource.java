package dev.rewardsmith.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewardsmith.llm.LlmConnections;
import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.store.CandidateEntity;
import dev.rewardsmith.store.SearchBundles;
import dev.rewardsmith.store.SearchEntity;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.SearchService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Searches: create (operator), list and read (viewer), pause, resume, cancel and fork (operator). Creating with
 * an {@code Idempotency-Key} twice creates one search.
 */
@Path("/api/searches")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    /** PPO budget cap per training on a shared server. */
    static final long MAX_TOTAL_TIMESTEPS = 50_000_000;

    public record CreateSearch(
            @NotBlank @Size(max = 64) String task,
            ProposerKind proposer,
            @Min(1) @Max(SearchSpec.MAX_SAMPLES) Integer samples,
            @Min(1) @Max(SearchSpec.MAX_ITERATIONS) Integer iterations,
            @Min(1) @Max(SearchSpec.MAX_RESTARTS) Integer restarts,
            @Min(0) @Max(SearchSpec.MAX_EVAL_SEEDS) Integer evalSeeds,
            Long seed,
            SelectionMode selection,
            Boolean humanInit,
            @Size(max = 16384) String program,
            @Size(max = 64) String finetuneFrom,
            @Size(max = 64) String connection,
            @Size(max = 128) String model,
            Map<String, Object> ppo,
            @Min(1) Long tokenBudget,
            @jakarta.validation.constraints.Positive Double costBudget,
            @Size(max = 64) String replayOf,
            @Valid Preference preference) {}

    /** Voting settings of a preference or mixed search (see {@link SearchSpec.Preference}). */
    public record Preference(
            @Min(1) @Max(1000) Integer votes,
            @Min(0) @Max(86_400) Integer timeoutSeconds,
            @jakarta.validation.constraints.DecimalMin("0") @jakarta.validation.constraints.DecimalMax("1")
                    Double weight) {}

    public record Fork(@NotBlank String candidate) {}

    public record Page<T>(List<T> items, int page, int size, long total) {}

    @Inject
    SearchViews views;

    @Inject
    SearchBundles bundles;

    @Inject
    dev.rewardsmith.store.Checkpoints checkpoints;

    @Inject
    SearchService service;

    @Inject
    TaskRegistry tasks;

    @Inject
    RewardCompiler compiler;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    @Inject
    LlmConnections connections;

    private List<String> connectionNames() {
        return connections.all().stream().map(LlmConnection::name).toList();
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(
            @Valid @NotNull CreateSearch request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            return Uni.createFrom().item(ErrorMappers.error(400, "Idempotency-Key must be 1 to 128 characters"));
        }
        if (request.proposer() == ProposerKind.REPLAY) return createReplay(request, idempotencyKey);
        SearchSpec spec;
        try {
            spec = spec(request);
        } catch (BadRequest e) {
            return Uni.createFrom().item(ErrorMappers.error(400, e.getMessage()));
        }
        return create(spec, idempotencyKey);
    }

    /**
     * A replay takes the spec of the search it replays (same task, budget, seed and PPO settings), so its
     * trainings and rounds are those of the original.
     */
    private Uni<Response> createReplay(CreateSearch request, String idempotencyKey) {
        if (request.replayOf() == null) {
            return Uni.createFrom().item(ErrorMappers.error(400, "replayOf: a replay names the search it replays"));
        }
        if (request.connection() != null || request.model() != null) {
            return Uni.createFrom().item(ErrorMappers.error(400, "connection and model apply to the llm proposer"));
        }
        UUID sourceId;
        try {
            sourceId = UUID.fromString(request.replayOf());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ErrorMappers.error(400, "replayOf: no search " + request.replayOf()));
        }
        return Panache.withSession(() -> SearchEntity.<SearchEntity>findById(sourceId))
                .flatMap(source -> {
                    if (source == null) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(400, "replayOf: no search " + request.replayOf()));
                    }
                    if (!source.task.equals(request.task())) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(
                                        400,
                                        "task: search " + source.id + " ran on '" + source.task
                                                + "'; a replay runs on the same task"));
                    }
                    SearchSpec s =
                            views.read(source.spec, new com.fasterxml.jackson.core.type.TypeReference<SearchSpec>() {});
                    if (s.proposer().singleProgram()) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(400, "replayOf: a human search has nothing to replay"));
                    }
                    SearchSpec spec = s.replayOf(source.id.toString());
                    return create(spec, idempotencyKey);
                });
    }

    private Uni<Response> create(SearchSpec spec, String idempotencyKey) {
        long userId = Identities.userId(identity);
        if (spec.finetuneFrom() != null) {
            Task task = tasks.find(spec.task()).orElseThrow();
            return checkpoints.policy(spec.finetuneFrom()).flatMap(policy -> {
                String problem = fits(policy, task, spec.finetuneFrom());
                if (problem != null) return Uni.createFrom().item(ErrorMappers.error(400, "finetuneFrom: " + problem));
                return idempotent(spec, userId, idempotencyKey);
            });
        }
        return idempotent(spec, userId, idempotencyKey);
    }

    /** Why a stored policy cannot start this task's trainings; null when it can. */
    static String fits(byte[] policy, Task task, String candidate) {
        if (policy == null) return "candidate " + candidate + " has no stored checkpoint (it must have been trained)";
        dev.rewardsmith.rl.Policy p;
        try {
            p = dev.rewardsmith.rl.Policy.fromBytes(policy);
        } catch (IllegalArgumentException e) {
            return "the checkpoint of candidate " + candidate + " cannot be read: " + e.getMessage();
        }
        if (p.observationSize() != task.observationSize() || !p.actionSpace().equals(task.actionSpace())) {
            return "the checkpoint of candidate " + candidate + " takes " + p.observationSize() + " observations and "
                    + p.actionSpace() + "; " + task.id() + " has " + task.observationSize() + " and "
                    + task.actionSpace();
        }
        return null;
    }

    private Uni<Response> idempotent(SearchSpec spec, long userId, String idempotencyKey) {
        if (idempotencyKey == null) return insert(spec, userId, null, null);
        return Panache.withSession(() -> SearchEntity.<SearchEntity>find(
                                "createdById = ?1 and idempotencyKey = ?2", userId, idempotencyKey)
                        .firstResult())
                .flatMap(existing -> existing != null
                        ? replay(existing.id)
                        : insert(spec, userId, idempotencyKey, null)
                                .onFailure(SearchResource::uniqueViolation)
                                .recoverWithUni(e -> Panache.withSession(() -> SearchEntity.<SearchEntity>find(
                                                        "createdById = ?1 and idempotencyKey = ?2",
                                                        userId,
                                                        idempotencyKey)
                                                .firstResult())
                                        .flatMap(raced -> replay(raced.id))));
    }

    private Uni<Response> replay(UUID id) {
        return Panache.withSession(() -> views.search(id))
                .map(view ->
                        Response.ok(view).header("Idempotent-Replayed", "true").build());
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("duplicate key")) return true;
        }
        return false;
    }

    private Uni<Response> insert(SearchSpec spec, long userId, String idempotencyKey, UUID forkedFrom) {
        SearchEntity s = new SearchEntity();
        s.id = UUID.randomUUID();
        s.task = spec.task();
        s.proposer = spec.proposer().label();
        s.selection = spec.selection().label();
        s.state = SearchState.QUEUED.label();
        s.spec = write(spec);
        s.samples = spec.samples();
        s.iterations = spec.iterations();
        s.restarts = spec.restarts();
        s.seed = spec.seed();
        s.createdBy = identity.getPrincipal().getName();
        s.createdById = userId;
        s.idempotencyKey = idempotencyKey;
        s.forkedFrom = forkedFrom;
        s.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        s.updatedAt = s.createdAt;
        return Panache.withTransaction(s::persist)
                .invoke(() -> service.start(s.id.toString(), spec))
                .flatMap(ignored -> Panache.withSession(() -> views.search(s.id)))
                .map(view -> Response.created(URI.create("/api/searches/" + view.id()))
                        .entity(view)
                        .build());
    }

    /** Validates a create request against the task and turns it into a spec; the message names the field. */
    SearchSpec spec(CreateSearch r) {
        Task task = tasks.find(r.task())
                .orElseThrow(() -> new BadRequest("task: unknown task '" + r.task() + "'; known tasks: "
                        + tasks.all().stream().map(Task::id).toList()));
        ProposerKind proposer = r.proposer() == null ? service.defaultProposer() : r.proposer();
        if (!service.proposers().contains(proposer)) {
            String why = proposer == ProposerKind.LLM
                    ? " (no LLM connection is configured: set REWARDSMITH_LLM_BASE_URL and REWARDSMITH_LLM_MODEL,"
                            + " or ask an admin to add a connection)"
                    : "";
            throw new BadRequest("proposer: '" + proposer.label() + "' is not available on this server" + why
                    + "; available: "
                    + service.proposers().stream().map(ProposerKind::label).toList());
        }
        SelectionMode selection = r.selection() == null ? SelectionMode.FITNESS : r.selection();
        if (r.preference() != null && !selection.usesVotes()) {
            throw new BadRequest("preference: applies to the preference and mixed selections only");
        }
        SearchSpec.Preference preference = null;
        if (selection.usesVotes()) {
            SearchSpec.Preference d = SearchSpec.Preference.DEFAULT;
            var p = r.preference();
            preference = new SearchSpec.Preference(
                    p == null || p.votes() == null ? d.votes() : p.votes(),
                    p == null || p.timeoutSeconds() == null ? d.timeoutSeconds() : p.timeoutSeconds(),
                    p == null || p.weight() == null ? d.weight() : p.weight());
        }
        SearchSpec.Llm llm = null;
        if (proposer == ProposerKind.LLM) {
            String name = r.connection() != null
                    ? r.connection()
                    : connections.fallback().map(LlmConnection::name).orElse(null);
            if (name == null) {
                throw new BadRequest("connection: name the LLM connection to use; known: " + connectionNames());
            }
            if (connections.find(name).isEmpty()) {
                throw new BadRequest("connection: unknown connection '" + name + "'; known: " + connectionNames());
            }
            llm = new SearchSpec.Llm(name, r.model(), r.tokenBudget(), r.costBudget());
        } else if (r.connection() != null || r.model() != null || r.tokenBudget() != null || r.costBudget() != null) {
            throw new BadRequest("connection, model, tokenBudget and costBudget apply to the llm proposer only");
        }
        if (r.replayOf() != null) throw new BadRequest("replayOf: applies to the replay proposer only");
        boolean humanInit = Boolean.TRUE.equals(r.humanInit()) || proposer == ProposerKind.HUMAN;
        String program = null;
        if (r.program() != null) {
            if (!humanInit) throw new BadRequest("program: a pasted program needs humanInit: true");
            switch (compiler.compile(r.program(), task.stateType())) {
                case CompileResult.Compiled c -> program = c.reward().source();
                case CompileResult.Rejected rejected ->
                    throw new BadRequest("program: rejected: "
                            + String.join(
                                    "; ",
                                    rejected.problems().stream()
                                            .map(Object::toString)
                                            .toList()));
            }
        }
        int iterations = r.iterations() == null ? (proposer.singleProgram() ? 1 : 3) : r.iterations();
        if (proposer.singleProgram() && iterations != 1) {
            throw new BadRequest("iterations: a human search has one iteration (its program)");
        }
        PpoConfig ppo = ppo(task.ppoDefaults(), r.ppo());
        try {
            return new SearchSpec(
                    task.id(),
                    proposer,
                    r.samples() == null ? 4 : r.samples(),
                    iterations,
                    r.restarts() == null ? 1 : r.restarts(),
                    r.evalSeeds() == null ? 5 : r.evalSeeds(),
                    r.seed() == null ? 1 : r.seed(),
                    selection,
                    humanInit,
                    program,
                    ppo,
                    r.finetuneFrom() == null || r.finetuneFrom().isBlank()
                            ? null
                            : r.finetuneFrom().strip(),
                    llm,
                    null,
                    preference);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** The task's PPO defaults with the request's overrides, validated by {@link PpoConfig}. */
    PpoConfig ppo(PpoConfig defaults, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) return defaults;
        ObjectNode node = json.valueToTree(defaults);
        List<String> known = new ArrayList<>();
        node.fieldNames().forEachRemaining(known::add);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (!node.has(e.getKey())) {
                throw new BadRequest("ppo: unknown field '" + e.getKey() + "'; known fields: " + known);
            }
            JsonNode value = json.valueToTree(e.getValue());
            if (value == null || value.isNull()) throw new BadRequest("ppo." + e.getKey() + ": must not be null");
            node.set(e.getKey(), value);
        }
        PpoConfig config;
        try {
            config = json.treeToValue(node, PpoConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new BadRequest("ppo: " + root.getMessage());
        }
        if (config.totalTimesteps() > MAX_TOTAL_TIMESTEPS) {
            throw new BadRequest("ppo.totalTimesteps: at most " + MAX_TOTAL_TIMESTEPS + " per training");
        }
        return config;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @WithSession
    public Uni<Page<SearchViews.SearchListItem>> list(
            @QueryParam("task") String task,
            @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        if (state != null && SearchState.parse(state).isEmpty()) {
            throw new BadRequest("state: unknown state '" + state + "'");
        }
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (task != null) {
            where.append(" and task = :task");
            params.put("task", task);
        }
        if (state != null) {
            where.append(" and state = :state");
            params.put("state", state);
        }
        var query = SearchEntity.<SearchEntity>find(where + " order by createdAt desc", params);
        return query.page(page, size).list().flatMap(items -> views.progress(items)
                .flatMap(progress -> SearchEntity.count(where.toString(), params)
                        .map(total -> new Page<>(
                                items.stream()
                                        .map(s -> views.listItem(s, progress.get(s.id)))
                                        .toList(),
                                page,
                                size,
                                total))));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @WithSession
    public Uni<SearchViews.SearchView> get(@PathParam("id") String id) {
        return views.search(parse(id, "search"));
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<Response> pause(@PathParam("id") String id) {
        return control(id, SearchRun::pause);
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<Response> resume(@PathParam("id") String id) {
        return control(id, SearchRun::resume);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Uni<Response> cancel(@PathParam("id") String id) {
        return control(id, SearchRun::cancel);
    }

    private Uni<Response> control(String id, Function<SearchRun, CompletionStage<Void>> command) {
        UUID uuid = parse(id, "search");
        return Panache.withSession(() -> views.search(uuid)).flatMap(view -> {
            SearchState state = SearchState.parse(view.state()).orElseThrow();
            if (state.finished()) {
                return Uni.createFrom()
                        .item(ErrorMappers.error(
                                409, "the search is " + state.label() + ": fork one of its candidates to go on"));
            }
            var run = service.run(id);
            if (run.isEmpty()) {
                return Uni.createFrom().item(ErrorMappers.error(409, "the search is not running on this server"));
            }
            // the command completes on the search's thread: come back to this request's context for the read
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            return Uni.createFrom()
                    .completionStage(command.apply(run.get()))
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .flatMap(ignored -> Panache.withSession(() -> views.search(uuid)))
                    .map(after -> Response.ok(after).build());
        });
    }

    @POST
    @Path("/{id}/fork")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> fork(@PathParam("id") String id, @Valid @NotNull Fork request) {
        UUID searchId = parse(id, "search");
        UUID candidateId = parse(request.candidate(), "candidate");
        long userId = Identities.userId(identity);
        return Panache.withSession(() -> SearchEntity.<SearchEntity>findById(searchId)
                        .onItem()
                        .ifNull()
                        .failWith(() -> new NotFoundException("no search " + id))
                        .flatMap(search -> CandidateEntity.<CandidateEntity>findById(candidateId)
                                .map(candidate -> new Object[] {search, candidate})))
                .flatMap(pair -> {
                    SearchEntity search = (SearchEntity) pair[0];
                    CandidateEntity candidate = (CandidateEntity) pair[1];
                    if (candidate == null || !candidate.searchId.equals(searchId)) {
                        throw new NotFoundException("search " + id + " has no candidate " + request.candidate());
                    }
                    if (candidate.program == null) {
                        return Uni.createFrom()
                                .item(ErrorMappers.error(
                                        409,
                                        "candidate " + candidate.id + " was " + candidate.state
                                                + " and has no program to fork from"));
                    }
                    SearchSpec source =
                            views.read(search.spec, new com.fasterxml.jackson.core.type.TypeReference<SearchSpec>() {});
                    SearchSpec spec = source.forkWith(candidate.program);
                    return insert(spec, userId, null, searchId);
                });
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("application/zip")
    public Uni<Response> export(@PathParam("id") String id) {
        UUID uuid = parse(id, "search");
        return bundles.export(uuid).map(zip -> {
            if (zip == null) throw new NotFoundException("no search " + id);
            return Response.ok(zip, "application/zip")
                    .header("Content-Disposition", "attachment; filename=\"search-" + id + ".zip\"")
                    .build();
        });
    }

    /** Imports an exported bundle as a new search (a record: it does not run again). */
    @POST
    @Path("/import")
    @RolesAllowed(Role.OPERATOR_NAME)
    // any type is accepted here and checked below, so a caller without credentials gets 401, not 415
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> importBundle(@HeaderParam("Content-Type") String contentType, byte[] zip) {
        if (contentType == null
                || !(contentType.startsWith("application/zip") || contentType.startsWith("application/octet-stream"))) {
            return Uni.createFrom()
                    .item(ErrorMappers.error(415, "send the bundle as application/zip (an exported search's zip)"));
        }
        if (zip == null || zip.length == 0) {
            return Uni.createFrom().item(ErrorMappers.error(400, "send the bundle's zip as the request body"));
        }
        SearchBundles.Bundle bundle;
        try {
            bundle = bundles.read(zip, task -> tasks.find(task).isPresent());
        } catch (SearchBundles.InvalidBundle e) {
            return Uni.createFrom().item(ErrorMappers.error(400, e.getMessage()));
        }
        return bundles.importBundle(bundle, identity.getPrincipal().getName(), Identities.userId(identity))
                .flatMap(newId -> Panache.withSession(() -> views.search(newId)))
                .map(view -> Response.created(URI.create("/api/searches/" + view.id()))
                        .entity(view)
                        .build());
    }

    static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no " + what + " " + id);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request that cannot be served as sent; the message is the reason. */
    static final class BadRequest extends jakarta.ws.rs.BadRequestException {
        BadRequest(String reason) {
            super(reason);
        }
    }
}
