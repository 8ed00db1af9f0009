package dev.rewardsmith.search;

import static dev.rewardsmith.search.SearchRunTest.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.propose.ChatModel;
import dev.rewardsmith.propose.PromptBook;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eureka-HF in the loop (docs/llm.md, Human reflection): the iteration after a selection waits for a team member's
 * text like a vote wait (timeout, pause, cancel, resume after a stop), and the next proposal request carries it
 * verbatim, after the automatic reflection or instead of it.
 */
class ReflectionWaitTest {

    /** Characters a template language or a chat protocol might be tempted to touch. */
    static final String TEXT = "Keep <upright> & {centred}: \"penalize\" |x| > 2.4\n  second line\\n, tab\tend";

    private final List<InProcessTrainingQueue> queues = new ArrayList<>();

    @AfterEach
    void close() {
        queues.forEach(InProcessTrainingQueue::close);
    }

    private InProcessTrainingQueue queue() {
        InProcessTrainingQueue q = new InProcessTrainingQueue(1, SearchRunTest.TASKS, SearchRunTest.COMPILER);
        queues.add(q);
        return q;
    }

    static SearchSpec spec(ReflectionMode mode, int timeoutSeconds, int iterations) {
        return new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                1,
                iterations,
                1,
                0,
                7,
                SelectionMode.FITNESS,
                false,
                null,
                SearchRunTest.TINY,
                null,
                null,
                null,
                null,
                new SearchSpec.HumanReflection(mode, timeoutSeconds));
    }

    private SearchRun run(String id, ScriptedProposer proposer, InMemoryJournal journal, SearchEvents events) {
        return new SearchRun(
                id, SearchRunTest.CARTPOLE, "context", proposer, SearchRunTest.COMPILER, queue(), journal, events);
    }

    /** Records the search's states and the reflection waits announced. */
    static final class Events extends SearchRunTest.Transitions {
        final List<String> awaited = new ArrayList<>();

        @Override
        public void reflectionAwaited(
                String searchId, int restart, int iteration, String candidateId, String automatic, String mode) {
            awaited.add(restart + "/" + iteration + " " + candidateId + " " + mode + " " + automatic.length());
        }
    }

    @Test
    void theNextIterationWaitsForTheTextAndItsRequestCarriesItAfterTheReflection() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("h1", spec(ReflectionMode.ADD, 600, 2));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        Events events = new Events();
        Thread thread = Thread.ofVirtual().start(run("h1", proposer, journal, events));

        awaitUntil(() -> journal.state("h1") == SearchState.AWAITING_REFLECTION);
        Candidate parent = journal.candidates("h1").get(0);
        InMemoryJournal.AwaitedReflection awaited = journal.reflection("h1", 0, 1);
        assertEquals(parent.id, awaited.candidateId());
        assertEquals(parent.reflection, awaited.automatic());
        assertTrue(awaited.automatic().startsWith("We trained a policy"), awaited.automatic());
        assertTrue(awaited.awaiting());
        assertNull(journal.humanReflection("h1", 0, 0), "iteration 0 has no parent: nothing is awaited for it");
        Thread.sleep(1200); // two looks at the journal: still waiting, nothing proposed for iteration 1
        assertEquals(SearchState.AWAITING_REFLECTION, journal.state("h1"));
        assertEquals("waiting for a team member's reflection for iteration 2", journal.reason("h1"));
        assertEquals(1, proposer.requests.size());

        assertTrue(journal.writeReflection("h1", 0, 1, TEXT));
        assertFalse(journal.writeReflection("h1", 0, 1, "a second text"), "the first text is kept");
        thread.join(60_000);
        assertEquals(SearchState.DONE, journal.state("h1"));
        assertEquals(2, proposer.requests.size());
        ProposalRequest next = proposer.requests.get(1);
        assertEquals(parent.id, next.parent().candidateId());
        assertEquals(new ProposalRequest.HumanReflection(TEXT, false), next.human());
        assertNull(proposer.requests.get(0).human());
        assertFalse(journal.reflection("h1", 0, 1).awaiting());
        assertFalse(journal.writeReflection("h1", 0, 1, "late"), "nobody waits any more");
        assertEquals(
                List.of(SearchState.RUNNING, SearchState.AWAITING_REFLECTION, SearchState.RUNNING, SearchState.DONE),
                events.search);
        assertEquals(List.of("0/1 " + parent.id + " add " + parent.reflection.length()), events.awaited);

        // the prompt: the automatic reflection, then the text as written
        String prompt = last(new Book().messages(next));
        assertEquals("reflection of " + parent.id + "\n\nA team member wrote:\n" + TEXT, prompt);
    }

    @Test
    void withReplaceTheTextStandsAloneInThePrompt() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("h2", spec(ReflectionMode.REPLACE, 600, 2));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        Thread thread = Thread.ofVirtual().start(run("h2", proposer, journal, SearchEvents.none()));
        awaitUntil(() -> journal.state("h2") == SearchState.AWAITING_REFLECTION);
        assertTrue(journal.writeReflection("h2", 0, 1, TEXT));
        thread.join(60_000);
        assertEquals(SearchState.DONE, journal.state("h2"));
        ProposalRequest next = proposer.requests.get(1);
        assertEquals(new ProposalRequest.HumanReflection(TEXT, true), next.human());
        assertEquals(TEXT, last(new Book().messages(next)));
    }

    @Test
    void theWaitEndsAtTheTimeoutWithTheAutomaticReflectionAlone() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("h3", spec(ReflectionMode.REPLACE, 1, 3));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        Events events = new Events();
        long start = System.nanoTime();
        run("h3", proposer, journal, events).run();
        assertTrue(System.nanoTime() - start >= 2_000_000_000L, "waited a second before iterations 1 and 2");
        assertEquals(SearchState.DONE, journal.state("h3"));
        assertEquals(3, proposer.requests.size());
        assertNull(proposer.requests.get(1).human());
        assertNull(proposer.requests.get(2).human());
        assertEquals(2, events.awaited.size(), "no wait after the last iteration");
        assertEquals(
                List.of(
                        SearchState.RUNNING,
                        SearchState.AWAITING_REFLECTION,
                        SearchState.RUNNING,
                        SearchState.AWAITING_REFLECTION,
                        SearchState.RUNNING,
                        SearchState.DONE),
                events.search);
        ProposalRequest next = proposer.requests.get(1);
        assertEquals("reflection of " + next.parent().candidateId(), last(new Book().messages(next)));
    }

    @Test
    void aPauseDuringTheWaitIsNotedAndACancelEndsIt() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("h4", spec(ReflectionMode.ADD, 600, 2));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        SearchRun run = run("h4", proposer, journal, SearchEvents.none());
        Thread thread = Thread.ofVirtual().start(run);
        awaitUntil(() -> journal.state("h4") == SearchState.AWAITING_REFLECTION);
        run.pause().toCompletableFuture().get();
        assertEquals(SearchState.AWAITING_REFLECTION, journal.state("h4"), "still waiting, the pause is noted");
        assertTrue(journal.writeReflection("h4", 0, 1, TEXT));
        awaitUntil(() -> journal.state("h4") == SearchState.PAUSED);
        Thread.sleep(700);
        assertEquals(1, proposer.requests.size(), "paused: iteration 1 is not proposed");
        run.cancel().toCompletableFuture().get();
        thread.join(20_000);
        assertEquals(SearchState.CANCELLED, journal.state("h4"));
    }

    @Test
    void aSearchStoppedWhileWaitingWaitsAgainWhenResumed() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("h5", spec(ReflectionMode.ADD, 600, 2));
        ScriptedProposer proposer = new ScriptedProposer(r -> List.of(SearchRunTest.UPRIGHT));
        SearchRun first = run("h5", proposer, journal, SearchEvents.none());
        Thread thread = Thread.ofVirtual().start(first);
        awaitUntil(() -> journal.state("h5") == SearchState.AWAITING_REFLECTION);
        first.stop();
        thread.join(20_000);
        assertFalse(thread.isAlive());
        assertTrue(journal.reflection("h5", 0, 1).awaiting(), "a stop records nothing: the wait is still open");

        Thread again = Thread.ofVirtual().start(run("h5", proposer, journal, SearchEvents.none()));
        Thread.sleep(1500);
        assertEquals(SearchState.AWAITING_REFLECTION, journal.state("h5"));
        assertEquals(1, proposer.requests.size(), "iteration 0 is not proposed again, iteration 1 waits");
        assertTrue(journal.writeReflection("h5", 0, 1, TEXT));
        again.join(60_000);
        assertEquals(SearchState.DONE, journal.state("h5"));
        assertEquals(2, proposer.requests.size());
        assertEquals(TEXT, proposer.requests.get(1).human().text());
    }

    @Test
    void offIsNoSettingsAndReplayOrHumanSearchesNeverWait() {
        assertNull(spec(ReflectionMode.OFF, 600, 2).humanReflection());
        assertEquals(ReflectionMode.OFF, spec(ReflectionMode.OFF, 600, 2).reflectionMode());
        assertEquals(ReflectionMode.ADD, spec(ReflectionMode.ADD, 600, 2).reflectionMode());
        assertNull(spec(ReflectionMode.ADD, 600, 2).replayOf("x").humanReflection());
        assertEquals(
                ReflectionMode.REPLACE,
                spec(ReflectionMode.REPLACE, 600, 2)
                        .forkWith(SearchRunTest.UPRIGHT)
                        .reflectionMode());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new SearchSpec.HumanReflection(ReflectionMode.ADD, 86_401));
        assertEquals("humanReflectionTimeoutSeconds must be in [0, 86400]", e.getMessage());
    }

    private static String last(List<ChatModel.Message> messages) {
        return messages.get(messages.size() - 1).content();
    }

    /** The prompt book's assembly with plain renderings, so the human text's place in the messages is exact. */
    static final class Book implements PromptBook {
        @Override
        public String system(Class<?> stateType) {
            return "system";
        }

        @Override
        public String firstUser(ProposalRequest request) {
            return "first";
        }

        @Override
        public String reflection(
                ProposalRequest.Parent parent,
                List<String> feedback,
                ProposalRequest.HumanReflection human,
                Class<?> stateType) {
            String automatic = "reflection of " + parent.candidateId();
            if (human == null) return automatic;
            return human.replaces() ? human.text() : automatic + "\n\nA team member wrote:\n" + human.text();
        }

        @Override
        public String rejection(List<String> failures, boolean wholeRound) {
            return "rejection";
        }

        @Override
        public String repair(List<String> problems) {
            return "repair";
        }
    }
}
