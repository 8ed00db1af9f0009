package dev.rewardsmith.search;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * One search's Eureka loop (docs/architecture.md, Search): per restart, N iterations in which K proposals are
 * journaled, compiled, trained on the queue and selected, and the selected candidate's reflection feeds the next
 * iteration. The loop runs on its own virtual thread and is driven by the messages of one {@link Inbox} (training
 * events, proposals, pause, resume, cancel), so all of its state ({@link RunState}) is touched by that thread alone;
 * trainings run on the queue's workers.
 *
 * <p>Resuming is the same code path as starting: the loop replays the journaled candidates, skips what is done,
 * compiles what was only proposed, and retrains what was queued or interrupted (with the next attempt number).
 */
public final class SearchRun implements Runnable {

    /** Episodes recorded per trained candidate, on the same seeds for every candidate of a search. */
    public static final int ROLLOUT_SEEDS = 3;

    /** Proposal rounds of one iteration: the first, then retries while every candidate failed. */
    public static final int MAX_ROUNDS = 3;

    private final Task task;
    private final String taskContext;
    private final Proposer proposer;
    private final RewardCompiler compiler;
    private final Inbox inbox = new Inbox();
    private final RunState run;
    private final Controls controls;
    private final Trainings trainings;
    private final RolloutComparisons comparisons;
    private final VoteWait votes;
    private final ReflectionWait reflections;
    private final FinalEvaluation evaluation;
    private final Rescoring rescoring;
    /** The team's paragraph about the current parent, for the next proposal request; empty without votes. */
    private List<String> parentFeedback = List.of();

    public SearchRun(
            String searchId,
            Task task,
            String taskContext,
            Proposer proposer,
            RewardCompiler compiler,
            TrainingQueue queue,
            SearchJournal journal,
            SearchEvents events) {
        this(searchId, task, taskContext, proposer, compiler, queue, journal, events, EvaluationCache.none(), null);
    }

    /**
     * @param cache remembers evaluation trainings across searches
     * @param initialPolicy policy bytes every training fine-tunes from (a curriculum); null to train from scratch
     */
    public SearchRun(
            String searchId,
            Task task,
            String taskContext,
            Proposer proposer,
            RewardCompiler compiler,
            TrainingQueue queue,
            SearchJournal journal,
            SearchEvents events,
            EvaluationCache cache,
            byte[] initialPolicy) {
        this.task = task;
        this.taskContext = taskContext;
        this.proposer = proposer;
        this.compiler = compiler;
        this.run = new RunState(
                searchId, journal, new SafeEvents(events), initialPolicy == null ? null : initialPolicy.clone());
        this.controls = new Controls(inbox, run);
        this.comparisons = new RolloutComparisons(run, task, compiler, inbox);
        this.trainings = new Trainings(run, inbox, controls, queue, task, comparisons);
        this.votes = new VoteWait(run, inbox, controls);
        this.reflections = new ReflectionWait(run, inbox, controls);
        this.evaluation = new FinalEvaluation(run, task, compiler, cache, trainings);
        this.rescoring = new Rescoring(run, task, controls, trainings);
    }

    public String searchId() {
        return run.searchId;
    }

    /**
     * Finish running trainings, start nothing new until {@link #resume()}. The stage completes when the pause
     * took effect (or the search ended first).
     */
    public CompletionStage<Void> pause() {
        return inbox.send(Inbox.Command.PAUSE);
    }

    public CompletionStage<Void> resume() {
        return inbox.send(Inbox.Command.RESUME);
    }

    /** Stop every training of this search and end it as cancelled. */
    public CompletionStage<Void> cancel() {
        return inbox.send(Inbox.Command.CANCEL);
    }

    /**
     * Stops the loop without recording anything (a shutdown, or a crash in a test): the journal keeps the state
     * as it was, and the next start resumes from there. Its trainings are released, not withdrawn: an in-process
     * pool stops them, a durable queue keeps them for the next run to reattach (docs/architecture.md, Workers).
     */
    public void stop() {
        inbox.stop();
    }

    @Override
    public void run() {
        try {
            runToEnd();
        } finally {
            inbox.finish();
        }
    }

