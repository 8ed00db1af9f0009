package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rewardsmith.work.InProcessTrainingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proposal that could not be obtained fails its candidate only; a spent budget ends the search. */
class ProposalFailureAndBudgetTest {

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

    /** Answers with the script's proposals; the budget is spent after {@code rounds} requests. */
    private static final class Budgeted implements Proposer {
        final List<ProposalRequest> requests = new ArrayList<>();
        final Function<ProposalRequest, List<Proposal>> script;
        final int rounds;

        Budgeted(int rounds, Function<ProposalRequest, List<Proposal>> script) {
            this.rounds = rounds;
            this.script = script;
        }

        @Override
        public String name() {
            return "budgeted";
        }

        @Override
        public synchronized CompletionStage<List<Proposal>> propose(ProposalRequest request) {
            requests.add(request);
            return CompletableFuture.completedFuture(script.apply(request));
        }

        @Override
        public synchronized Optional<String> budgetExhausted() {
            return requests.size() >= rounds ? Optional.of("token budget of 10 reached (12 used)") : Optional.empty();
        }
    }

    private static SearchRun run(String id, Proposer proposer, TrainingQueue queue, SearchJournal journal) {
        return new SearchRun(
                id,
                SearchRunTest.CARTPOLE,
                "context",
                proposer,
                SearchRunTest.COMPILER,
                queue,
                journal,
                SearchEvents.none());
    }

    @Test
    void failedProposalFailsItsCandidateWithTheReasonAndTheSearchGoesOn() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("f1", SearchRunTest.spec(2, 1, false));
        Budgeted proposer = new Budgeted(
                99,
                r -> List.of(
                        Proposal.failed("LLM timeout", "", 0, 0, "x1"),
                        new Proposal(SearchRunTest.UPRIGHT, "", 7, 3, null, "x2")));
        run("f1", proposer, queue(), journal).run();

        assertEquals(SearchState.DONE, journal.state("f1"));
        List<Candidate> all = journal.candidates("f1");
        assertEquals(2, all.size());
        assertEquals(CandidateState.FAILED, all.get(0).state);
        assertEquals("LLM timeout", all.get(0).failure);
        assertEquals("x1", all.get(0).exchangeId);
        assertEquals(CandidateState.DONE, all.get(1).state);
        assertNull(all.get(1).failure);
        assertEquals("x2", all.get(1).exchangeId);
        assertEquals(7, all.get(1).promptTokens);
        // the request told the proposer where it is
        assertEquals("f1", proposer.requests.get(0).searchId());
        assertEquals(0, proposer.requests.get(0).round());
    }

    @Test
    void spentBudgetEndsTheSearchBudgetExhaustedWithoutAnotherRequest() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.create("b1", SearchRunTest.spec(1, 3, false));
        Budgeted proposer = new Budgeted(1, r -> List.of(Proposal.of(SearchRunTest.UPRIGHT, "")));
        run("b1", proposer, queue(), journal).run();

        assertEquals(SearchState.BUDGET_EXHAUSTED, journal.state("b1"));
        assertEquals("token budget of 10 reached (12 used)", journal.reason("b1"));
        assertEquals(1, proposer.requests.size());
        // what was proposed before the cap was trained to the end
        assertEquals(CandidateState.DONE, journal.candidates("b1").get(0).state);
    }
}
