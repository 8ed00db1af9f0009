package dev.rewardsmith.search;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.Task;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One search's Eureka loop (DESIGN.md section 8): per restart, N iterations of K proposals that are journaled,
 * compiled, trained on the queue and scored; the selected candidate's reflection feeds the next iteration. The
 * loop runs on its own virtual thread and is driven by messages in one inbox (training events, proposals, pause,
 * resume, cancel), so all of its state is touched by that thread alone; trainings run on the queue's workers.
 *
 * <p>Resuming is the same code path as starting: the loop replays the journaled candidates, skips what is done,
 * compiles what was only proposed, and retrains what was queued or interrupted (with the next attempt number).
 */
public final class SearchRun implements Runnable {

    /** Episodes recorded per trained candidate, on the same seeds for every candidate of a search. */
    public static final int ROLLOUT_SEEDS = 3;

    /** Proposal rounds of one iteration: the first, then retries while every candidate failed. */
    public static final int MAX_ROUNDS = 3;

    private final String searchId;
    private final Task task;
    private final String taskContext;
    private final Proposer proposer;
    private final RewardCompiler compiler;
    private final TrainingQueue queue;
    private final SearchJournal journal;
    private final SearchEvents events;
    private final EvaluationCache cache;
    private byte[] initialPolicy;
    /** The best candidate's best checkpoint (for the correlation); loaded from the journal on resume. */
    private byte[] bestPolicy;

    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private volatile boolean finished;
    /** The control message taken last: completed when the loop ends while handling it (a cancel). */
    private Control lastControl;

    private SearchSpec spec;
    private SearchState state;
    private final List<Candidate> candidates = new ArrayList<>();
    private final Map<String, Cancellable> subscriptions = new HashMap<>();
    private Candidate best;
    private boolean paused;
    /** The team's paragraph about the current parent, for the next proposal request; empty without votes. */
    private List<String> parentFeedback = List.of();

    private sealed interface Message {}

    /** A command; {@code done} completes once the command took effect (its state is journaled). */
    private record Control(Command command, CompletableFuture<Void> done) implements Message {}

    private record FromTraining(String candidateId, int attempt, TrainingEvent event) implements Message {}

    private record TrainingError(String candidateId, int attempt, Throwable error) implements Message {}

    private record Proposed(List<Proposal> proposals, Throwable error) implements Message {}

    private enum Command {
        PAUSE,
        RESUME,
        CANCEL
    }

    /** Thrown inside the loop to unwind when the search was cancelled. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

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
        this.cache = cache;
        this.initialPolicy = initialPolicy == null ? null : initialPolicy.clone();
        this.searchId = searchId;
        this.task = task;
        this.taskContext = taskContext;
        this.proposer = proposer;
        this.compiler = compiler;
        this.queue = queue;
        this.journal = journal;
        this.events = new SafeEvents(events);
    }

    public String searchId() {
        return searchId;
    }

    /**
     * Finish running trainings, start nothing new until {@link #resume()}. The stage completes when the pause
     * took effect (or the search ended first).
     */
    public CompletionStage<Void> pause() {
        return send(Command.PAUSE);
    }

    public CompletionStage<Void> resume() {
        return send(Command.RESUME);
    }

    /** Stop every training of this search and end it as cancelled. */
    public CompletionStage<Void> cancel() {
        return send(Command.CANCEL);
    }

    private CompletionStage<Void> send(Command command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.add(new Control(command, done));
        if (finished) done.complete(null);
        return done;
    }

    /**
     * Stops the loop without recording anything (a shutdown, or a crash in a test): the journal keeps the state
     * as it was, and the next start resumes from there. Running trainings of this search are cancelled.
     */
    public void stop() {
        stopped = true;
        inbox.add(new Control(Command.PAUSE, new CompletableFuture<>())); // wakes the loop
    }

    @Override
    public void run() {
        try {
            loopOnce();
        } finally {
            finished = true;
            if (lastControl != null) lastControl.done().complete(null);
            for (Message m : inbox) {
                if (m instanceof Control c) c.done().complete(null);
            }
        }
    }

