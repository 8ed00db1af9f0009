package dev.rewardsmith.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewardsmith.llm.LlmConnections;
import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.rl.Policy;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.ReflectionMode;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.store.SearchBundles;
import dev.rewardsmith.store.SearchRepository;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.SearchService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What an operator does to searches: create one (defaults and validation of the request, idempotency key, replay),
 * fork a candidate, import a bundle, pause, resume and cancel. Invalid requests fail with {@link InvalidInput}
 * naming the field; a missing search or candidate with a 404, a command the search's state forbids with a 409,
 * a new search beyond the user's quota with a 429 and Retry-After (see docs/architecture.md, Security, and the
 * "Limits" paragraph of the README).
 */
@ApplicationScoped
public class SearchCommands {

    /** PPO budget cap per training on a shared server. */
    public static final long MAX_TOTAL_TIMESTEPS = 50_000_000;

    /** Seconds a client over its quota is asked to wait before it tries again. */
    static final int QUOTA_RETRY_AFTER_SECONDS = 60;

    /** The leading component name of a {@link PpoConfig} refusal ("totalTimesteps: ...", "numEnvs must ..."). */
    private static final Pattern PPO_COMPONENT = Pattern.compile("([a-z][A-Za-z0-9]{0,63})\\b");

    /** A create request as sent; unset fields take the defaults of the task and the server. */
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
            @Positive Double costBudget,
            @Size(max = 64) String replayOf,
            @Valid Preference preference,
            @Min(0) @Max(SearchSpec.MAX_REPAIR_ATTEMPTS) Integer repairAttempts,
            ReflectionMode humanReflection,
            @Min(0) @Max(SearchSpec.HumanReflection.MAX_TIMEOUT_SECONDS) Integer humanReflectionTimeoutSeconds,
            @Min(1) @Max(SearchSpec.MAX_SELECTION_SEEDS) Integer selectionSeeds) {}

    /** Voting settings of a preference or mixed search (see {@link SearchSpec.Preference}). */
    public record Preference(
            @Min(1) @Max(1000) Integer votes,
            @Min(0) @Max(86_400) Integer timeoutSeconds,
            @DecimalMin("0") @DecimalMax("1") Double weight) {}

    /** Who acts: the user's name (shown as the creator) and id (the owner of idempotency keys). */
    public record Actor(String name, long id) {}

    /** A created search's view; {@code replayed} when an earlier request with the same key created it. */
    public record Created(SearchViews.SearchView view, boolean replayed) {}

    @Inject
    SearchViews views;

    @Inject
    SearchRepository searches;

    @Inject
    SearchBundles bundles;

    @Inject
    SearchService service;

    @Inject
    TaskRegistry tasks;

    @Inject
    ObjectMapper json;

    @Inject
    LlmConnections connections;

    @Inject
    CompileWorkers compileWorkers;

    @ConfigProperty(
            name = "rewardsmith.limits.trainings-per-search",
            defaultValue = "" + SearchSpec.DEFAULT_MAX_TRAININGS)
    int trainingsPerSearch;

    @ConfigProperty(name = "rewardsmith.limits.active-searches-per-user", defaultValue = "4")
    int activeSearchesPerUser;

    @ConfigProperty(name = "rewardsmith.limits.queued-trainings-per-user", defaultValue = "64")
    int queuedTrainingsPerUser;

    /** Creates a search (or finds the one an earlier request with the same idempotency key created). */
    public Uni<Created> create(CreateSearch request, String idempotencyKey, Actor actor) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw new InvalidInput(null, "Idempotency-Key must be 1 to 128 characters");
        }
        Uni<SearchSpec> spec = request.proposer() == ProposerKind.REPLAY ? replaySpec(request) : spec(request);
        return spec.flatMap(s -> create(s, idempotencyKey, actor));
    }

    /**
     * A replay takes the spec of the search it replays (same task, budget, seed and PPO settings), so its
     * trainings and rounds are those of the original.
     */
    private Uni<SearchSpec> replaySpec(CreateSearch request) {
        if (request.replayOf() == null) {
            throw new InvalidInput("replayOf", "replayOf: a replay names the search it replays");
        }
        if (request.connection() != null || request.model() != null) {
            throw new InvalidInput(null, "connection and model apply to the llm proposer");
        }
        InvalidInput noSource = new InvalidInput("replayOf", "replayOf: no search " + request.replayOf());
        UUID sourceId = Ids.find(request.replayOf()).orElseThrow(() -> noSource);
        return searches.find(sourceId).map(source -> {
            if (source == null) throw noSource;
            if (!source.task().equals(request.task())) {
                throw new InvalidInput(
                        "task",
                        "task: search " + source.id() + " ran on '" + source.task()
                                + "'; a replay runs on the same task");
            }
            if (source.spec().proposer().singleProgram()) {
                throw new InvalidInput("replayOf", "replayOf: a human search has nothing to replay");
            }
            return source.spec().replayOf(source.id().toString());
        });
    }

    private Uni<Created> create(SearchSpec spec, String idempotencyKey, Actor actor) {
        checkLimits(spec);
        if (spec.finetuneFrom() == null) return idempotent(spec, idempotencyKey, actor);
        Task task = tasks.find(spec.task()).orElseThrow();
        Uni<byte[]> policy = Ids.find(spec.finetuneFrom())
                .map(searches::policy)
                .orElse(Uni.createFrom().nullItem());
        return policy.flatMap(bytes -> {
            String problem = fits(bytes, task, spec.finetuneFrom());
            if (problem != null) throw new InvalidInput("finetuneFrom", "finetuneFrom: " + problem);
            return idempotent(spec, idempotencyKey, actor);
        });
    }

    /** Why a stored policy cannot start this task's trainings; null when it can. */
    static String fits(byte[] policy, Task task, String candidate) {
        if (policy == null) return "candidate " + candidate + " has no stored checkpoint (it must have been trained)";
        Policy p;
        try {
            p = Policy.fromBytes(policy);
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

    private Uni<Created> idempotent(SearchSpec spec, String key, Actor actor) {
        if (key == null) return insert(spec, actor, null, null).map(view -> new Created(view, false));
        return searches.findByIdempotencyKey(actor.id(), key)
                .flatMap(existing -> existing != null
                        ? replayed(existing.id())
                        : insert(spec, actor, key, null)
                                .map(view -> new Created(view, false))
                                // a concurrent request with the same key won the insert: answer with its search
                                .onFailure(SearchRepository::uniqueViolation)
                                .recoverWithUni(e -> searches.findByIdempotencyKey(actor.id(), key)
                                        .flatMap(raced -> replayed(raced.id()))));
    }

    private Uni<Created> replayed(UUID id) {
        return views.search(id).map(view -> new Created(view, true));
    }

    private Uni<SearchViews.SearchView> insert(SearchSpec spec, Actor actor, String key, UUID forkedFrom) {
        return withinQuota(actor, spec.trainingsAtOnce()).flatMap(ignored -> insertNow(spec, actor, key, forkedFrom));
    }

    /** Retry-After when the training workers cannot be reached (docs/architecture.md, Workers). */
    private static final int TRAINING_RETRY_AFTER_SECONDS = 30;

    private Uni<SearchViews.SearchView> insertNow(SearchSpec spec, Actor actor, String key, UUID forkedFrom) {
        UUID id = UUID.randomUUID();
        var search = new SearchRepository.NewSearch(
                id,
                spec,
                SearchState.QUEUED,
                null,
                actor.name(),
                actor.id(),
                key,
                forkedFrom,
                null,
                null,
                OffsetDateTime.now(ZoneOffset.UTC));
        Optional<String> unavailable = service.trainingUnavailable();
        if (unavailable.isPresent()) {
            return Uni.createFrom().failure(TryLater.busy(unavailable.get(), TRAINING_RETRY_AFTER_SECONDS));
        }
        return searches.insert(search)
                .invoke(() -> service.start(id.toString(), spec))
                .flatMap(ignored -> views.search(id));
    }

    /**
     * The trainings a search plans, and its PPO budget, within the server's limits; {@link InvalidInput} naming
     * {@code samples} (for the product of samples, iterations, restarts and rounds) or {@code ppo.totalTimesteps}.
     */
    void checkLimits(SearchSpec spec) {
        long planned = spec.plannedTrainings();
        if (planned > trainingsPerSearch) {
            String product = spec.proposer().singleProgram()
                    ? spec.restarts() + " restarts"
                    : spec.samples() + " samples x " + spec.iterations() + " iterations x " + spec.restarts()
                            + " restarts x " + SearchRun.MAX_ROUNDS + " rounds";
            if (spec.selectionSeeds() > 1) product += " + re-scoring on " + spec.selectionSeeds() + " selection seeds";
            throw new InvalidInput(
                    "samples",
                    "samples: " + product + " + " + SearchSpec.EVALUATION_TRAININGS_PER_SEED + " x " + spec.evalSeeds()
                            + " evaluation seeds = " + planned + " trainings; at most " + trainingsPerSearch
                            + " per search (rewardsmith.limits.trainings-per-search): lower samples, iterations,"
                            + " restarts or evalSeeds");
        }
        if (spec.ppo().totalTimesteps() > MAX_TOTAL_TIMESTEPS) {
            throw new InvalidInput(
                    "ppo.totalTimesteps", "ppo.totalTimesteps: at most " + MAX_TOTAL_TIMESTEPS + " per training");
        }
    }

    /**
     * Fails with 429 when the user already has {@code rewardsmith.limits.active-searches-per-user} unfinished
     * searches, or when {@code adding} trainings at once would take their searches over
     * {@code rewardsmith.limits.queued-trainings-per-user} (see {@link SearchSpec#trainingsAtOnce()}).
     */
    private Uni<Void> withinQuota(Actor actor, int adding) {
        return searches.unfinishedSpecs(actor.id()).map(active -> {
            if (active.size() >= activeSearchesPerUser) {
                throw overQuota("you have " + active.size() + " unfinished searches; at most " + activeSearchesPerUser
                        + " per user (rewardsmith.limits.active-searches-per-user): wait for one to finish or"
                        + " cancel one");
            }
            int queued = active.stream().mapToInt(SearchSpec::trainingsAtOnce).sum();
            if (queued + adding > queuedTrainingsPerUser) {
                throw overQuota("your unfinished searches can queue " + queued + " trainings at once and this one "
                        + adding + "; at most " + queuedTrainingsPerUser
                        + " per user (rewardsmith.limits.queued-trainings-per-user): wait for a search to finish,"
                        + " or lower samples or evalSeeds");
            }
            return null;
        });
    }

    private static TryLater overQuota(String reason) {
        return TryLater.overQuota(reason, QUOTA_RETRY_AFTER_SECONDS);
    }

    /**
     * Validates a create request against the task and turns it into a spec; a pasted program is compiled by
     * {@link CompileWorkers} (off the event loop, within a time limit).
     */
    Uni<SearchSpec> spec(CreateSearch r) {
        Task task = tasks.find(r.task())
                .orElseThrow(() -> new InvalidInput(
                        "task",
                        "task: unknown task '" + r.task() + "'; known tasks: "
                                + tasks.all().stream().map(Task::id).toList()));
        if (!task.available()) {
            throw new InvalidInput("task", "task: '" + task.id() + "' cannot run here: " + task.unavailableReason());
        }
        ProposerKind proposer = r.proposer() == null ? service.defaultProposer() : r.proposer();
        if (!service.proposers().contains(proposer)) {
            String why = proposer == ProposerKind.LLM
                    ? " (no LLM connection is configured: set REWARDSMITH_LLM_BASE_URL and REWARDSMITH_LLM_MODEL,"
                            + " or ask an admin to add a connection)"
                    : "";
            throw new InvalidInput(
                    "proposer",
                    "proposer: '" + proposer.label() + "' is not available on this server" + why + "; available: "
                            + service.proposers().stream()
                                    .map(ProposerKind::label)
                                    .toList());
        }
        SelectionMode selection = r.selection() == null ? SelectionMode.FITNESS : r.selection();
        if (r.preference() != null && !selection.usesVotes()) {
            throw new InvalidInput("preference", "preference: applies to the preference and mixed selections only");
        }
        SearchSpec.Preference preference = null;
        if (selection.usesVotes()) {
            SearchSpec.Preference d = SearchSpec.Preference.DEFAULT;
            Preference p = r.preference();
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
                throw new InvalidInput(
                        "connection", "connection: name the LLM connection to use; known: " + connectionNames());
            }
            if (connections.find(name).isEmpty()) {
                throw new InvalidInput(
                        "connection", "connection: unknown connection '" + name + "'; known: " + connectionNames());
            }
            llm = new SearchSpec.Llm(name, r.model(), r.tokenBudget(), r.costBudget(), r.repairAttempts());
        } else if (r.connection() != null
                || r.model() != null
                || r.tokenBudget() != null
                || r.costBudget() != null
                || r.repairAttempts() != null) {
            throw new InvalidInput(
                    null,
                    "connection, model, tokenBudget, costBudget and repairAttempts apply to the llm proposer only");
        }
        if (r.replayOf() != null) throw new InvalidInput("replayOf", "replayOf: applies to the replay proposer only");
        humanReflection(r, proposer);
        boolean humanInit = Boolean.TRUE.equals(r.humanInit()) || proposer == ProposerKind.HUMAN;
        if (r.program() != null && !humanInit) {
            throw new InvalidInput("program", "program: a pasted program needs humanInit: true");
        }
        ProposerKind kind = proposer;
        SearchSpec.Preference voting = preference;
        SearchSpec.Llm model = llm;
        if (r.program() == null) return Uni.createFrom().item(spec(r, task, kind, selection, voting, model, null));
        return compileWorkers.compile(r.program(), task.stateType()).map(result -> switch (result) {
            case CompileResult.Compiled c ->
                spec(r, task, kind, selection, voting, model, c.reward().source());
            case CompileResult.Rejected rejected ->
                throw new InvalidInput(
                        "program",
                        "program: rejected: "
                                + String.join(
                                        "; ",
                                        rejected.problems().stream()
                                                .map(Object::toString)
                                                .toList()),
                        rejected.problems());
        });
    }

    /**
     * The human reflection settings of a create request (docs/llm.md, Human reflection): none when off; a timeout
     * needs a mode; a human search proposes nothing after its program, so nobody writes its reflection.
     */
    static SearchSpec.HumanReflection humanReflection(CreateSearch r, ProposerKind proposer) {
        ReflectionMode mode = r.humanReflection() == null ? ReflectionMode.OFF : r.humanReflection();
        if (mode == ReflectionMode.OFF) {
            if (r.humanReflectionTimeoutSeconds() != null) {
                throw new InvalidInput(
                        "humanReflectionTimeoutSeconds",
                        "humanReflectionTimeoutSeconds: applies when humanReflection is add or replace");
            }
            return null;
        }
        if (proposer.singleProgram()) {
            throw new InvalidInput(
                    "humanReflection",
                    "humanReflection: a human search has one iteration, so no reflection is read; use off");
        }
        return new SearchSpec.HumanReflection(
                mode,
                r.humanReflectionTimeoutSeconds() == null
                        ? SearchSpec.HumanReflection.DEFAULT_TIMEOUT_SECONDS
                        : r.humanReflectionTimeoutSeconds());
    }

    /** The rest of a create request's checks once its program (if any) compiled. */
    private SearchSpec spec(
            CreateSearch r,
            Task task,
            ProposerKind proposer,
            SelectionMode selection,
            SearchSpec.Preference preference,
            SearchSpec.Llm llm,
            String program) {
        boolean humanInit = Boolean.TRUE.equals(r.humanInit()) || proposer == ProposerKind.HUMAN;
        int iterations = r.iterations() == null ? (proposer.singleProgram() ? 1 : 3) : r.iterations();
        if (proposer.singleProgram() && iterations != 1) {
            throw new InvalidInput("iterations", "iterations: a human search has one iteration (its program)");
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
                    preference,
                    humanReflection(r, proposer),
                    r.selectionSeeds() == null ? 1 : r.selectionSeeds());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(ApiError.of(e.getMessage()).field(), e.getMessage());
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
                throw new InvalidInput("ppo", "ppo: unknown field '" + e.getKey() + "'; known fields: " + known);
            }
            JsonNode value = json.valueToTree(e.getValue());
            if (value == null || value.isNull()) {
                throw new InvalidInput("ppo." + e.getKey(), "ppo." + e.getKey() + ": must not be null");
            }
            node.set(e.getKey(), value);
        }
        PpoConfig config;
        try {
            config = json.treeToValue(node, PpoConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw ppoRefused(root.getMessage(), known);
        }
        if (config.totalTimesteps() > MAX_TOTAL_TIMESTEPS) {
            throw new InvalidInput(
                    "ppo.totalTimesteps", "ppo.totalTimesteps: at most " + MAX_TOTAL_TIMESTEPS + " per training");
        }
        return config;
    }

    /**
     * A refusal of {@link PpoConfig} as input: its messages start with the component they are about
     * ("totalTimesteps: ... epochs", "numEnvs must be in [1, 4096]"), which becomes the field {@code ppo.<component>};
     * a message about no known component is about {@code ppo}.
     */
    static InvalidInput ppoRefused(String message, List<String> components) {
        String text = message == null ? "invalid settings" : message;
        var m = PPO_COMPONENT.matcher(text);
        if (m.lookingAt() && components.contains(m.group(1))) {
            return new InvalidInput("ppo." + m.group(1), "ppo." + text);
        }
        return new InvalidInput("ppo", "ppo: " + text);
    }

    private List<String> connectionNames() {
        return connections.all().stream().map(LlmConnection::name).toList();
    }

    /** A new search that starts from a candidate's program, with the rest of its search's spec. */
    public Uni<SearchViews.SearchView> fork(UUID searchId, UUID candidateId, Actor actor) {
        return searches.find(searchId).flatMap(search -> {
            if (search == null) throw new NotFoundException("no search " + searchId);
            return searches.candidate(candidateId).flatMap(candidate -> {
                if (candidate == null || !candidate.searchId.equals(searchId.toString())) {
                    throw new NotFoundException("search " + searchId + " has no candidate " + candidateId);
                }
                if (candidate.program == null) {
                    throw conflict("candidate " + candidate.id + " was " + candidate.state.label()
                            + " and has no program to fork from");
                }
                SearchSpec fork = search.spec().forkWith(candidate.program);
                checkLimits(fork);
                return insert(fork, actor, null, searchId);
            });
        });
    }

    /** Stores an exported bundle as a new search (a record: it does not run again). */
    public Uni<SearchViews.SearchView> importBundle(byte[] zip, Actor actor) {
        if (zip == null || zip.length == 0) throw new InvalidInput(null, "send the bundle's zip as the request body");
        // unzipping and parsing is CPU work: on a worker thread, never on the event loop
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return bundles.read(zip, task -> tasks.find(task).isPresent());
                    } catch (SearchBundles.InvalidBundle e) {
                        throw new InvalidInput(null, e.getMessage());
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(bundle -> checkLimits(bundle.search().spec()))
                // an imported search is a record and queues no training, but it counts as a new search of the user
                .flatMap(bundle -> withinQuota(actor, 0)
                        .flatMap(ignored -> bundles.importBundle(bundle, actor.name(), actor.id())))
                .flatMap(views::search);
    }

    public Uni<SearchViews.SearchView> pause(UUID id) {
        return control(id, SearchRun::pause);
    }

    public Uni<SearchViews.SearchView> resume(UUID id) {
        return control(id, SearchRun::resume);
    }

    public Uni<SearchViews.SearchView> cancel(UUID id) {
        return control(id, SearchRun::cancel);
    }

    private Uni<SearchViews.SearchView> control(UUID id, Function<SearchRun, CompletionStage<Void>> command) {
        return views.search(id).flatMap(view -> {
            if (view.state().finished()) {
                throw conflict("the search is " + view.state().label() + ": fork one of its candidates to go on");
            }
            SearchRun run =
                    service.run(id.toString()).orElseThrow(() -> conflict("the search is not running on this server"));
            // the command completes on the search's thread: come back to the caller's context for the read
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            Uni<Void> done = Uni.createFrom().completionStage(command.apply(run));
            if (context != null) done = done.emitOn(task -> context.runOnContext(ignored -> task.run()));
            return done.flatMap(ignored -> views.search(id));
        });
    }

    private static ClientErrorException conflict(String reason) {
        return new ClientErrorException(reason, Response.Status.CONFLICT);
    }
}
