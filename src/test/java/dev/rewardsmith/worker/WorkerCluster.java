package dev.rewardsmith.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rewardsmith.propose.OfflineProposer;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.InMemoryEvaluationCache;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchJournal;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerTrainingQueue;
import dev.rewardsmith.work.BrokerWire;
import dev.rewardsmith.work.WorkerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Worker processes for the tests and the benchmark: spawned JVMs running {@link WorkerMain} on this class path
 * against the RabbitMQ at {@link #BROKER}, and one search run on a given training queue.
 */
public final class WorkerCluster implements AutoCloseable {

    /** The broker the worker tests need (REWARDSMITH_TEST_BROKER_URL, default the local RabbitMQ as guest). */
    public static final String BROKER =
            System.getenv().getOrDefault("REWARDSMITH_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F");

    private final List<Process> processes = new ArrayList<>();

    /**
     * Connects to the broker and empties the job and result queues (leftovers of an earlier run); throws with a
     * message saying RabbitMQ is needed when it cannot be reached.
     */
    public static void requireBroker() {
        try (Connection c = BrokerTrainingQueue.factory(BROKER).newConnection("rewardsmith-test")) {
            BrokerTrainingQueue.declare(c);
            try (Channel ch = c.createChannel()) {
                ch.queuePurge(BrokerWire.JOBS);
                ch.queuePurge(BrokerWire.RESULTS);
            }
        } catch (Exception e) {
            throw new AssertionError(
                    "these tests need RabbitMQ at " + BrokerTrainingQueue.redact(BROKER)
                            + " (.ci/run starts one with rabbitmq-server -detached; or set REWARDSMITH_TEST_BROKER_URL): "
                            + e,
                    e);
        }
    }

    /** Spawns a worker JVM and waits until {@code queue} heard its heartbeat. */
    public Process spawn(String name, int concurrency, BrokerTrainingQueue queue) throws Exception {
        Process p = spawn(name, concurrency);
        Path log = Path.of("target", "workers", name + ".log");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (queue.workers().stream().map(WorkerStatus::name).noneMatch(name::equals)) {
            if (!p.isAlive()) throw new AssertionError("worker " + name + " exited: " + Files.readString(log));
            if (System.nanoTime() > deadline) throw new AssertionError("no heartbeat from worker " + name);
            Thread.sleep(50);
        }
        return p;
    }

    /** Spawns a worker JVM (its output in target/workers/{name}.log) without waiting for it. */
    public Process spawn(String name, int concurrency) throws Exception {
        return spawn(name, concurrency, BROKER);
    }

    /** Spawns a worker JVM on the broker at {@code brokerUrl} (its own user), without waiting for it. */
    public Process spawn(String name, int concurrency, String brokerUrl) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createDirectories(Path.of("target", "workers")).resolve(name + ".log");
        Process p = new ProcessBuilder(
                        java,
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerMain.class.getName(),
                        "--broker",
                        brokerUrl,
                        "--concurrency",
                        String.valueOf(concurrency),
                        "--name",
                        name)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(p);
        return p;
    }

    /** One finished search: its journal and id. */
    public record Result(InMemoryJournal journal, String id) {
        public List<Candidate> candidates() {
            return journal.candidates(id);
        }
    }

    /** Runs one offline search on {@code queue} to its end. */
    public static Result search(SearchSpec spec, TrainingQueue queue, SearchEvents events) {
        InMemoryJournal journal = new InMemoryJournal();
        String id = UUID.randomUUID().toString();
        journal.create(id, spec);
        loop(id, spec.task(), queue, journal, events).run();
        return new Result(journal, id);
    }

    /** The loop of a journaled offline search (new, or resumed as by a restarted server), not started. */
    public static SearchRun loop(
            String id, String taskId, TrainingQueue queue, SearchJournal journal, SearchEvents events) {
        Task task = new TaskRegistry().find(taskId).orElseThrow();
        RewardCompiler compiler = new RewardCompiler();
        return new SearchRun(
                id,
                task,
                new ContextPruner().context(task),
                new OfflineProposer(compiler),
                compiler,
                queue,
                journal,
                events,
                new InMemoryEvaluationCache(),
                null);
    }

    /** The trainings the workers started, one line each ("candidate <id>, attempt <n>"), from their logs. */
    public static List<String> trainingsStarted(String... workers) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String w : workers) {
            for (String line : Files.readAllLines(Path.of("target", "workers", w + ".log"))) {
                var m = java.util.regex.Pattern.compile("training job \\S+ \\((candidate \\S+, attempt \\d+)")
                        .matcher(line);
                if (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