    private void loopOnce() {
        try {
            SearchSnapshot snapshot = journal.load(searchId);
            spec = snapshot.spec();
            state = snapshot.state();
            if (state.finished()) return;
            for (Candidate c : snapshot.candidates()) {
                candidates.add(c);
                if (c.state == CandidateState.DONE && (best == null || c.fitness > best.fitness)) best = c;
            }
            if (initialPolicy == null && spec.finetuneFrom() != null) {
                initialPolicy = journal.policy(spec.finetuneFrom());
                if (initialPolicy == null) {
                    setState(SearchState.FAILED, "candidate " + spec.finetuneFrom() + " has no stored checkpoint");
                    return;
                }
            }
            paused = state == SearchState.PAUSED;
            if (!paused) setState(SearchState.RUNNING, null);
            loop();
            if (best == null) {
                setState(SearchState.FAILED, "every candidate was rejected or failed in training");
            } else {
                if (spec.evalSeeds() > 0) evaluate();
                setState(SearchState.DONE, null);
            }
        } catch (Cancelled e) {
            cancelAll();
        } catch (StoppedException e) {
            cancelSubscriptions();
        } catch (BudgetExhausted e) {
            cancelSubscriptions();
            setState(SearchState.BUDGET_EXHAUSTED, e.getMessage());
        } catch (ProposerFailedException e) {
            cancelSubscriptions();
            setState(SearchState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            if (stopped) {
                cancelSubscriptions();
                return;
            }
            cancelSubscriptions();
            setState(SearchState.FAILED, "internal error: " + e);
            throw e;
        }
    }

    private void loop() {
        for (int restart = 0; restart < spec.restarts(); restart++) {
            ProposalRequest.Parent parent = null;
            for (int iteration = 0; iteration < iterationCount(); iteration++) {
                Candidate selected = iteration(restart, iteration, parent);
                if (selected != null) parent = parentOf(selected);
            }
        }
    }

    /** A human-only search has nothing to propose after its human-written iteration 0. */
    private int iterationCount() {
        return spec.proposer().singleProgram() ? 1 : spec.iterations();
    }

    /** Runs (or finishes) one iteration and returns its selected candidate, or null when every round failed. */
    private Candidate iteration(int restart, int iteration, ProposalRequest.Parent parent) {
        List<String> failures = List.of();
        int rounds = spec.proposer().singleProgram() ? 1 : MAX_ROUNDS;
        for (int round = 0; round < rounds; round++) {
            List<Candidate> roundCandidates = stored(restart, iteration, round);
            if (roundCandidates.isEmpty()) {
                roundCandidates = propose(restart, iteration, round, parent, failures);
            }
            for (Candidate c : roundCandidates) {
                if (c.state == CandidateState.PROPOSED) compile(c);
            }
            train(roundCandidates);
            Candidate selected = roundCandidates.stream()
                    .filter(c -> c.state == CandidateState.DONE)
                    .max(Comparator.comparingDouble((Candidate c) -> c.fitness).thenComparing(c -> -c.index))
                    .orElse(null);
            if (selected != null) {
                offerComparisons(restart, iteration);
                parentFeedback = List.of();
                if (spec.selection().usesVotes()) selected = selectByVotes(restart, iteration, selected);
                journal.iterationDone(searchId, restart, iteration, selected.id);
                events.iterationDone(searchId, restart, iteration, selected.id);
                return selected;
            }
            failures = roundCandidates.stream().map(Candidate::failureLine).toList();
        }
        journal.iterationDone(searchId, restart, iteration, null);
        events.iterationDone(searchId, restart, iteration, null);
        return null;
    }

    private List<Candidate> stored(int restart, int iteration, int round) {
        return candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.round == round)
                .sorted(Comparator.comparingInt(c -> c.index))
                .toList();
    }

    private ProposalRequest.Parent parentOf(Candidate c) {
        return new ProposalRequest.Parent(c.id, c.program, c.response, c.fitness, Reflection.of(c.epochs));
    }

