package dev.rewardsmith.work;

import dev.rewardsmith.live.SearchLive;
import dev.rewardsmith.propose.OfflineProposer;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
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
 * in-process training queue. At start-up it resumes every search that had not finished (DESIGN.md section 10).
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    /** The proposer names a search may ask for today. */
    public static final List<String> PROPOSERS = List.of("offline", "human");

    @Inject
    TaskRegistry tasks;

    @Inject
    RewardCompiler compiler;

    @Inject
    ContextPruner pruner;

    @Inject
    DatabaseJournal journal;

    @Inject
    SearchLive live;

    @Inject
    DatabaseEvaluationCache evaluationCache;

    /** Trainings at once; 0 means one per core. */
    @ConfigProperty(name = "rewardsmith.workers.trainings", defaultValue = "0")
    int capacity;

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
    public synchronized void startAll() {
        if (queue == null) {
            queue = new InProcessTrainingQueue(capacity, tasks, compiler);
            queues.add(queue);
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
    public synchronized void stopAll() {
        runs.values().forEach(SearchRun::stop);
        runs.clear();
        if (queue != null) queue.close();
        queue = null;
    }

    /**
     * Starts (or resumes) the loop of a stored search, unless it already runs here. Never blocks: the loop loads
     * the search from the journal on its own virtual thread.
     */
    public synchronized void start(String searchId, SearchSpec spec) {
        if (queue == null) {
            queue = new InProcessTrainingQueue(capacity, tasks, compiler);
            queues.add(queue);
        }
        if (runs.containsKey(searchId)) return;
        Task task = tasks.find(spec.task())
                .orElseThrow(() -> new IllegalStateException("search " + searchId + " names an unknown task"));
        String context = contexts.computeIfAbsent(task.id(), k -> pruner.context(task));
        SearchRun run = new SearchRun(
                searchId,
                task,
                context,
                proposer(spec.proposer()),
                compiler,
                queue,
                journal,
                live,
                evaluationCache,
                null);
        runs.put(searchId, run);
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

    private Proposer proposer(String name) {
        return switch (name) {
            case "offline" -> new OfflineProposer(compiler);
            // a human-only search proposes nothing after its human-written iteration 0
            case "human" ->
                new Proposer() {
                    @Override
                    public String name() {
                        return "human";
                    }

                    @Override
                    public CompletionStage<List<Proposal>> propose(dev.rewardsmith.search.ProposalRequest request) {
                        return CompletableFuture.failedFuture(
                                new IllegalStateException("a human search has only its pasted program"));
                    }
                };
            default -> throw new IllegalStateException("unknown proposer '" + name + "'");
        };
    }

    public Optional<SearchRun> run(String searchId) {
        return Optional.ofNullable(runs.get(searchId));
    }

    /** Trainings started for a candidate on every pool this service has had (for the restart tests). */
    public synchronized int trainingsStarted(String candidateId) {
        return queues.stream().mapToInt(q -> q.trainingsStarted(candidateId)).sum();
    }

    public int capacity() {
        InProcessTrainingQueue q = queue;
        return q == null ? 0 : q.capacity();
    }
}
