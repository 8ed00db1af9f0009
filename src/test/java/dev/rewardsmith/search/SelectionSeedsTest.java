package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Selection on several training seeds (docs/architecture.md, Search, "Selection seeds"), with a fake queue whose F
 * depends on the program and on whether the training runs on the restart's training seed: the lucky program is the
 * best on that seed only, the steady one is good on every seed.
 */
class SelectionSeedsTest {

    static final String LUCKY = program("lucky");
    static final String STEADY = program("steady");
    static final String WEAK = program("weak");

    /** F on the restart's training seed, then on any other seed (all exact in binary). */
    static final Map<String, double[]> F = Map.of(
            "lucky", new double[] {0.875, 0.125},
            "steady", new double[] {0.75, 0.625},
            "weak", new double[] {0.25, 1.0});

    static final long SEED = 7;

    static String program(String name) {
        return """
                double reward(CartPoleState s, Components c) {
                    c.put("%s", 1.0);
                    return 1.0;
                }"""
                .formatted(name);
    }

    static SearchSpec spec(int selectionSeeds) {
        return new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                3,
                1,
                1,
                0,
                SEED,
                SelectionMode.FITNESS,
                false,
                null,
                SearchRunTest.TINY,
                null,
                null,
                null,
                null,
                null,
                selectionSeeds);
    }

    /**
     * Finishes every job at once with F from {@link #F}, except the jobs whose id starts with one of {@code held},
     * which are sent and never finish (as a training that runs when the server stops).
     */
    static final class SeededQueue implements TrainingQueue {
        final List<TrainingJob> jobs = Collections.synchronizedList(new ArrayList<>());
        final Set<String> held;

        SeededQueue(Set<String> held) {
            this.held = held;
        }

        @Override
        public Handle submit(TrainingJob job, Listener listener) {
            jobs.add(job);
            if (held.stream().anyMatch(job.candidateId()::startsWith)) return () -> {};
            double[] f = F.entrySet().stream()
                    .filter(e -> job.program().contains("\"" + e.getKey() + "\""))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            double fitness = job.seed() == Seeds.training(SEED, 0) ? f[0] : f[1];
            Thread.ofVirtual().start(() -> {
                listener.event(new TrainingEvent.Started("fake", "cpu", null));
                listener.event(new TrainingEvent.Epoch(new MetricsRecord(
                        1, 8, 1, 0, 0, fitness, List.of("c"), new double[] {1}, 0, 0, 0, 0, 0, 0, 1e-3)));
                listener.event(new TrainingEvent.Finished(
                        new TrainingResult(fitness, new double[] {fitness}, 0, new byte[] {1}, 1, 0.0)));
            });
            return () -> {};
        }

        @Override
        public int capacity() {
            return 8;
        }

        List<String> ids() {
            synchronized (jobs) {
                return jobs.stream().map(TrainingJob::candidateId).toList();
            }
        }
    }

    /** The bests announced, as "candidate id=score". */
    static final class Bests implements SearchEvents {
        final List<String> announced = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void best(String searchId, String candidateId, double fitness) {
            announced.add(candidateId + "=" + fitness);
        }
    }

    private static Map<String, String> byName(InMemoryJournal journal, String id) {
        return journal.candidates(id).stream().collect(Collectors.toMap(c -> c.components.getFirst(), c -> c.id));
    }

    private static SearchRun run(String id, TrainingQueue queue, InMemoryJournal journal, SearchEvents events) {
        return new SearchRun(
                id,
                SearchRunTest.CARTPOLE,
                "context",
                new ScriptedProposer(r -> List.of(LUCKY, STEADY, WEAK)),
                SearchRunTest.COMPILER,
                queue,
                journal,
                events);
    }

    @Test
    void oneSeedSelectsTheLuckyProgram() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("one", spec(1));
        SeededQueue queue = new SeededQueue(Set.of());
        Bests events = new Bests();
        run("one", queue, journal, events).run();

        assertEquals(SearchState.DONE, journal.state("one"));
        Map<String, String> ids = byName(journal, "one");
        assertEquals(ids.get("lucky"), journal.selected("one", 0, 0));
        assertEquals(ids.get("lucky"), journal.bestId("one"));
        assertEquals(0.875, journal.bestFitness("one"));
        // offered as each training finishes: the lucky program's F on its one seed wins
        assertEquals(ids.get("lucky") + "=0.875", events.announced.getLast());
        assertEquals(3, queue.jobs.size(), "one training per candidate, no re-scoring");
        for (Candidate c : journal.candidates("one")) assertEquals(List.of(), c.selectionScores);
    }

    @Test
    void twoSeedsSelectTheSteadyProgramOnItsMeanF() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("two", spec(2));
        SeededQueue queue = new SeededQueue(Set.of());
        Bests events = new Bests();
        run("two", queue, journal, events).run();

        assertEquals(SearchState.DONE, journal.state("two"));
        Map<String, String> ids = byName(journal, "two");
        assertEquals(ids.get("steady"), journal.selected("two", 0, 0));
        assertEquals(ids.get("steady"), journal.bestId("two"));
        assertEquals(0.6875, journal.bestFitness("two"));
        // the best is announced once, after re-scoring, with its mean F: (0.75 + 0.625) / 2
        assertEquals(List.of(ids.get("steady") + "=0.6875"), events.announced);
        Map<String, List<Double>> scores = journal.candidates("two").stream()
                .collect(Collectors.toMap(c -> c.components.getFirst(), c -> c.selectionScores));
        assertEquals(List.of(0.875, 0.125), scores.get("lucky"));
        assertEquals(List.of(0.75, 0.625), scores.get("steady"));
        assertEquals(List.of(), scores.get("weak"), "third by its first-seed F: not re-scored");
        // K trainings, then the top two each on one more seed; each seed is derived, never the training seed
        assertEquals(5, queue.jobs.size());
        assertEquals(
                Set.of("selection/" + ids.get("lucky") + "/1", "selection/" + ids.get("steady") + "/1"),
                Set.copyOf(queue.ids().subList(3, 5)));
        List<Long> extraSeeds = queue.jobs.subList(3, 5).stream()
                .map(TrainingJob::seed)
                .sorted()
                .toList();
        Candidate lucky = candidate(journal, "two", "lucky");
        Candidate steady = candidate(journal, "two", "steady");
        List<Long> expected = new ArrayList<>(
                List.of(Seeds.selection(SEED, 0, 0, lucky.index, 1), Seeds.selection(SEED, 0, 0, steady.index, 1)));
        Collections.sort(expected);
        assertEquals(expected, extraSeeds);
        assertNotEquals(extraSeeds.get(0), extraSeeds.get(1));
        assertFalse(extraSeeds.contains(Seeds.training(SEED, 0)));
    }

    @Test
    void threeSeedsTrainTheTopTwoOnTwoMoreSeedsEach() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("three", spec(3));
        SeededQueue queue = new SeededQueue(Set.of());
        run("three", queue, journal, SearchEvents.none()).run();

        assertEquals(SearchState.DONE, journal.state("three"));
        assertEquals(3 + 2 * 2, queue.jobs.size());
        assertEquals(List.of(0.875, 0.125, 0.125), candidate(journal, "three", "lucky").selectionScores);
        assertEquals(List.of(0.75, 0.625, 0.625), candidate(journal, "three", "steady").selectionScores);
        assertEquals(candidate(journal, "three", "steady").id, journal.bestId("three"));
        long[] seeds =
                queue.jobs.stream().mapToLong(TrainingJob::seed).distinct().toArray();
        assertEquals(
                1 + 4,
                seeds.length,
                "the training seed, then four distinct selection seeds: " + Arrays.toString(seeds));
    }

    @Test
    void aSearchStoppedWhileReScoringReScoresAfterARestart() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("resume", spec(2));
        // both re-scoring trainings are still running when the server stops
        SeededQueue first = new SeededQueue(Set.of("selection/"));
        SearchRun stopped = run("resume", first, journal, SearchEvents.none());
        Thread thread = Thread.ofVirtual().start(stopped);
        SearchRunTest.awaitUntil(() -> first.jobs.size() == 5);
        stopped.stop();
        thread.join(10_000);
        assertFalse(thread.isAlive());
        assertEquals(Arrays.asList(0.875, null), candidate(journal, "resume", "lucky").selectionScores);
        assertEquals(Arrays.asList(0.75, null), candidate(journal, "resume", "steady").selectionScores);
        assertEquals(SearchState.RUNNING, journal.state("resume"));

        // after the restart: the candidates' trainings are done, the two re-scoring trainings run again
        SeededQueue second = new SeededQueue(Set.of());
        run("resume", second, journal, SearchEvents.none()).run();
        assertEquals(SearchState.DONE, journal.state("resume"));
        Candidate lucky = candidate(journal, "resume", "lucky");
        Candidate steady = candidate(journal, "resume", "steady");
        assertEquals(Set.of("selection/" + lucky.id + "/1", "selection/" + steady.id + "/1"), Set.copyOf(second.ids()));
        assertEquals(List.of(0.875, 0.125), lucky.selectionScores);
        assertEquals(List.of(0.75, 0.625), steady.selectionScores);
        assertEquals(steady.id, journal.selected("resume", 0, 0));
        assertEquals(steady.id, journal.bestId("resume"));
    }

    @Test
    void aReScoredSeedIsNotTrainedAgainAfterARestart() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("half", spec(2));
        run("half", new SeededQueue(Set.of()), journal, SearchEvents.none()).run();
        // the journal as a stop leaves it when the lucky program's second seed was stored and the steady one's not
        Candidate steady = candidate(journal, "half", "steady");
        steady.selectionScores = Arrays.asList(0.75, null);
        journal.candidate(steady);
        journal.searchState("half", SearchState.RUNNING, null);

        SeededQueue second = new SeededQueue(Set.of());
        run("half", second, journal, SearchEvents.none()).run();
        assertEquals(List.of("selection/" + steady.id + "/1"), second.ids());
        assertEquals(List.of(0.75, 0.625), candidate(journal, "half", "steady").selectionScores);
        assertEquals(steady.id, journal.bestId("half"));
        assertTrue(journal.candidates("half").stream().allMatch(c -> c.state == CandidateState.DONE));
    }

    private static Candidate candidate(InMemoryJournal journal, String id, String name) {
        return journal.candidates(id).stream()
                .filter(c -> c.components.getFirst().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
