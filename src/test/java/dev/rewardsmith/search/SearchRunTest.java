package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SearchRunTest {

    static final TaskRegistry TASKS = new TaskRegistry();
    static final RewardCompiler COMPILER = new RewardCompiler();
    static final Task CARTPOLE = TASKS.find("cartpole").orElseThrow();

    /** About a tenth of a second per training: 10 epochs of 8 copies x 32 steps. */
    static final PpoConfig TINY = CARTPOLE.ppoDefaults().toBuilder()
            .totalTimesteps(2560)
            .updateEpochs(2)
            .build();

    static final String UPRIGHT =
            """
            double reward(CartPoleState s, Components c) {
                double t = 20.0;
                double upright = Math.exp(-t * s.poleAngle * s.poleAngle);
                c.put("upright", upright);
                return upright;
            }""";
    static final String CONSTANT =
            """
            double reward(CartPoleState s, Components c) {
                c.put("alive", 1.0);
                return 1.0;
            }""";
    static final String BROKEN = "double reward(CartPoleState s, Components c) { return s.nothing; }";
    static final String NON_FINITE =
            """
            double reward(CartPoleState s, Components c) {
                double x = Math.log(s.poleAngle - 10.0);
                c.put("bad", x);
                return x;
            }""";

    private final List<InProcessTrainingQueue> queues = new ArrayList<>();

    @AfterEach
    void close() {
        queues.forEach(InProcessTrainingQueue::close);
    }

    private InProcessTrainingQueue queue(int capacity) {
        InProcessTrainingQueue q = new InProcessTrainingQueue(capacity, TASKS, COMPILER);
        queues.add(q);
        return q;
    }

    static SearchSpec spec(int samples, int iterations, boolean humanInit) {
        return new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                samples,
                iterations,
                1,
                0,
                7,
                SelectionMode.FITNESS,
                humanInit,
                null,
                TINY,
                null);
    }

    /** Records every state a search and its candidates went through, in order. */
    static class Transitions implements SearchEvents {
        final List<SearchState> search = Collections.synchronizedList(new ArrayList<>());
        final Map<String, List<CandidateState>> candidates = new ConcurrentHashMap<>();
        final List<MetricsRecord> metrics = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void searchState(String searchId, SearchState state, String reason) {
            search.add(state);
        }

        @Override
        public void candidate(Candidate c) {
            List<CandidateState> list =
                    candidates.computeIfAbsent(c.id, k -> Collections.synchronizedList(new ArrayList<>()));
            if (list.isEmpty() || list.get(list.size() - 1) != c.state) list.add(c.state);
        }

        @Override
        public void metrics(String searchId, String candidateId, int attempt, MetricsRecord record) {
            metrics.add(record);
        }
    }

    private static SearchRun run(
            String id, Proposer proposer, TrainingQueue queue, SearchJournal journal, SearchEvents events) {
        return new SearchRun(id, CARTPOLE, "context", proposer, COMPILER, queue, journal, events);
    }

    @Test
    void searchTrainsEveryProgramAndFeedsTheBestRoundBack() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("s1", spec(2, 2, false));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(CONSTANT, UPRIGHT));
        Transitions events = new Transitions();
        run("s1", proposer, queue(2), journal, events).run();

        assertEquals(SearchState.DONE, journal.state("s1"));
        assertEquals(List.of(SearchState.RUNNING, SearchState.DONE), events.search);
        List<Candidate> all = journal.candidates("s1");
        assertEquals(4, all.size());
        for (Candidate c : all) {
            assertEquals(CandidateState.DONE, c.state, c.failure);
            assertEquals(
                    List.of(
                            CandidateState.PROPOSED,
                            CandidateState.QUEUED,
                            CandidateState.TRAINING,
                            CandidateState.DONE),
                    events.candidates.get(c.id));
            assertEquals(1, c.attempt);
            assertEquals(TINY.numIterations(), c.epochs.size());
            assertEquals(10, c.checkpoints.length);
            assertEquals(max(c.checkpoints), c.fitness);
        }
        // iteration 0's selected candidate is the parent of iteration 1's, with its reflection
        assertEquals(2, proposer.requests.size());
        assertNull(proposer.requests.get(0).parent());
        ProposalRequest.Parent parent = proposer.requests.get(1).parent();
        Candidate selected = all.stream()
                .filter(c -> c.iteration == 0)
                .max((a, b) -> a.fitness.equals(b.fitness) ? b.index - a.index : Double.compare(a.fitness, b.fitness))
                .orElseThrow();
        assertEquals(selected.id, parent.candidateId());
        assertEquals(selected.id, journal.selected("s1", 0, 0));
        assertEquals(parent.reflection().text().replace("<State>", "CartPoleState"), selected.reflection);
        assertTrue(selected.reflection.contains("`double reward(CartPoleState s, Components c)`"));
        assertEquals(selected.program, parent.program());
        assertTrue(all.stream().filter(c -> c.iteration == 1).allMatch(c -> selected.id.equals(c.parentId)));
        // the best is the overall maximum
        Candidate best =
                all.stream().max((a, b) -> Double.compare(a.fitness, b.fitness)).orElseThrow();
        assertEquals(
                best.fitness,
                all.stream()
                        .filter(c -> c.id.equals(journal.bestId("s1")))
                        .findFirst()
                        .orElseThrow()
                        .fitness);
        // every trained candidate has its rollouts, on the same seeds for all
        java.util.Set<List<Long>> seeds = new java.util.HashSet<>();
        for (Candidate c : all) {
            var rollouts = journal.rollouts(c.id);
            assertEquals(SearchRun.ROLLOUT_SEEDS, rollouts.size());
            seeds.add(rollouts.stream().map(dev.rewardsmith.rl.Rollout::seed).toList());
            for (var r : rollouts) {
                assertEquals(c.components, r.componentNames());
                assertTrue(
                        r.steps().get(0).frame().startsWith("{\"v\":["),
                        r.steps().get(0).frame());
                assertTrue(
                        r.steps().get(0).state().contains("\"poleAngle\":"),
                        r.steps().get(0).state());
            }
        }
        assertEquals(1, seeds.size());
        // one metrics record per epoch per training
        assertEquals(4 * TINY.numIterations(), events.metrics.size());
        // the same seed trains every candidate: the same program twice gives the same fitness
        assertEquals(
                all.get(1).fitness,
                all.stream()
                        .filter(c -> c.iteration == 1 && c.index == 1)
                        .findFirst()
                        .orElseThrow()
                        .fitness);
    }

    @Test
    void aTrainingFailureEntersTheNextIterationsPromptWithItsProgram() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("s-rt", spec(2, 2, false));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(UPRIGHT, NON_FINITE));
        run("s-rt", proposer, queue(1), journal, SearchEvents.none()).run();

        assertEquals(SearchState.DONE, journal.state("s-rt"));
        assertEquals(2, proposer.requests.size());
        assertEquals(List.of(), proposer.requests.get(0).failures());
        ProposalRequest second = proposer.requests.get(1);
        assertEquals(1, second.iteration());
        assertEquals(0, second.round());
        assertEquals(1, second.failures().size());
        String failure = second.failures().get(0);
        assertTrue(failure.startsWith("candidate 1 failed in training: "), failure);
        assertTrue(failure.contains("bad"), failure);
        assertTrue(failure.contains(" | " + "    double x = Math.log(s.poleAngle - 10.0);"), failure);
    }

    @Test
    void roundWhereEverythingFailedIsRetriedWithTheFailuresSummarized() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("s2", spec(2, 1, false));
        ScriptedProposer proposer =
                new ScriptedProposer(r -> r.failures().isEmpty() ? List.of(BROKEN, NON_FINITE) : List.of(UPRIGHT));
        run("s2", proposer, queue(1), journal, SearchEvents.none()).run();

        assertEquals(SearchState.DONE, journal.state("s2"));
        assertEquals(2, proposer.requests.size());
        List<String> failures = proposer.requests.get(1).failures();
        assertEquals(2, failures.size());
        // each failed program is quoted (numbered lines) with its problems, the offending line quoted again
        Candidate rejected = journal.candidates("s2").stream()
                .filter(c -> c.index == 0)
                .findFirst()
                .orElseThrow();
        Problem p = rejected.problems.get(0);
        assertEquals(
                "candidate 0 was rejected. Its answer:\n1 | " + BROKEN + "\nProblems:\n- 1:" + p.column() + " "
                        + p.message() + "\n    line 1: " + BROKEN,
                failures.get(0));
        assertTrue(p.message().contains("nothing"), p.message());
        assertTrue(failures.get(1).startsWith("candidate 1 failed in training: "), failures.get(1));
        assertTrue(failures.get(1).contains("bad"), failures.get(1));
        assertTrue(
                failures.get(1).contains(". Its program:\n1 | double reward(CartPoleState s, Components c) {\n"),
                failures.get(1));
        assertTrue(failures.get(1).contains(" | " + "    double x = Math.log(s.poleAngle - 10.0);"), failures.get(1));
        Map<Integer, CandidateState> byIndex =
                journal.candidates("s2").stream().collect(Collectors.toMap(c -> c.index, c -> c.state));
        assertEquals(Map.of(0, CandidateState.REJECTED, 1, CandidateState.FAILED, 2, CandidateState.DONE), byIndex);
        Candidate retried = journal.candidates("s2").stream()
                .filter(c -> c.index == 2)
                .findFirst()
                .orElseThrow();
        assertEquals(1, retried.round);
    }

    @Test
    void searchWhereEveryRoundFailsEndsFailedWithAReason() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("s3", spec(1, 1, false));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(BROKEN));
        run("s3", proposer, queue(1), journal, SearchEvents.none()).run();
        assertEquals(SearchState.FAILED, journal.state("s3"));
        assertEquals("every candidate was rejected or failed in training", journal.reason("s3"));
        assertEquals(SearchRun.MAX_ROUNDS, proposer.requests.size());
        assertEquals("", journal.selected("s3", 0, 0));
    }

    @Test
    void humanInitializationTrainsTheTasksHumanRewardAlone() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("s4", spec(3, 2, true));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(UPRIGHT, CONSTANT, UPRIGHT));
        run("s4", proposer, queue(2), journal, SearchEvents.none()).run();
        List<Candidate> iteration0 =
                journal.candidates("s4").stream().filter(c -> c.iteration == 0).toList();
        assertEquals(1, iteration0.size());
        assertEquals("human", iteration0.get(0).origin);
        assertEquals(
                COMPILER.compile(CARTPOLE.humanReward(), CARTPOLE.stateType())
                                instanceof dev.rewardsmith.reward.CompileResult.Compiled c
                        ? c.reward().source()
                        : null,
                iteration0.get(0).program);
        assertEquals(1, proposer.requests.size());
        assertEquals(iteration0.get(0).id, proposer.requests.get(0).parent().candidateId());
        assertEquals(4, journal.candidates("s4").size());
    }

    @Test
    void stoppedSearchResumesWithoutRetrainingFinishedCandidates() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create(
                "s5",
                new SearchSpec(
                        "cartpole",
                        ProposerKind.OFFLINE,
                        4,
                        2,
                        1,
                        0,
                        3,
                        SelectionMode.FITNESS,
                        false,
                        null,
                        TINY.toBuilder().totalTimesteps(256 * 60).build(),
                        null));
        ScriptedProposer proposer =
                new ScriptedProposer(r -> List.of(UPRIGHT, CONSTANT, UPRIGHT + " ", CONSTANT + " "));
        InProcessTrainingQueue first = queue(1);
        SearchRun run = run("s5", proposer, first, journal, SearchEvents.none());
        Thread thread = Thread.ofVirtual().start(run);
        // stop in the middle of iteration 0: after the first candidate is done, while the second trains
        awaitUntil(() -> journal.candidates("s5").stream()
                                .filter(c -> c.state == CandidateState.DONE)
                                .count()
                        >= 1
                && journal.candidates("s5").stream().anyMatch(c -> c.state == CandidateState.TRAINING));
        run.stop();
        first.close();
        thread.join(10_000);
        assertTrue(!thread.isAlive());
        List<Candidate> before = journal.candidates("s5");
        List<String> doneBefore = before.stream()
                .filter(c -> c.state == CandidateState.DONE)
                .map(c -> c.id)
                .toList();
        assertTrue(!doneBefore.isEmpty());
        assertEquals(SearchState.RUNNING, journal.state("s5"));

        InProcessTrainingQueue second = queue(2);
        run("s5", proposer, second, journal, SearchEvents.none()).run();
        assertEquals(SearchState.DONE, journal.state("s5"));
        List<Candidate> after = journal.candidates("s5");
        assertEquals(8, after.size());
        for (Candidate c : after) {
            assertEquals(CandidateState.DONE, c.state);
            int trainedBefore = first.trainingsStarted(c.id);
            int trainedAfter = second.trainingsStarted(c.id);
            if (doneBefore.contains(c.id)) {
                assertEquals(1, trainedBefore, "finished before the stop: trained once");
                assertEquals(0, trainedAfter, "never trained again");
            } else {
                assertEquals(1, trainedAfter, "unfinished: trained once after the restart");
            }
        }
        // iteration 0 was proposed once; iteration 1 after the restart
        assertEquals(2, proposer.requests.size());
    }

    @Test
    void pausedSearchStartsNothingNewUntilResumedAndCancelEndsIt() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create(
                "s6",
                new SearchSpec(
                        "cartpole",
                        ProposerKind.OFFLINE,
                        3,
                        3,
                        1,
                        0,
                        3,
                        SelectionMode.FITNESS,
                        false,
                        null,
                        TINY.toBuilder().totalTimesteps(256 * 40).build(),
                        null));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(UPRIGHT, CONSTANT, UPRIGHT + " "));
        InProcessTrainingQueue q = queue(1);
        Transitions events = new Transitions();
        SearchRun run = run("s6", proposer, q, journal, events);
        Thread thread = Thread.ofVirtual().start(run);
        awaitUntil(() -> journal.candidates("s6").stream().anyMatch(c -> c.state == CandidateState.TRAINING));
        run.pause();
        awaitUntil(() -> journal.state("s6") == SearchState.PAUSED);
        // the running training finishes; the two waiting ones do not start
        awaitUntil(() -> journal.candidates("s6").stream().anyMatch(c -> c.state == CandidateState.DONE));
        Thread.sleep(1500);
        assertEquals(1, q.trainingsStarted());
        assertEquals(
                2,
                journal.candidates("s6").stream()
                        .filter(c -> c.state == CandidateState.QUEUED)
                        .count());
        run.resume();
        awaitUntil(() -> q.trainingsStarted() >= 2);
        run.cancel();
        thread.join(20_000);
        assertEquals(SearchState.CANCELLED, journal.state("s6"));
        assertTrue(journal.candidates("s6").stream().allMatch(c -> c.state.terminal()));
        assertEquals(
                List.of(SearchState.RUNNING, SearchState.PAUSED, SearchState.RUNNING, SearchState.CANCELLED),
                events.search);
    }

    @Test
    void finalEvaluationTrainsBestHumanAndSparseWithEachSeedAndCachesBaselines() {
        InMemoryEvaluationCache cache = new InMemoryEvaluationCache();
        InProcessTrainingQueue q = queue(2);
        InMemoryJournal journal = new InMemoryJournal();
        SearchSpec spec = new SearchSpec(
                "cartpole", ProposerKind.OFFLINE, 2, 1, 2, 2, 11, SelectionMode.FITNESS, false, null, TINY, null);
        journal.create("e1", spec);
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(UPRIGHT, CONSTANT));
        new SearchRun("e1", CARTPOLE, "context", proposer, COMPILER, q, journal, SearchEvents.none(), cache, null)
                .run();
        assertEquals(SearchState.DONE, journal.state("e1"));
        // R = 2 restarts of 1 iteration of 2 candidates: 4 trainings; then 3 rewards x 2 seeds
        assertEquals(4 + 6, q.trainingsStarted());
        Evaluation e = journal.evaluation("e1");
        assertNotNull(e);
        assertEquals(2, e.best().values().length);
        assertEquals(2, e.human().values().length);
        assertEquals(2, e.sparse().values().length);
        assertEquals(journal.bestId("e1"), e.candidate());
        assertEquals(0, e.cachedTrainings());
        assertTrue(e.correlationSteps() > 0);
        for (double f : e.best().values()) assertTrue(f >= 0 && f <= 1);
        var expectedHns = Scores.humanNormalized(
                e.best().mean(), e.human().mean(), e.sparse().mean());
        assertEquals(expectedHns.isPresent() ? expectedHns.getAsDouble() : null, e.hns());
        // restarts used different seeds: the two restarts' programs are the same, yet trained differently
        List<Candidate> all = journal.candidates("e1");
        assertEquals(2, all.stream().filter(c -> c.restart == 1).count());

        // a second search with the same seeds: the human and sparse baselines (and the same best) come from the cache
        InMemoryJournal second = new InMemoryJournal();
        second.create("e2", spec);
        long before = q.trainingsStarted();
        new SearchRun("e2", CARTPOLE, "context", proposer, COMPILER, q, second, SearchEvents.none(), cache, null).run();
        Evaluation e2 = second.evaluation("e2");
        assertEquals(4, q.trainingsStarted() - before, "only the search's own trainings ran again");
        assertEquals(6, e2.cachedTrainings());
        assertEquals(e.human().mean(), e2.human().mean(), 0.0);
        assertEquals(e.sparse().mean(), e2.sparse().mean(), 0.0);
    }

    @Test
    void curriculumStartsEveryTrainingFromTheCheckpoint() {
        // a policy trained on the human reward, as a curriculum's first stage
        InMemoryJournal journal = new InMemoryJournal();
        PpoConfig longer =
                CARTPOLE.ppoDefaults().toBuilder().totalTimesteps(256 * 80).build();
        journal.create(
                "c0",
                new SearchSpec(
                        "cartpole",
                        ProposerKind.HUMAN,
                        1,
                        1,
                        1,
                        0,
                        2,
                        SelectionMode.FITNESS,
                        true,
                        null,
                        longer,
                        null));
        InProcessTrainingQueue q = queue(2);
        new SearchRun(
                        "c0",
                        CARTPOLE,
                        "context",
                        new ScriptedProposer(r -> List.of()),
                        COMPILER,
                        q,
                        journal,
                        SearchEvents.none())
                .run();
        Candidate source = journal.candidates("c0").get(0);
        byte[] policy = journal.checkpoint(source.id);
        assertNotNull(policy);

        // the same reward trained briefly from that checkpoint and from scratch: the first checkpoint tells
        SearchSpec spec = new SearchSpec(
                "cartpole", ProposerKind.HUMAN, 1, 1, 1, 0, 3, SelectionMode.FITNESS, true, null, TINY, source.id);
        InMemoryJournal tuned = new InMemoryJournal();
        tuned.create("c1", spec);
        SearchJournal withSource = new DelegatingJournal(tuned, journal);
        new SearchRun(
                        "c1",
                        CARTPOLE,
                        "context",
                        new ScriptedProposer(r -> List.of()),
                        COMPILER,
                        q,
                        withSource,
                        SearchEvents.none())
                .run();
        InMemoryJournal scratch = new InMemoryJournal();
        scratch.create(
                "c2",
                new SearchSpec(
                        "cartpole", ProposerKind.HUMAN, 1, 1, 1, 0, 3, SelectionMode.FITNESS, true, null, TINY, null));
        new SearchRun(
                        "c2",
                        CARTPOLE,
                        "context",
                        new ScriptedProposer(r -> List.of()),
                        COMPILER,
                        q,
                        scratch,
                        SearchEvents.none())
                .run();
        double sourceBest = source.fitness;
        double tunedFirst = tuned.candidates("c1").get(0).checkpoints[0];
        double scratchFirst = scratch.candidates("c2").get(0).checkpoints[0];
        assertTrue(sourceBest >= 0.5, "the source policy learned: " + sourceBest);
        assertTrue(
                tunedFirst >= sourceBest - 0.3,
                "fine-tuned starts near the source: " + tunedFirst + " vs " + sourceBest);
        assertTrue(tunedFirst > scratchFirst + 0.2, "fine-tuned " + tunedFirst + " vs scratch " + scratchFirst);
    }

    @Test
    void preferenceSelectionPicksTheVotedCandidateAndAddsTheTeamsParagraph() {
        InMemoryJournal own = new InMemoryJournal();
        SearchSpec spec = new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                2,
                2,
                1,
                0,
                7,
                SelectionMode.PREFERENCE,
                false,
                null,
                TINY,
                null,
                null,
                null,
                new SearchSpec.Preference(2, 1, 0.5));
        own.create("v1", spec);
        // one vote for the iteration's less fit candidate, with a comment; two are asked for: it waits a second
        SearchJournal voting = new VotingJournal(own);
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(CONSTANT, UPRIGHT));
        Transitions events = new Transitions();
        run("v1", proposer, queue(2), voting, events).run();

        assertEquals(SearchState.DONE, own.state("v1"));
        assertEquals(
                List.of(
                        SearchState.RUNNING,
                        SearchState.AWAITING_VOTES,
                        SearchState.RUNNING,
                        SearchState.AWAITING_VOTES,
                        SearchState.RUNNING,
                        SearchState.DONE),
                events.search);
        List<Candidate> first =
                own.candidates("v1").stream().filter(c -> c.iteration == 0).toList();
        Candidate loser = first.stream()
                .min((a, b) -> Double.compare(a.fitness, b.fitness))
                .orElseThrow();
        assertTrue(first.get(0).fitness != first.get(1).fitness, "the two rewards train apart");
        assertEquals(loser.id, own.selected("v1", 0, 0));
        assertTrue(loser.reflection.endsWith("comments: \"keep it upright\"."), loser.reflection);
        assertTrue(loser.reflection.contains("\n\nTeam members preferred"), loser.reflection);
        ProposalRequest second = proposer.requests.get(1);
        assertEquals(loser.id, second.parent().candidateId());
        assertEquals(1, second.feedback().size());
        assertTrue(loser.reflection.endsWith(second.feedback().get(0)));
    }

    /** A journal whose every iteration has one vote, for its less fit trained candidate. */
    record VotingJournal(InMemoryJournal own) implements SearchJournal {
        public IterationFeedback feedback(String id, int restart, int iteration) {
            List<Candidate> done = own.candidates(id).stream()
                    .filter(c -> c.restart == restart && c.iteration == iteration && c.state == CandidateState.DONE)
                    .sorted((a, b) -> Double.compare(a.fitness, b.fitness))
                    .toList();
            if (done.size() < 2) return IterationFeedback.NONE;
            String loser = done.get(0).id;
            return new IterationFeedback(
                    List.of(new dev.rewardsmith.feedback.Outcome(loser, done.get(1).id, false)),
                    Map.of(loser, List.of("keep it upright")),
                    Map.of());
        }

        public SearchSnapshot load(String id) {
            return own.load(id);
        }

        public void searchState(String id, SearchState s, String r) {
            own.searchState(id, s, r);
        }

        public void best(String id, String c, double f) {
            own.best(id, c, f);
        }

        public void proposed(List<Candidate> l) {
            own.proposed(l);
        }

        public void candidate(Candidate c) {
            own.candidate(c);
        }

        public void metrics(String c, int a, MetricsRecord r) {
            own.metrics(c, a, r);
        }

        public void checkpoint(String c, byte[] p, double f) {
            own.checkpoint(c, p, f);
        }

        public void evaluation(String id, Evaluation e) {
            own.evaluation(id, e);
        }

        public byte[] policy(String c) {
            return own.policy(c);
        }

        public void iterationDone(String id, int r, int i, String s) {
            own.iterationDone(id, r, i, s);
        }
    }

    /** A journal that finds policies in a second journal (the curriculum's source search). */
    record DelegatingJournal(InMemoryJournal own, InMemoryJournal source) implements SearchJournal {
        public SearchSnapshot load(String id) {
            return own.load(id);
        }

        public void searchState(String id, SearchState s, String r) {
            own.searchState(id, s, r);
        }

        public void best(String id, String c, double f) {
            own.best(id, c, f);
        }

        public void proposed(List<Candidate> l) {
            own.proposed(l);
        }

        public void candidate(Candidate c) {
            own.candidate(c);
        }

        public void metrics(String c, int a, MetricsRecord r) {
            own.metrics(c, a, r);
        }

        public void checkpoint(String c, byte[] p, double f) {
            own.checkpoint(c, p, f);
        }

        public void evaluation(String id, Evaluation e) {
            own.evaluation(id, e);
        }

        public byte[] policy(String c) {
            byte[] p = own.policy(c);
            return p != null ? p : source.policy(c);
        }

        public void iterationDone(String id, int r, int i, String s) {
            own.iterationDone(id, r, i, s);
        }
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) m = Math.max(m, v);
        return m;
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 60 s");
            Thread.sleep(20);
        }
    }
}