    /** Loads the search, runs the loop and the final evaluation, and records how the search ended. */
    private void runToEnd() {
        try {
            SearchSnapshot snapshot = run.journal.load(run.searchId);
            if (snapshot.state().finished()) return;
            run.load(snapshot);
            String finetuneFrom = run.spec.finetuneFrom();
            if (run.initialPolicy == null && finetuneFrom != null) {
                run.initialPolicy = run.journal.policy(finetuneFrom);
                if (run.initialPolicy == null) {
                    run.state(SearchState.FAILED, "candidate " + finetuneFrom + " has no stored checkpoint");
                    return;
                }
            }
            controls.startPaused(snapshot.state() == SearchState.PAUSED);
            if (!controls.paused()) run.state(SearchState.RUNNING, null);
            loop();
            if (run.best == null) {
                run.state(SearchState.FAILED, "every candidate was rejected or failed in training");
            } else {
                if (run.spec.evalSeeds() > 0) evaluation.run();
                run.state(SearchState.DONE, null);
            }
        } catch (Inbox.Cancelled e) {
            cancelAll();
        } catch (Inbox.Stopped e) {
            trainings.releaseAll(); // a durable queue keeps them for the next run of the server
        } catch (BudgetExhausted e) {
            trainings.cancelAll();
            run.state(SearchState.BUDGET_EXHAUSTED, e.getMessage());
        } catch (ProposerFailedException e) {
            trainings.cancelAll();
            run.state(SearchState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            if (inbox.stopped()) {
                trainings.releaseAll();
                return;
            }
            trainings.cancelAll();
            run.state(SearchState.FAILED, "internal error: " + e);
            throw e;
        }
    }

    /**
     * The main loop: restarts, then iterations, each selecting the parent of the next; in human reflection mode a
     * team member's text on the parent is awaited before the next iteration proposes.
     */
    private void loop() {
        for (int restart = 0; restart < run.spec.restarts(); restart++) {
            ProposalRequest.Parent parent = null;
            ProposalRequest.HumanReflection human = null;
            for (int iteration = 0; iteration < iterationCount(); iteration++) {
                Candidate selected = iteration(restart, iteration, parent, human);
                if (selected == null) continue; // the parent (and what was written on it) stays
                parent = reflect(selected);
                human = iteration + 1 < iterationCount() ? reflections.await(restart, iteration + 1, selected) : null;
            }
        }
    }

    /** A human-only search has nothing to propose after its human-written iteration 0. */
    private int iterationCount() {
        return run.spec.proposer().singleProgram() ? 1 : run.spec.iterations();
    }

    /**
     * Runs (or finishes, on resume) one iteration: propose, compile, train, (with S selection seeds) re-score the
     * top candidates, select; a round where every candidate failed is proposed again with the failures. Returns the selected candidate, or null when every round failed.
     */
    private Candidate iteration(
            int restart, int iteration, ProposalRequest.Parent parent, ProposalRequest.HumanReflection human) {
        List<String> failures = trainingFailures(restart, iteration - 1);
        int rounds = run.spec.proposer().singleProgram() ? 1 : MAX_ROUNDS;
        for (int round = 0; round < rounds; round++) {
            List<Candidate> candidates = run.round(restart, iteration, round);
            if (candidates.isEmpty()) candidates = propose(restart, iteration, round, parent, human, failures);
            for (Candidate c : candidates) {
                if (c.state == CandidateState.PROPOSED) compile(c);
            }
            trainings.train(candidates);
            Optional<Candidate> fittest =
                    run.spec.selectionSeeds() > 1 ? rescoring.select(candidates) : Selection.byFitness(candidates);
            if (fittest.isPresent()) return select(restart, iteration, fittest.get());
            failures = candidates.stream().map(Candidate::failureBlock).toList();
        }
        run.iterationDone(restart, iteration, null);
        return null;
    }

    /**
     * The candidates of an earlier iteration that failed while training (a non-finite component at step t), with
     * their programs, for the first round of the next iteration (docs/llm.md, Repair); empty for iteration -1.
     */
    private List<String> trainingFailures(int restart, int iteration) {
        if (iteration < 0) return List.of();
        return run.candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.failedInTraining())
                .map(Candidate::failureBlock)
                .toList();
    }

    /** Offers the iteration's comparisons, then selects by fitness, or by the team's votes when the spec says so. */
    private Candidate select(int restart, int iteration, Candidate fittest) {
        comparisons.offer(restart, iteration);
        parentFeedback = List.of();
        Candidate selected = fittest;
        if (run.spec.selection().usesVotes()) {
            VoteWait.Choice choice = votes.select(restart, iteration, fittest);
            selected = choice.candidate();
            parentFeedback = choice.teamFeedback();
        }
        run.iterationDone(restart, iteration, selected.id);
        return selected;
    }

