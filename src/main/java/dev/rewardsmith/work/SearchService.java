package dev.rewardsmith.work;

import dev.rewardsmith.gpu.TrainingDevice;
import dev.rewardsmith.llm.ChatClient;
import dev.rewardsmith.llm.Exchanges;
import dev.rewardsmith.llm.LlmConfig;
import dev.rewardsmith.llm.LlmConnections;
import dev.rewardsmith.llm.Prompts;
import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.propose.LlmProposer;
import dev.rewardsmith.propose.OfflineProposer;
import dev.rewardsmith.propose.ReplayProposer;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.store.BrokerJobs;
import dev.rewardsmith.store.DatabaseEvaluationCache;
import dev.rewardsmith.store.DatabaseJournal;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the server's searches: one {@link SearchRun} per active search on its own virtual thread, all sharing one
 * in-process training queue. At start-up it resumes every search that had not finished (see docs/architecture.md, Persistence and recovery).
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    @Inject
    TaskRegistry tasks;

    @Inject
    RewardCompiler compiler;

    @Inject
    ContextPruner pruner;

    @Inject
    DatabaseJournal journal;

    /** The live stream (the WebSocket fan-out): the one bean that receives search events. */
    @Inject
    SearchEvents live;

    @Inject
    LlmConnections connections;

    @Inject
    ChatClient chat;

    @Inject
    Prompts prompts;

    @Inject
    Exchanges exchanges;

    @Inject
    LlmConfig llmConfig;

    @Inject
    DatabaseEvaluationCache evaluationCache;

    /** The broker's jobs this server follows, kept across restarts (docs/architecture.md, Workers). */
    @Inject
    BrokerJobs brokerJobs;

    /** Trainings at once; 0 means one per core. */
    @ConfigProperty(name = "rewardsmith.workers.trainings", defaultValue = "0")
    int capacity;

    /** local (default), broker or both (docs/architecture.md, Workers). */
    @ConfigProperty(name = "rewardsmith.workers.mode", defaultValue = "local")
    String mode;

    @ConfigProperty(name = "rewardsmith.workers.broker-url")
    Optional<String> brokerUrl;

    private volatile BrokerTrainingQueue broker;
    private volatile MixedTrainingQueue shared;

    /** Where trainings run: auto, cpu or gpu (docs/gpu.md, Choosing the device). */
    @ConfigProperty(name = "rewardsmith.training.device", defaultValue = "auto")
    String trainingDevice;

    /** The nvcc that compiles reward programs for the device. */
    @ConfigProperty(name = "rewardsmith.training.nvcc", defaultValue = "/usr/local/bin/nvcc")
    String nvcc;

    private final Map<String, SearchRun> runs = new ConcurrentHashMap<>();
    private final Map<String, String> contexts = new ConcurrentHashMap<>();
    private final List<InProcessTrainingQueue> queues = new ArrayList<>();
    private volatile InProcessTrainingQueue queue;

    void onStart(@Observes StartupEvent event) {
        Thread.ofVirtual().name("search-resume").start(this::startAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopAll();
    }

    /** Creates the training pool and resumes every unfinished search. */
    public void startAll() {
        try {
            trainingQueue();
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
        }
        for (Task task : tasks.all()) contexts.computeIfAbsent(task.id(), k -> pruner.context(task));
        try {
            for (String id : journal.unfinished()) start(id, journal.load(id).spec());
        } catch (RuntimeException e) {
            LOG.error("could not resume the unfinished searches", e);
        }
    }

    /**
     * Stops every search loop and the training pool without recording anything, as a crash would; the journal
     * keeps each search where it was, and {@link #startAll()} resumes them.
     */
    public void stopAll() {
        runs.values().forEach(SearchRun::stop);
        runs.clear();
        synchronized (queues) {
            if (queue != null) queue.close();
            queue = null;
            if (broker != null) broker.close();
            broker = null;
            shared = null;
        }
    }

    /**
     * The training pool, created on first use. Only this is guarded by a lock, and nothing under it waits for the
     * database: start() is called on event loops while the resume at start-up waits for the database, and a lock
     * held across that wait blocked the event loop the database answer needed (a deadlock found by the kill -9
     * restart test).
     */
    private InProcessTrainingQueue queue() {
        synchronized (queues) {
            if (queue == null) {
                queue = new InProcessTrainingQueue(
                        capacity, tasks, compiler, TrainingDevice.fromSetting(trainingDevice, nvcc));
                queues.add(queue);
            }
            return queue;
        }
    }

    /**
     * Why a new search could not train now (the mode needs a broker that is not configured or cannot be reached),
     * or empty; checked before a search is stored, so a refused request leaves nothing behind.
     */
    public Optional<String> trainingUnavailable() {
        try {
            trainingQueue();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The queue searches submit to, by {@code rewardsmith.workers.mode}: the pool, the broker's workers, or both.
     * Connecting to the broker happens under the lock, which nothing waiting for the database ever holds.
     */
    private MixedTrainingQueue trainingQueue() {
        WorkersMode m = WorkersMode.parse(mode);
        InProcessTrainingQueue pool = m == WorkersMode.BROKER ? null : queue();
        synchronized (queues) {
            if (shared == null) {
                if (m != WorkersMode.LOCAL) {
                    String url = brokerUrl
                            .filter(u -> !u.isBlank())
                            .orElseThrow(() -> new IllegalStateException("rewardsmith.workers.mode=" + m.label()
                                    + " needs rewardsmith.workers.broker-url (REWARDSMITH_WORKERS_BROKER_URL)"));
                    try {
                        broker = new BrokerTrainingQueue(url, ledger());
                        broker.onWorkerChanges(workerChanges);
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw new IllegalStateException(
                                "the broker at " + BrokerTrainingQueue.redact(url) + " cannot be reached: "
                                        + e.getMessage(),
                                e);
                    }
                }
                shared = new MixedTrainingQueue(pool, broker);
                MixedTrainingQueue q = shared;
                shared.onLocalChanges(() -> {
                    try {
                        workerChanges.accept(localStatus(q, pool));
                    } catch (RuntimeException e) {
                        LOG.debugf("a change of the local pool could not be announced: %s", e.getMessage());
                    }
                });
            }
            return shared;
        }
    }

    /** The server's own pool as a worker ({@code local}). */
    private static WorkerStatus localStatus(MixedTrainingQueue q, InProcessTrainingQueue pool) {
        return new WorkerStatus(
                MixedTrainingQueue.LOCAL,
                Runtime.getRuntime().availableProcessors(),
                pool.capacity(),
                q == null ? 0 : q.localRunning(),
                java.time.Instant.now(),
                false);
    }

    /** The sent jobs in {@code broker_jobs}; without a database (a unit test) in memory. */
    private JobLedger ledger() {
        BrokerJobs store = brokerJobs;
        if (store == null) return JobLedger.inMemory();
        return new JobLedger() {
            @Override
            public List<Entry> outstanding() {
                return store.all().stream()
                        .map(s -> new Entry(s.jobId(), s.training(), s.attempt(), s.run(), s.sentAt()))
                        .toList();
            }

            @Override
            public void sent(String jobId, String training, int attempt) {
                store.sent(jobId, training, attempt);
            }

            @Override
            public void started(String jobId, String training, int attempt, String run) {
                store.started(jobId, training, attempt, run);
            }

            @Override
            public void forget(String jobId) {
                store.forget(jobId);
            }
        };
    }

    private volatile java.util.function.Consumer<WorkerStatus> workerChanges = w -> {};

    /** Calls {@code changes} when a broker's worker joins, changes its running jobs or is lost (the live stream). */
    public void onWorkerChanges(java.util.function.Consumer<WorkerStatus> changes) {
        workerChanges = changes == null ? w -> {} : changes;
        BrokerTrainingQueue b = broker;
        if (b != null) b.onWorkerChanges(changes);
    }

    /**
     * The workers this server trains on: {@code local} (this process's pool) unless the mode is broker, then every
     * worker heard from on the broker.
     */
    public List<WorkerStatus> workers() {
        List<WorkerStatus> out = new ArrayList<>();
        MixedTrainingQueue q = shared;
        InProcessTrainingQueue pool = queue;
        if (pool != null && WorkersMode.parse(mode) != WorkersMode.BROKER) out.add(localStatus(q, pool));
        BrokerTrainingQueue b = broker;
        if (b != null) out.addAll(b.workers());
        return out;
    }

    /**
     * Starts (or resumes) the loop of a stored search, unless it already runs here. Never blocks: the loop loads
     * the search from the journal on its own virtual thread.
     */
    public void start(String searchId, SearchSpec spec) {
        MixedTrainingQueue pool = trainingQueue();
        if (runs.containsKey(searchId)) return;
        Task task = tasks.find(spec.task())
                .orElseThrow(() -> new IllegalStateException("search " + searchId + " names an unknown task"));
        String context = contexts.computeIfAbsent(task.id(), k -> pruner.context(task));
        SearchRun run = new SearchRun(
                searchId,
                task,
                context,
                proposer(searchId, spec, task),
                compiler,
                pool,
                journal,
                live,
                evaluationCache,
                null);
        if (runs.putIfAbsent(searchId, run) != null) return; // started meanwhile by another caller
        Thread.ofVirtual().name("search-" + searchId).start(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "search %s ended with an internal error", searchId);
            } finally {
                runs.remove(searchId, run);
            }
        });
    }

    /** The proposers available on this server: {@code llm} only when a connection is defined. */
    public List<ProposerKind> proposers() {
        return Arrays.stream(ProposerKind.values())
                .filter(p -> p != ProposerKind.LLM || !connections.all().isEmpty())
                .toList();
    }

    /** What a new search gets when it names no proposer: {@code llm} with a default connection, else offline. */
    public ProposerKind defaultProposer() {
        return connections.fallback().isPresent() ? ProposerKind.LLM : ProposerKind.OFFLINE;
    }

    private Proposer proposer(String searchId, SearchSpec spec, Task task) {
        return switch (spec.proposer()) {
            case OFFLINE -> new OfflineProposer(compiler);
            case LLM -> llmProposer(searchId, spec, task.stateType());
            case REPLAY ->
                new ReplayProposer(
                        spec.replayOf(), () -> journal.load(spec.replayOf()).candidates());
            // a human-only search proposes nothing after its human-written iteration 0
            case HUMAN ->
                new Proposer() {
                    @Override
                    public String name() {
                        return ProposerKind.HUMAN.label();
                    }

                    @Override
                    public CompletionStage<List<Proposal>> propose(dev.rewardsmith.search.ProposalRequest request) {
                        return CompletableFuture.failedFuture(
                                new IllegalStateException("a human search has only its pasted program"));
                    }
                };
        };
    }

    private Proposer llmProposer(String searchId, SearchSpec spec, Class<?> stateType) {
        SearchSpec.Llm settings = spec.llm();
        if (settings == null) throw new IllegalStateException("search " + searchId + " has no llm settings");
        LlmConnection connection = connections.find(settings.connection()).orElse(null);
        if (connection == null) {
            // the connection was removed since: the search fails with a reason at its next proposal
            String reason = "the llm connection '" + settings.connection() + "' does not exist any more";
            return new Proposer() {
                @Override
                public String name() {
                    return ProposerKind.LLM.label();
                }

                @Override
                public CompletionStage<List<Proposal>> propose(dev.rewardsmith.search.ProposalRequest request) {
                    return CompletableFuture.failedFuture(new IllegalStateException(reason));
                }
            };
        }
        String model = settings.model() != null ? settings.model() : connection.model();
        LlmConfig.Price price = llmConfig.prices().get(model);
        return new LlmProposer(
                searchId,
                connection,
                settings,
                chat,
                prompts,
                exchanges,
                (p, c) -> price == null ? 0 : (p * price.prompt() + c * price.completion()) / 1e6,
                text -> switch (compiler.compile(text, stateType)) {
                    case CompileResult.Compiled compiled -> List.<Problem>of();
                    case CompileResult.Rejected rejected -> rejected.problems();
                },
                llmConfig.repairAttempts());
    }

    public Optional<SearchRun> run(String searchId) {
        return Optional.ofNullable(runs.get(searchId));
    }

    /** Trainings started for a candidate on every pool this service has had (for the restart tests). */
    public synchronized int trainingsStarted(String candidateId) {
        return queues.stream().mapToInt(q -> q.trainingsStarted(candidateId)).sum();
    }

    public int capacity() {
        MixedTrainingQueue s = shared;
        if (s != null) return s.capacity();
        InProcessTrainingQueue q = queue;
        return q == null ? 0 : q.capacity();
    }
}
