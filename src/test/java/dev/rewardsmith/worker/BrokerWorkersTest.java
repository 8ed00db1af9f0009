package dev.rewardsmith.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchJournal;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerTrainingQueue;
import dev.rewardsmith.work.BrokerWire;
import dev.rewardsmith.work.InProcessTrainingQueue;
import dev.rewardsmith.work.JobLedger;
import dev.rewardsmith.work.MixedTrainingQueue;
import dev.rewardsmith.work.WorkerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trainings on worker processes over the real RabbitMQ (docs/architecture.md, Workers). Needs RabbitMQ at
 * {@link WorkerCluster#BROKER}: without it every test here fails, saying so.
 */
class BrokerWorkersTest {

    private static final PpoConfig CARTPOLE =
            new TaskRegistry().find("cartpole").orElseThrow().ppoDefaults();

    @BeforeAll
    static void broker() {
        WorkerCluster.requireBroker();
    }

    private static SearchSpec spec(int samples, int iterations, long timesteps) {
        return new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                samples,
                iterations,
                1,
                0,
                7,
                SelectionMode.FITNESS,
                false,
                null,
                CARTPOLE.toBuilder().totalTimesteps(timesteps).updateEpochs(2).build(),
                null);
    }

    private static WorkerCluster.Result inProcess(SearchSpec spec) {
        try (InProcessTrainingQueue pool = new InProcessTrainingQueue(2, new TaskRegistry(), new RewardCompiler())) {
            return WorkerCluster.search(spec, new MixedTrainingQueue(pool, null), SearchEvents.none());
        }
    }

    @Test
    void twoWorkerProcessesTrainBitForBitAsTheServerDoes() throws Exception {
        SearchSpec spec = spec(2, 2, 2560);
        WorkerCluster.Result local = inProcess(spec);
        try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                WorkerCluster cluster = new WorkerCluster()) {
            cluster.spawn("test-a", 1, queue);
            cluster.spawn("test-b", 1, queue);
            WorkerCluster.Result remote = searchToEnd(spec, queue, SearchEvents.none());
            assertEquals(SearchState.DONE, remote.journal().state(remote.id()));
            assertSame(local, remote);
            Set<String> workers = remote.candidates().stream()
                    .filter(c -> c.attempt > 0)
                    .map(c -> c.worker)
                    .collect(Collectors.toSet());
            assertTrue(Set.of("test-a", "test-b").containsAll(workers), "trained by " + workers);
            assertEquals(
                    Set.of("local"),
                    local.candidates().stream()
                            .filter(c -> c.attempt > 0)
                            .map(c -> c.worker)
                            .collect(Collectors.toSet()));
            assertEquals(0, queue.outstanding());
            assertEquals(0, queue.redelivered());
        }
    }

    @Test
    void aWorkerKilledMidTrainingLeavesItsJobToTheOtherAndOneResultPerCandidate() throws Exception {
        // long enough trainings (about 40 epochs) that the kill lands in the middle of one
        SearchSpec spec = spec(2, 1, 40 * CARTPOLE.numEnvs() * CARTPOLE.numSteps());
        WorkerCluster.Result local = inProcess(spec);
        try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                WorkerCluster cluster = new WorkerCluster()) {
            Process victim = cluster.spawn("kill-a", 1, queue);
            cluster.spawn("kill-b", 1, queue);
            List<String> epochsSeen = new CopyOnWriteArrayList<>();
            AtomicInteger finishedEvents = new AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<String> victimsCandidate =
                    new java.util.concurrent.atomic.AtomicReference<>();
            SearchEvents events = new SearchEvents() {
                @Override
                public void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {
                    epochsSeen.add(candidateId + "#" + record.epoch());
                }

                @Override
                public void candidate(Candidate c) {
                    if (c.state == CandidateState.TRAINING && "kill-a".equals(c.worker)) {
                        victimsCandidate.compareAndSet(null, c.id);
                    }
                    if (c.state == CandidateState.DONE) finishedEvents.incrementAndGet();
                }
            };
            WorkerCluster.Result[] remote = new WorkerCluster.Result[1];
            Thread search = Thread.ofVirtual().start(() -> {
                try {
                    remote[0] = searchToEnd(spec, queue, events);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // each worker takes one job (one training at once each); kill kill-a once its training reported three
            // epochs (whatever kill-b's progress), kill-b then trains kill-a's job after its own
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (victimsCandidate.get() == null || !epochsSeen.contains(victimsCandidate.get() + "#3")) {
                assertTrue(System.nanoTime() < deadline, "no epochs from the workers: " + epochsSeen);
                Thread.sleep(5);
            }
            victim.destroyForcibly(); // SIGKILL
            victim.waitFor();
            search.join(300_000);
            assertNotNull(remote[0], "the search did not finish");
            assertEquals(SearchState.DONE, remote[0].journal().state(remote[0].id()));
            assertTrue(queue.redelivered() >= 1, "the killed run was not redelivered");
            // one result per candidate, identical to the in-process training; no epoch twice
            assertSame(local, remote[0]);
            assertEquals(2, finishedEvents.get());
            assertEquals(epochsSeen.size(), Set.copyOf(epochsSeen).size(), "an epoch was reported twice");
            for (Candidate c : remote[0].candidates()) {
                assertEquals(1, c.attempt);
                assertEquals("kill-b", c.worker); // the dead worker's run is not the one recorded
            }
            assertEquals(0, queue.outstanding());
        }
    }

    @Test
    void aServerRestartedWhileWorkersTrainKeepsTheirResultsAndSendsNothingTwice() throws Exception {
        // four trainings of about 200 epochs on two workers taking one job each: at the restart two are training and
        // two wait on the jobs queue (with 40, a CI run saw one worker's first training start so late that the other
        // had finished one before the second epoch 3: that result was stored and had left the ledger)
        SearchSpec spec = spec(4, 1, 200 * CARTPOLE.numEnvs() * CARTPOLE.numSteps());
        WorkerCluster.Result local = inProcess(spec);
        JobLedger ledger = JobLedger.inMemory(); // what the server's database keeps across the restart
        InMemoryJournal journal = new InMemoryJournal();
        String id = UUID.randomUUID().toString();
        journal.create(id, spec);
        List<String> epochsSeen = new CopyOnWriteArrayList<>();
        AtomicInteger finishedEvents = new AtomicInteger();
        SearchEvents events = new SearchEvents() {
            @Override
            public void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {
                epochsSeen.add(candidateId + "#" + record.epoch());
            }

            @Override
            public void candidate(Candidate c) {
                if (c.state == CandidateState.DONE) finishedEvents.incrementAndGet();
            }
        };
        try (WorkerCluster cluster = new WorkerCluster()) {
            BrokerTrainingQueue first = new BrokerTrainingQueue(WorkerCluster.BROKER, ledger);
            cluster.spawn("restart-a", 1, first);
            cluster.spawn("restart-b", 1, first);
            SearchRun before = WorkerCluster.loop(id, spec.task(), first, journal, events);
            Thread loop = Thread.ofVirtual().start(before);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (epochsSeen.stream().filter(e -> e.endsWith("#3")).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "no epochs from the workers: " + epochsSeen);
                Thread.sleep(5);
            }
            // the server stops as a crash would: its loop and its broker connection go, the workers train on
            before.stop();
            loop.join(30_000);
            first.close();
            // every job whose result is not stored stays recorded (a stored one may too: its report, not yet
            // settled when the loop stopped, is delivered again and stored once)
            Set<String> recorded =
                    ledger.outstanding().stream().map(JobLedger.Entry::training).collect(Collectors.toSet());
            List<String> notStored = journal.candidates(id).stream()
                    .filter(c -> c.state != CandidateState.DONE)
                    .map(c -> c.id)
                    .toList();
            assertEquals(4, journal.candidates(id).size());
            assertTrue(recorded.containsAll(notStored), "recorded " + recorded + ", not stored " + notStored);
            assertTrue(ledger.outstanding().size() <= 4, "recorded " + ledger.outstanding());
            int epochsBefore = epochsSeen.size();
            Thread.sleep(1_500); // the workers report to nobody meanwhile

            try (BrokerTrainingQueue second = new BrokerTrainingQueue(WorkerCluster.BROKER, ledger)) {
                finish(WorkerCluster.loop(id, spec.task(), second, journal, events));
                assertEquals(SearchState.DONE, journal.state(id), journal.reason(id));
                WorkerCluster.Result remote = new WorkerCluster.Result(journal, id);
                // every result kept, bit for bit the in-process search's, each epoch stored once
                assertSame(local, remote);
                assertEquals(4, finishedEvents.get(), "one result per candidate");
                assertEquals(epochsSeen.size(), Set.copyOf(epochsSeen).size(), "an epoch was reported twice");
                assertTrue(epochsSeen.size() > epochsBefore, "the restarted server heard no epoch");
                for (Candidate c : remote.candidates()) {
                    assertEquals(1, c.attempt, "the restart made a new attempt of " + c.id);
                    assertTrue(Set.of("restart-a", "restart-b").contains(c.worker), c.worker);
                }
                // nothing was sent or trained twice: one training per candidate on the workers, none refused
                List<String> started = WorkerCluster.trainingsStarted("restart-a", "restart-b");
                assertEquals(4, started.size(), "trainings started: " + started);
                assertEquals(
                        remote.candidates().stream()
                                .map(c -> "candidate " + c.id + ", attempt 1")
                                .collect(Collectors.toSet()),
                        Set.copyOf(started));
                assertEquals(0, second.refused());
                assertEquals(0, second.redelivered());
                assertEquals(0, second.outstanding());
                assertEquals(List.of(), ledger.outstanding(), "a stored result leaves the ledger");
            }
        }
    }

    @Test
    void aResultIsAcknowledgedOnlyAfterItWasStored() throws Exception {
        SearchSpec spec = spec(1, 1, 2560);
        WorkerCluster.Result local = inProcess(spec);
        JobLedger ledger = JobLedger.inMemory();
        InMemoryJournal journal = new InMemoryJournal();
        String id = UUID.randomUUID().toString();
        journal.create(id, spec);
        // the database fails while the result is being stored, and the server stops (as a crash would)
        java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch crash = new java.util.concurrent.CountDownLatch(1);
        SearchJournal failing = (SearchJournal) java.lang.reflect.Proxy.newProxyInstance(
                SearchJournal.class.getClassLoader(), new Class<?>[] {SearchJournal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("checkpoint")) {
                        storing.countDown();
                        crash.await();
                        throw new IllegalStateException("the database went away");
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (WorkerCluster cluster = new WorkerCluster()) {
            BrokerTrainingQueue first = new BrokerTrainingQueue(WorkerCluster.BROKER, ledger);
            cluster.spawn("ack-a", 1, first);
            SearchRun before = WorkerCluster.loop(id, spec.task(), first, failing, SearchEvents.none());
            Thread loop = Thread.ofVirtual().start(before);
            assertTrue(storing.await(120, java.util.concurrent.TimeUnit.SECONDS), "no result arrived");
            before.stop();
            crash.countDown();
            loop.join(30_000);
            first.close();
            assertEquals(CandidateState.TRAINING, journal.candidates(id).getFirst().state, "nothing was stored");

            try (BrokerTrainingQueue second = new BrokerTrainingQueue(WorkerCluster.BROKER, ledger)) {
                finish(WorkerCluster.loop(id, spec.task(), second, journal, SearchEvents.none()));
                assertEquals(SearchState.DONE, journal.state(id), journal.reason(id));
                // the result was delivered again, not trained again: acknowledged on entry, it would have been lost
                assertSame(local, new WorkerCluster.Result(journal, id));
                assertEquals(1, journal.candidates(id).getFirst().attempt);
                assertEquals(1, WorkerCluster.trainingsStarted("ack-a").size());
                assertEquals(List.of(), ledger.outstanding());
            }
        }
    }

    @Test
    void aWorkerThatStopsHeartbeatingIsShownAsLost() throws Exception {
        try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                WorkerCluster cluster = new WorkerCluster()) {
            Process stalled = cluster.spawn("stall-a", 1, queue);
            WorkerStatus alive = queue.workers().stream()
                    .filter(w -> w.name().equals("stall-a"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(false, alive.lost());
            assertEquals(1, alive.concurrency());
            assertEquals(0, alive.runningJobs());
            assertEquals(1, queue.capacity() - others(queue));
            // SIGSTOP: the process lives but sends nothing
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-STOP", String.valueOf(stalled.pid()))
                            .start()
                            .waitFor());
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (queue.workers().stream().noneMatch(w -> w.name().equals("stall-a") && w.lost())) {
                assertTrue(System.nanoTime() < deadline, "stall-a is still shown alive: " + queue.workers());
                Thread.sleep(200);
            }
            assertEquals(0, queue.capacity() - others(queue), "a lost worker adds no capacity");
        }
    }

    /** Capacity of the workers other tests may have left heartbeating (none normally). */
    private static int others(BrokerTrainingQueue queue) {
        return queue.workers().stream()
                .filter(w -> !w.lost() && !w.name().equals("stall-a"))
                .mapToInt(WorkerStatus::concurrency)
                .sum();
    }

    @Test
    void forgedAndStaleReportsAreRefused() throws Exception {
        try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                Connection c = BrokerTrainingQueue.factory(WorkerCluster.BROKER).newConnection("forger");
                Channel ch = c.createChannel()) {
            List<Object> heard = new CopyOnWriteArrayList<>();
            TrainingJob job = new TrainingJob(
                    "forged-candidate",
                    1,
                    "cartpole",
                    "double reward(CartPoleState s, Components c) { return 1.0; }",
                    null,
                    CARTPOLE,
                    1,
                    null);
            TrainingQueue.Handle handle = queue.submit(job, new TrainingQueue.Listener() {
                @Override
                public void event(TrainingEvent event) {
                    heard.add(event);
                }

                @Override
                public void failed(Throwable error) {
                    heard.add(error);
                }
            });
            // the job id this queue sent is only on the jobs queue: take it as a worker would
            var delivery = ch.basicGet(BrokerWire.JOBS, true);
            assertNotNull(delivery, "the job was not published durably");
            String jobId = BrokerWire.decodeJob(delivery.getBody()).jobId();
            TrainingResult fake = new TrainingResult(500.0, new double[] {500.0}, 0, new byte[] {1, 2, 3}, 1, 0.1);
            long before = queue.refused();
            // 1. a result for a job this server never sent
            publish(
                    ch,
                    BrokerWire.encode(new BrokerWire.Finished(UUID.randomUUID().toString(), "r", "forger", fake)));
            // 2. a result for the real job from a run that never started
            publish(ch, BrokerWire.encode(new BrokerWire.Finished(jobId, "never-started", "forger", fake)));
            // 3. bytes that are no report at all
            publish(ch, new byte[] {0, 0, 0, 1, 9, 9});
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (queue.refused() < before + 3) {
                assertTrue(System.nanoTime() < deadline, "refused " + (queue.refused() - before) + " of 3");
                Thread.sleep(10);
            }
            assertEquals(List.of(), heard);
            assertEquals(1, queue.outstanding());
            handle.cancel();
            assertEquals(0, queue.outstanding());
        }
    }

    /** Runs a new offline search on the workers to its end, within {@link #finish}'s limit. */
    private static WorkerCluster.Result searchToEnd(SearchSpec spec, TrainingQueue queue, SearchEvents events)
            throws InterruptedException {
        InMemoryJournal journal = new InMemoryJournal();
        String id = UUID.randomUUID().toString();
        journal.create(id, spec);
        finish(WorkerCluster.loop(id, spec.task(), queue, journal, events));
        return new WorkerCluster.Result(journal, id);
    }

    /** Runs a resumed search to its end; fails when it does not end in time (a report lost, a job never finished). */
    private static void finish(SearchRun run) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(run);
        t.join(java.time.Duration.ofMinutes(4));
        if (t.isAlive()) {
            run.stop();
            throw new AssertionError("the resumed search did not finish: a report was lost");
        }
    }

    private static void publish(Channel ch, byte[] body) throws Exception {
        ch.basicPublish("", BrokerWire.RESULTS, MessageProperties.PERSISTENT_BASIC, body);
    }

    /** Same candidates, programs, fitness, checkpoints, best policies and metrics (all but steps per second). */
    static void assertSame(WorkerCluster.Result expected, WorkerCluster.Result actual) {
        List<Candidate> a = sorted(expected.candidates());
        List<Candidate> b = sorted(actual.candidates());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Candidate x = a.get(i), y = b.get(i);
            String where = "candidate " + x.iteration + "/" + x.index;
            assertEquals(x.program, y.program, where);
            assertEquals(x.state, y.state, where);
            assertEquals(
                    x.fitness == null ? null : Double.doubleToRawLongBits(x.fitness),
                    y.fitness == null ? null : Double.doubleToRawLongBits(y.fitness),
                    where + " fitness");
            assertArrayEquals(x.checkpoints, y.checkpoints, where);
            assertArrayEquals(
                    expected.journal().checkpoint(x.id), actual.journal().checkpoint(y.id), where + " policy");
            assertEquals(x.epochs.size(), y.epochs.size(), where + " epochs");
            for (int e = 0; e < x.epochs.size(); e++) {
                assertEquals(withoutSpeed(x.epochs.get(e)), withoutSpeed(y.epochs.get(e)), where + " epoch " + e);
            }
        }
    }

    private static List<Candidate> sorted(List<Candidate> list) {
        List<Candidate> out = new ArrayList<>(list);
        out.sort(Comparator.<Candidate>comparingInt(c -> c.restart)
                .thenComparingInt(c -> c.iteration)
                .thenComparingInt(c -> c.index));
        return out;
    }

    /** Every value of a record as raw bits, steps per second (wall time) left out. */
    private static List<Object> withoutSpeed(MetricsRecord r) {
        List<Object> out = new ArrayList<>();
        r.byName().forEach((k, v) -> {
            if (!k.equals(dev.rewardsmith.rl.MetricNames.STEPS_PER_SECOND))
                out.add(k + "=" + Double.doubleToRawLongBits(v));
        });
        return out;
    }
}