    private List<Candidate> propose(
            int restart, int iteration, int round, ProposalRequest.Parent parent, List<String> failures) {
        awaitRunning();
        List<Proposal> proposals;
        String origin;
        if (iteration == 0 && round == 0 && spec.humanInit()) {
            String program = spec.program() != null ? spec.program() : task.humanReward();
            proposals = List.of(
                    Proposal.of(program, spec.program() != null ? "pasted program" : "the task's human reward"));
            origin = "human";
        } else {
            var exhausted = proposer.budgetExhausted();
            if (exhausted.isPresent()) throw new BudgetExhausted(exhausted.get());
            long seed = mix(spec.seed(), restart, iteration, round);
            ProposalRequest request = new ProposalRequest(
                    task.id(),
                    task.stateType(),
                    taskContext,
                    task.description(),
                    iteration,
                    spec.samples(),
                    seed,
                    parent,
                    failures,
                    parent == null ? List.of() : parentFeedback,
                    searchId,
                    restart,
                    round);
            proposer.propose(request).whenComplete((list, error) -> inbox.add(new Proposed(list, error)));
            Proposed answer = awaitProposals();
            if (answer.error() != null) {
                throw new ProposerFailedException("the " + proposer.name() + " proposer failed: " + answer.error());
            }
            proposals = answer.proposals();
            origin = proposer.name();
        }
        int firstIndex = (int) candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration)
                .count();
        List<Candidate> created = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            Candidate c = new Candidate();
            c.id = UUID.randomUUID().toString();
            c.searchId = searchId;
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
            c.failure = p.failure();
            c.proposedAt = now;
            created.add(c);
        }
        journal.proposed(created.stream().map(Candidate::copy).toList());
        candidates.addAll(created);
        for (Candidate c : created) events.candidate(c.copy());
        return created;
    }

    private void compile(Candidate c) {
        if (c.failure != null) { // the proposer could not obtain a program (e.g. "LLM timeout")
            c.state = CandidateState.FAILED;
            c.finishedAt = Instant.now();
            changed(c);
            return;
        }
        CompileResult result = compiler.compile(c.response, task.stateType());
        switch (result) {
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
        changed(c);
    }

    /** Trains every candidate of the round that is not done yet, and waits until each is done or failed. */
    private void train(List<Candidate> round) {
        List<Candidate> waiting = new ArrayList<>();
        for (Candidate c : round) {
            if (c.state == CandidateState.QUEUED || c.state == CandidateState.TRAINING) waiting.add(c);
        }
        if (waiting.isEmpty()) return;
        awaitRunning();
        for (Candidate c : waiting) submit(c);
        while (waiting.stream().anyMatch(c -> !c.state.terminal())) {
            Message m = take();
            switch (m) {
                case FromTraining t -> onTraining(t);
                case TrainingError e -> onTrainingError(e);
                case Control control -> {
                    onControlWhileTraining(control.command(), waiting);
                    control.done().complete(null);
                }
                case Proposed ignored -> {}
            }
        }
    }

    private void submit(Candidate c) {
        if (c.state == CandidateState.TRAINING || c.attempt == 0) {
            c.attempt++; // a new attempt; one that was queued but never started keeps its number
            c.epochs = new ArrayList<>();
        }
        c.state = CandidateState.QUEUED;
        changed(c);
        TrainingJob job = new TrainingJob(
                c.id,
                c.attempt,
                task.id(),
                c.program,
                task.humanReward(),
                spec.ppo(),
                mix(spec.seed(), c.restart, -1, -1),
                initialPolicy);
        String id = c.id;
        int attempt = c.attempt;
        Cancellable subscription = queue.submit(job)
                .subscribe()
                .with(
                        event -> inbox.add(new FromTraining(id, attempt, event)),
                        error -> inbox.add(new TrainingError(id, attempt, error)));
        subscriptions.put(id, subscription);
    }

    private Candidate candidate(String id, int attempt) {
        for (Candidate c : candidates) {
            if (c.id.equals(id)) return c.attempt == attempt && subscriptions.containsKey(id) ? c : null;
        }
        return null;
    }

    private void onTraining(FromTraining t) {
        Candidate c = candidate(t.candidateId(), t.attempt());
        if (c == null) return; // an attempt that was cancelled
        switch (t.event()) {
            case TrainingEvent.Started started -> {
                c.state = CandidateState.TRAINING;
                c.startedAt = Instant.now();
                changed(c);
            }
            case TrainingEvent.Epoch epoch -> {
                c.epochs.add(epoch.record());
                journal.metrics(c.id, c.attempt, epoch.record());
                events.metrics(searchId, c.id, c.attempt, epoch.record());
            }
            case TrainingEvent.Checkpoint ignored -> {}
            case TrainingEvent.Finished finished -> {
                subscriptions.remove(c.id);
                var result = finished.result();
                journal.checkpoint(c.id, result.bestPolicy(), result.fitness());
                recordRollouts(c, result.bestPolicy());
                c.fitness = result.fitness();
                c.checkpoints = result.checkpointFitness();
                // the output tips name the task's state type, as the proposer's prompt does
                c.reflection = c.epochs.isEmpty()
                        ? null
                        : Reflection.of(c.epochs)
                                .text()
                                .replace("<State>", task.stateType().getSimpleName());
                c.state = CandidateState.DONE;
                c.finishedAt = Instant.now();
                changed(c);
                if (best == null || c.fitness > best.fitness) {
                    best = c;
                    bestPolicy = result.bestPolicy();
                    journal.best(searchId, c.id, c.fitness);
                    events.best(searchId, c.id, c.fitness);
                }
            }
        }
    }

    private void onTrainingError(TrainingError e) {
        Candidate c = candidate(e.candidateId(), e.attempt());
        if (c == null) return;
        subscriptions.remove(c.id);
        if (stopped) throw new StoppedException();
        c.failure = e.error() instanceof TrainingFailedException
                ? e.error().getMessage()
                : "the training could not run: " + e.error();
        c.state = CandidateState.FAILED;
        c.finishedAt = Instant.now();
        changed(c);
    }

    private void onControlWhileTraining(Command command, List<Candidate> waiting) {
        switch (command) {
            case PAUSE -> {
                if (stopped) throw new StoppedException();
                if (paused) return;
                paused = true;
                // trainings that started finish; those still waiting for a worker are withdrawn
                for (Candidate c : waiting) {
                    if (c.state == CandidateState.QUEUED) {
                        Cancellable s = subscriptions.remove(c.id);
                        if (s != null) s.cancel();
                    }
                }
                setState(SearchState.PAUSED, null);
            }
            case RESUME -> {
                if (!paused) return;
                paused = false;
                setState(SearchState.RUNNING, null);
                for (Candidate c : waiting) {
                    if (c.state == CandidateState.QUEUED && !subscriptions.containsKey(c.id)) submit(c);
                }
            }
            case CANCEL -> throw new Cancelled();
        }
    }

    /** Waits while paused (handling control messages); returns when running. */
    private void awaitRunning() {
        while (paused) {
            Message m = take();
            if (m instanceof Control control) {
                switch (control.command()) {
                    case PAUSE -> {
                        if (stopped) throw new StoppedException();
                    }
                    case RESUME -> {
                        paused = false;
                        setState(SearchState.RUNNING, null);
                    }
                    case CANCEL -> throw new Cancelled();
                }
                control.done().complete(null);
            }
        }
    }

    private Proposed awaitProposals() {
        while (true) {
            Message m = take();
            switch (m) {
                case Proposed p -> {
                    return p;
                }
                case Control control -> {
                    switch (control.command()) {
                        case PAUSE -> {
                            if (stopped) throw new StoppedException();
                            if (!paused) {
                                paused = true;
                                setState(SearchState.PAUSED, null);
                            }
                        }
                        case RESUME -> {
                            if (paused) {
                                paused = false;
                                setState(SearchState.RUNNING, null);
                            }
                        }
                        case CANCEL -> throw new Cancelled();
                    }
                    control.done().complete(null);
                }
                default -> {}
            }
        }
    }

    private Message take() {
        if (stopped) throw new StoppedException();
        try {
            Message m = inbox.take();
            if (m instanceof Control c) lastControl = c;
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException();
        }
    }

    private void changed(Candidate c) {
        Candidate copy = c.copy();
        journal.candidate(copy);
        events.candidate(copy);
    }

    private void setState(SearchState next, String reason) {
        state = next;
        journal.searchState(searchId, next, reason);
        events.searchState(searchId, next, reason);
    }

    private void cancelSubscriptions() {
        for (Cancellable s : subscriptions.values()) s.cancel();
        subscriptions.clear();
    }

    private void cancelAll() {
        cancelSubscriptions();
        Instant now = Instant.now();
        for (Candidate c : candidates) {
            if (!c.state.terminal()) {
                c.state = CandidateState.FAILED;
                c.failure = "the search was cancelled";
                c.finishedAt = now;
                changed(c);
            }
        }
        setState(SearchState.CANCELLED, null);
    }

    /**
     * The final evaluation (DESIGN.md section 8): the best, human and sparse rewards trained with E seeds at the
     * full budget (from the curriculum's checkpoint when there is one, and then the best also from scratch),
     * each scored by its max checkpoint F; cached trainings are not run again.
     */
    private void evaluate() {
        setState(SearchState.EVALUATING, null);
        long start = System.nanoTime();
        int seeds = spec.evalSeeds();
        List<String> rewards = new ArrayList<>(List.of("best", "human", "sparse"));
        if (initialPolicy != null) rewards.add("scratch");
        Map<String, String> sources = Map.of(
                "best",
                best.program,
                "human",
                task.humanReward(),
                "sparse",
                task.sparseReward(),
                "scratch",
                best.program);
        Map<String, double[]> fitness = new HashMap<>();
        Map<String, TrainingJob> jobs = new java.util.LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        int cached = 0;
        for (String reward : rewards) {
            double[] values = new double[seeds];
            fitness.put(reward, values);
            byte[] start0 = reward.equals("scratch") ? null : initialPolicy;
            for (int e = 0; e < seeds; e++) {
                long seed = mix(spec.seed(), 7_777, e, 0);
                String key = cacheKey(sources.get(reward), seed, start0);
                var hit = cache.fitness(key);
                if (hit.isPresent()) {
                    values[e] = hit.getAsDouble();
                    cached++;
                    continue;
                }
                String id = "evaluation/" + searchId + "/" + reward + "/" + e;
                keys.put(id, key);
                jobs.put(
                        id,
                        new TrainingJob(
                                id, 1, task.id(), sources.get(reward), task.humanReward(), spec.ppo(), seed, start0));
            }
        }
        Map<String, Double> results = trainAll(jobs);
        for (Map.Entry<String, Double> r : results.entrySet()) {
            String[] parts = r.getKey().split("/");
            fitness.get(parts[2])[Integer.parseInt(parts[3])] = r.getValue();
            if (!Double.isNaN(r.getValue())) cache.put(keys.get(r.getKey()), task.id(), r.getValue());
        }
        Double correlation = null;
        int steps = 0;
        byte[] policy = bestPolicy != null ? bestPolicy : journal.policy(best.id);
        if (policy != null) {
            var bestReward = compiler.compile(best.program, task.stateType());
            var humanReward = compiler.compile(task.humanReward(), task.stateType());
            if (bestReward instanceof CompileResult.Compiled b && humanReward instanceof CompileResult.Compiled h) {
                RewardCorrelation.Result r = RewardCorrelation.of(
                        task, policy, b.reward().function(), h.reward().function(), mix(spec.seed(), 8_888, 0, 0));
                steps = r.steps();
                correlation = r.correlation().isPresent() ? r.correlation().getAsDouble() : null;
            }
        }
        Evaluation evaluation = Evaluation.of(
                fitness.get("best"),
                fitness.get("human"),
                fitness.get("sparse"),
                fitness.get("scratch"),
                correlation,
                steps,
                best.id,
                (System.nanoTime() - start) / 1e9,
                cached);
        journal.evaluation(searchId, evaluation);
        events.evaluation(searchId, evaluation);
    }

    /**
     * Records the best checkpoint's episodes on the search's rollout seeds, so rollouts of different candidates on
     * one seed can be played side by side. A failure here costs the rollouts only, never the candidate.
     */
    private void recordRollouts(Candidate c, byte[] policy) {
        try {
            if (!(compiler.compile(c.program, task.stateType()) instanceof CompileResult.Compiled compiled)) return;
            var recorder = new dev.rewardsmith.rl.RolloutRecorder();
            List<dev.rewardsmith.rl.Rollout> rollouts = new ArrayList<>();
            for (int k = 0; k < ROLLOUT_SEEDS; k++) {
                rollouts.add(recorder.record(
                        task,
                        policy,
                        compiled.reward().function(),
                        rolloutSeed(k),
                        dev.rewardsmith.task.StateJson::of,
                        state -> task.render(state).toJson()));
            }
            journal.rollouts(c.id, rollouts);
        } catch (RuntimeException e) {
            if (stopped) throw e;
            java.util.logging.Logger.getLogger(SearchRun.class.getName())
                    .warning("no rollouts for candidate " + c.id + ": " + e);
        }
    }

    /**
     * Preference and mixed selection (DESIGN.md section 8): waits (state awaiting-votes) until the iteration's
     * comparisons have the configured number of live votes or the timeout passes, then picks by Bradley-Terry
     * strength (ties by F), or by the weighted sum of normalized F and normalized log-strength. The chosen
     * candidate's reflection gets the team's paragraph (votes, comments, notes), which also goes to the proposer.
     */
    private Candidate selectByVotes(int restart, int iteration, Candidate byFitness) {
        List<Candidate> done = candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.state == CandidateState.DONE)
                .sorted(Comparator.comparingInt(c -> c.index))
                .toList();
        if (done.size() < 2) return byFitness;
        SearchSpec.Preference voting = spec.votingOrDefault();
        IterationFeedback feedback = journal.feedback(searchId, restart, iteration);
        long deadline = System.nanoTime() + voting.timeoutSeconds() * 1_000_000_000L;
        if (feedback.outcomes().size() < voting.votes()) {
            setState(
                    SearchState.AWAITING_VOTES,
                    "waiting for " + voting.votes() + " votes on iteration " + (iteration + 1));
            while (feedback.outcomes().size() < voting.votes() && System.nanoTime() < deadline) {
                pollControls(500);
                feedback = journal.feedback(searchId, restart, iteration);
            }
            setState(paused ? SearchState.PAUSED : SearchState.RUNNING, null);
        }
        List<String> ids = done.stream().map(c -> c.id).toList();
        var strengths = dev.rewardsmith.feedback.BradleyTerry.byCandidate(dev.rewardsmith.feedback.BradleyTerry.fit(
                ids, feedback.outcomes(), dev.rewardsmith.feedback.BradleyTerry.PRIOR_TIES));
        double maxF = done.stream().mapToDouble(c -> c.fitness).max().orElse(0);
        double minF = done.stream().mapToDouble(c -> c.fitness).min().orElse(0);
        double maxS = ids.stream()
                .mapToDouble(id -> Math.log(strengths.get(id).strength()))
                .max()
                .orElse(0);
        double minS = ids.stream()
                .mapToDouble(id -> Math.log(strengths.get(id).strength()))
                .min()
                .orElse(0);
        Candidate chosen = byFitness;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate c : done) {
            double strength = strengths.get(c.id).strength();
            double score;
            if (spec.selection() == SelectionMode.MIXED) {
                double f = maxF > minF ? (c.fitness - minF) / (maxF - minF) : 1;
                double s = maxS > minS ? (Math.log(strength) - minS) / (maxS - minS) : 1;
                score = voting.weight() * f + (1 - voting.weight()) * s;
            } else {
                score = strength;
            }
            // ties (within rounding) go to the higher F, then the earlier candidate
            boolean better =
                    score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && c.fitness > chosen.fitness);
            if (better) {
                bestScore = score;
                chosen = c;
            }
        }
        String paragraph = dev.rewardsmith.feedback.PreferenceSummary.paragraph(
                strengths.get(chosen.id),
                feedback.comments().getOrDefault(chosen.id, List.of()),
                feedback.notes().getOrDefault(chosen.id, List.of()));
        if (!paragraph.isEmpty()) {
            parentFeedback = List.of(paragraph);
            String base = chosen.reflection == null ? "" : chosen.reflection;
            int cut = base.indexOf("\n\nTeam members preferred");
            if (cut < 0) cut = base.indexOf("\n\nTeam notes on this candidate:");
            chosen.reflection = (cut >= 0 ? base.substring(0, cut) : base) + "\n\n" + paragraph;
            changed(chosen);
        }
        return chosen;
    }

    /** Waits up to {@code millis} for a control message and handles it (used while waiting for votes). */
    private void pollControls(long millis) {
        if (stopped) throw new StoppedException();
        Message m;
        try {
            m = inbox.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException();
        }
        if (m instanceof Control control) {
            lastControl = control;
            switch (control.command()) {
                case PAUSE -> {
                    if (stopped) throw new StoppedException();
                    paused = true;
                }
                case RESUME -> paused = false;
                case CANCEL -> throw new Cancelled();
            }
            control.done().complete(null);
        }
    }

    /** Pairs the iteration's trained candidates' rollouts for the team's votes (same seed on both sides). */
    private void offerComparisons(int restart, int iteration) {
        List<dev.rewardsmith.feedback.ComparisonPlanner.Entry> entries = candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.state == CandidateState.DONE)
                .map(c -> new dev.rewardsmith.feedback.ComparisonPlanner.Entry(c.id, c.fitness))
                .toList();
        if (entries.size() < 2) return;
        List<Long> seeds = new ArrayList<>();
        for (int k = 0; k < ROLLOUT_SEEDS; k++) seeds.add(rolloutSeed(k));
        List<dev.rewardsmith.feedback.ComparisonPlanner.Pair> pairs = dev.rewardsmith.feedback.ComparisonPlanner.plan(
                entries, seeds, mix(spec.seed(), restart, iteration, 77));
        journal.comparisons(searchId, restart, iteration, pairs);
        events.comparisons(searchId, restart, iteration, pairs.size());
    }

    /** The k-th rollout seed of this search: shared by all its candidates. */
    long rolloutSeed(int k) {
        return Math.floorMod(mix(spec.seed(), 9_999, k, 0), 1L << 31);
    }

    /** The cache key of one evaluation training: task, reward source, PPO config, seed and initial policy. */
    private String cacheKey(String source, long seed, byte[] start) {
        String normalized =
                switch (compiler.compile(source, task.stateType())) {
                    case CompileResult.Compiled c -> c.reward().source();
                    case CompileResult.Rejected r -> source;
                };
        StringBuilder b = new StringBuilder()
                .append(task.id())
                .append('\n')
                .append(normalized)
                .append('\n')
                .append(spec.ppo())
                .append('\n')
                .append(seed)
                .append('\n')
                .append(start == null ? "scratch" : java.util.HexFormat.of().formatHex(sha256(start)));
        return java.util.HexFormat.of()
                .formatHex(sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs jobs on the queue and waits for all; F per job id (NaN for a training that failed). */
    private Map<String, Double> trainAll(Map<String, TrainingJob> jobs) {
        Map<String, Double> out = new HashMap<>();
        for (TrainingJob job : jobs.values()) {
            String id = job.candidateId();
            subscriptions.put(
                    id,
                    queue.submit(job)
                            .subscribe()
                            .with(
                                    event -> inbox.add(new FromTraining(id, 1, event)),
                                    error -> inbox.add(new TrainingError(id, 1, error))));
        }
        while (out.size() < jobs.size()) {
            Message m = take();
            switch (m) {
                case FromTraining t -> {
                    if (jobs.containsKey(t.candidateId()) && t.event() instanceof TrainingEvent.Finished f) {
                        subscriptions.remove(t.candidateId());
                        out.put(t.candidateId(), f.result().fitness());
                    }
                }
                case TrainingError e -> {
                    if (jobs.containsKey(e.candidateId())) {
                        if (stopped) throw new StoppedException();
                        subscriptions.remove(e.candidateId());
                        out.put(e.candidateId(), Double.NaN);
                    }
                }
                case Control control -> {
                    switch (control.command()) {
                        case PAUSE -> {
                            if (stopped) throw new StoppedException();
                        }
                        case RESUME -> {}
                        case CANCEL -> throw new Cancelled();
                    }
                    control.done().complete(null); // the evaluation is not paused: it finishes what it started
                }
                case Proposed ignored -> {}
            }
        }
        return out;
    }

    /** splitmix64 over the parts, so neighbouring seeds give unrelated streams. */
    static long mix(long seed, int a, int b, int c) {
        long z = seed;
        for (long part : new long[] {a, b, c}) {
            z += 0x9E3779B97F4A7C15L + part;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return z;
    }

    /** The proposer's budget is spent: the search ends as budget-exhausted with this reason. */
    private static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The loop was stopped (shutdown): unwind without recording anything. */
    private static final class StoppedException extends RuntimeException {
        StoppedException() {
            super(null, null, false, false);
        }
    }
}
