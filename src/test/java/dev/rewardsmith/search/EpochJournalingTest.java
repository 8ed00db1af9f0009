package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A search journals the epochs of its trainings together (Trainings): up to {@link Trainings#EPOCHS_PER_WRITE} in
 * one write, or those that waited {@link Trainings#EPOCHS_WAIT_NANOS}; a report is settled only after its epoch was
 * written, and every epoch is stored once, in order.
 */
class EpochJournalingTest {

    /** 70 epochs of 8 copies x 32 steps. */
    static final PpoConfig SEVENTY = SearchRunTest.CARTPOLE.ppoDefaults().toBuilder()
            .totalTimesteps(70 * 256)
            .updateEpochs(1)
            .build();

    private final InProcessTrainingQueue pool =
            new InProcessTrainingQueue(1, SearchRunTest.TASKS, SearchRunTest.COMPILER);

    @AfterEach
    void close() {
        pool.close();
    }

    /**
     * The in-memory journal, recording each write's epochs and whether one of them had been settled before it was
     * written.
     */
    static final class Writes implements SearchJournal {
        final InMemoryJournal inner = new InMemoryJournal();
        final List<List<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
        final Set<String> settled = ConcurrentHashMap.newKeySet();
        final List<String> settledBeforeWritten = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void metrics(List<SearchJournal.Epoch> epochs) {
            for (SearchJournal.Epoch e : epochs) {
                if (settled.contains(e.candidateId() + "/" + e.record().epoch())) {
                    settledBeforeWritten.add(e.candidateId() + "/" + e.record().epoch());
                }
            }
            inner.metrics(epochs);
            writes.add(epochs.stream().map(e -> e.record().epoch()).toList());
        }

        int written() {
            return writes.stream().mapToInt(List::size).sum();
        }

        @Override
        public SearchSnapshot load(String searchId) {
            return inner.load(searchId);
        }

        @Override
        public void searchState(String searchId, SearchState state, String reason) {
            inner.searchState(searchId, state, reason);
        }

        @Override
        public void best(String searchId, String candidateId, double fitness) {
            inner.best(searchId, candidateId, fitness);
        }

        @Override
        public void proposed(List<Candidate> candidates) {
            inner.proposed(candidates);
        }

        @Override
        public void candidate(Candidate candidate) {
            inner.candidate(candidate);
        }

        @Override
        public void metrics(String candidateId, int attempt, MetricsRecord record) {
            throw new AssertionError("every epoch goes through metrics(List)");
        }

        @Override
        public void checkpoint(String candidateId, byte[] policy, double fitness) {
            inner.checkpoint(candidateId, policy, fitness);
        }

        @Override
        public void evaluation(String searchId, Evaluation evaluation) {
            inner.evaluation(searchId, evaluation);
        }

        @Override
        public byte[] policy(String candidateId) {
            return inner.policy(candidateId);
        }

        @Override
        public void iterationDone(String searchId, int restart, int iteration, String selectedId) {
            inner.iterationDone(searchId, restart, iteration, selectedId);
        }
    }

    /**
     * The pool's training, its events held until it finished and then delivered as a durable queue delivers them
     * (each with its settling): the epochs {@code first} at once, then, once the journal wrote those, the rest.
     */
    static TrainingQueue replaying(TrainingQueue pool, Writes journal, int first) {
        return new TrainingQueue() {
            @Override
            public Handle submit(TrainingJob job, Listener listener) {
                List<TrainingEvent> held = new ArrayList<>();
                return pool.submit(job, new Listener() {
                    @Override
                    public void event(TrainingEvent event) {
                        held.add(event);
                        if (!(event instanceof TrainingEvent.Finished)) return;
                        int epochs = 0;
                        for (TrainingEvent e : held) {
                            if (e instanceof TrainingEvent.Epoch epoch && epochs++ == first) awaitWritten(first);
                            String key = e instanceof TrainingEvent.Epoch epoch
                                    ? job.candidateId() + "/" + epoch.record().epoch()
                                    : null;
                            listener.event(e, () -> {
                                if (key != null) journal.settled.add(key);
                            });
                        }
                    }

                    private void awaitWritten(int count) {
                        long end = System.nanoTime() + 30_000_000_000L;
                        while (journal.written() < count && System.nanoTime() < end) Thread.onSpinWait();
                    }

                    @Override
                    public void failed(Throwable error) {
                        listener.failed(error);
                    }
                });
            }

            @Override
            public int capacity() {
                return pool.capacity();
            }
        };
    }

    private static Writes search(String id, TrainingQueue queue, Writes journal) {
        journal.inner.create(
                id,
                new SearchSpec(
                        "cartpole",
                        ProposerKind.OFFLINE,
                        1,
                        1,
                        1,
                        0,
                        7,
                        SelectionMode.FITNESS,
                        false,
                        null,
                        SEVENTY,
                        null));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        new SearchRun(
                        id,
                        SearchRunTest.CARTPOLE,
                        "context",
                        proposer,
                        SearchRunTest.COMPILER,
                        queue,
                        journal,
                        SearchEvents.none())
                .run();
        assertEquals(SearchState.DONE, journal.inner.state(id));
        return journal;
    }

    @Test
    void epochsThatArriveTogetherAreWrittenTogetherAndSettledAfter() {
        Writes journal = new Writes();
        search("together", replaying(pool, journal, Integer.MAX_VALUE), journal);
        // 64 in one write, the other 6 before the training's end is handled
        assertEquals(
                List.of(
                        IntStream.rangeClosed(1, 64).boxed().toList(),
                        IntStream.rangeClosed(65, 70).boxed().toList()),
                journal.writes);
        assertEquals(List.of(), journal.settledBeforeWritten);
        assertEquals(70, journal.settled.size(), "every epoch's report was settled");
        Candidate c = journal.inner.candidates("together").get(0);
        assertEquals(CandidateState.DONE, c.state, c.failure);
        assertEquals(
                IntStream.rangeClosed(1, 70).boxed().toList(),
                journal.load("together").candidates().get(0).epochs.stream()
                        .map(r -> r.epoch())
                        .toList());
    }

    @Test
    void epochsThatWaitedAreWrittenWithoutAnotherMessage() {
        Writes journal = new Writes();
        long start = System.nanoTime();
        search("waited", replaying(pool, journal, 3), journal);
        // the first three are written once they waited, while nothing else comes; then 64, then 3
        assertEquals(
                List.of(
                        List.of(1, 2, 3),
                        IntStream.rangeClosed(4, 67).boxed().toList(),
                        IntStream.rangeClosed(68, 70).boxed().toList()),
                journal.writes);
        assertTrue(System.nanoTime() - start >= Trainings.EPOCHS_WAIT_NANOS);
        assertEquals(List.of(), journal.settledBeforeWritten);
        assertEquals(70, journal.settled.size());
    }
}