    /** The selected candidate as the next iteration's parent, with its reward reflection. */
    private static ProposalRequest.Parent reflect(Candidate c) {
        return new ProposalRequest.Parent(c.id, c.program, c.response, c.fitness, c.reflectionOfEpochs());
    }

    /** Journals the round's new candidates (the human's program in a human-initialized iteration 0). */
    private List<Candidate> propose(
            int restart,
            int iteration,
            int round,
            ProposalRequest.Parent parent,
            ProposalRequest.HumanReflection human,
            List<String> failures) {
        controls.awaitRunning();
        SearchSpec spec = run.spec;
        List<Proposal> proposals;
        String origin;
        if (iteration == 0 && round == 0 && spec.humanInit()) {
            String program = spec.program() != null ? spec.program() : task.humanReward();
            proposals = List.of(
                    Proposal.of(program, spec.program() != null ? "pasted program" : "the task's human reward"));
            origin = ProposerKind.HUMAN.label();
        } else {
            var exhausted = proposer.budgetExhausted();
            if (exhausted.isPresent()) throw new BudgetExhausted(exhausted.get());
            ProposalRequest request = new ProposalRequest(
                    task.id(),
                    task.stateType(),
                    taskContext,
                    task.description(),
                    iteration,
                    spec.samples(),
                    Seeds.proposal(spec.seed(), restart, iteration, round),
                    parent,
                    failures,
                    parent == null ? List.of() : parentFeedback,
                    run.searchId,
                    restart,
                    round,
                    parent == null ? null : human);
            proposer.propose(request).whenComplete((list, error) -> inbox.add(new Inbox.Proposed(list, error)));
            Inbox.Proposed answer = controls.awaitProposals();
            if (answer.error() != null) {
                throw new ProposerFailedException("the " + proposer.name() + " proposer failed: " + answer.error());
            }
            proposals = answer.proposals();
            origin = proposer.name();
        }
        List<Candidate> created = candidates(restart, iteration, round, parent, origin, proposals);
        run.journal.proposed(created.stream().map(Candidate::copy).toList());
        run.candidates.addAll(created);
        for (Candidate c : created) run.events.candidate(c.copy());
        return created;
    }

    /** New candidates for the proposals, indexed after the iteration's earlier rounds. */
    private List<Candidate> candidates(
            int restart,
            int iteration,
            int round,
            ProposalRequest.Parent parent,
            String origin,
            List<Proposal> proposals) {
        int firstIndex = (int) run.candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration)
                .count();
        List<Candidate> created = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            Candidate c = new Candidate();
            c.id = UUID.randomUUID().toString();
            c.searchId = run.searchId;
            c.restart = restart;
            c.iteration = iteration;
            c.round = round;
            c.index = firstIndex + i;
            c.parentId = parent == null ? null : parent.candidateId();
            c.origin = origin;
            c.summary = p.summary();
            c.response = p.text();
            c.promptTokens = p.promptTokens();
            c.completionTokens = p.completionTokens();
            c.exchangeId = p.exchangeId();
            c.repairCost = p.repairCost();
            c.failure = p.failure();
            c.proposedAt = now;
            created.add(c);
        }
        return created;
    }

    /** Compiles a proposed candidate: queued for training, or rejected with the compiler's problems. */
    private void compile(Candidate c) {
        if (c.failure != null) { // the proposer could not obtain a program (e.g. "LLM timeout")
            c.state = CandidateState.FAILED;
            c.finishedAt = Instant.now();
            run.changed(c);
            return;
        }
        switch (compiler.compile(c.response, task.stateType())) {
            case CompileResult.Compiled compiled -> {
                c.program = compiled.reward().source();
                c.components = compiled.reward().componentNames();
                c.state = CandidateState.QUEUED;
            }
            case CompileResult.Rejected rejected -> {
                c.problems = rejected.problems();
                c.state = CandidateState.REJECTED;
                c.finishedAt = Instant.now();
            }
        }
        run.changed(c);
    }

    /** Withdraws every training and ends every unfinished candidate, then the search, as cancelled. */
    private void cancelAll() {
        trainings.cancelAll();
        Instant now = Instant.now();
        for (Candidate c : run.candidates) {
            if (!c.state.terminal()) {
                c.state = CandidateState.FAILED;
                c.failure = Candidate.CANCELLED;
                c.finishedAt = now;
                run.changed(c);
            }
        }
        run.state(SearchState.CANCELLED, null);
    }

    /** The proposer's budget is spent: the search ends as budget-exhausted with this reason. */
    private static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted(String reason) {
            super(reason, null, false, false);
        }
    }
}
