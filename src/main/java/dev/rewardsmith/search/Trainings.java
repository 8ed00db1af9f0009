package dev.rewardsmith.search;

import dev.rewardsmith.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's trainings on the queue (docs/architecture.md, Training): a round's candidates, followed through the
 * inbox until each is done or failed, and the final evaluation's jobs. It holds the handle of every training it
 * submitted, so a pause withdraws those still waiting for a worker and a stop or cancel withdraws them all.
 */
final class Trainings {

    private final RunState run;
    private final Inbox inbox;
    private final Controls controls;
    private final TrainingQueue queue;
    private final Task task;
    private final RolloutComparisons rollouts;
    private final Map<String, TrainingQueue.Handle> handles = new HashMap<>();

    /**
     * Epochs are journaled together (one write per {@value #EPOCHS_PER_WRITE} epochs, or once the oldest waited
     * {@code EPOCHS_WAIT_NANOS}, or before any message other than an epoch or a checkpoint is handled) instead of one write per epoch: a fast
     * training reports tens of epochs per second, and each write is a round trip to the database on the search's
     * thread (bench/README.md, In-server trainings, branch {@code serverside}).
     */
    static final int EPOCHS_PER_WRITE = 64;

    static final long EPOCHS_WAIT_NANOS = 1_000_000_000L;

    /** Epochs taken from the inbox, not yet journaled, and the settling of their reports. */
    private final List<SearchJournal.Epoch> epochs = new ArrayList<>();

    private final List<Runnable> epochSettles = new ArrayList<>();
    private long epochsDueBy;

    Trainings(
            RunState run, Inbox inbox, Controls controls, TrainingQueue queue, Task task, RolloutComparisons rollouts) {
        this.run = run;
        this.inbox = inbox;
        this.controls = controls;
        this.queue = queue;
        this.task = task;
        this.rollouts = rollouts;
    }

    /** Trains every candidate of the round that is not done yet, and waits until each is done or failed. */
    void train(List<Candidate> round) {
        List<Candidate> waiting = new ArrayList<>();
        for (Candidate c : round) {
            if (c.state == CandidateState.QUEUED || c.state == CandidateState.TRAINING) waiting.add(c);
        }
        if (waiting.isEmpty()) return;
        controls.awaitRunning();
        for (Candidate c : waiting) submit(c);
        while (waiting.stream().anyMatch(c -> !c.state.terminal())) {
            Inbox.Message m =
                    epochs.isEmpty() ? inbox.take() : inbox.take((epochsDueBy - System.nanoTime()) / 1_000_000);
            if (m == null) {
                journalEpochs(); // the oldest gathered epoch waited long enough
                continue;
            }
            boolean gathered = false;
            if (m instanceof Inbox.FromTraining t && t.event() instanceof TrainingEvent.Epoch epoch) {
                gathered = onEpoch(t, epoch);
            } else if (m instanceof Inbox.FromTraining t && t.event() instanceof TrainingEvent.Checkpoint) {
                // nothing to store (the checkpoints' F come with the result): the epochs stay gathered
            } else {
                // everything else is journaled after the epochs before it (a candidate is done once its epochs are)
                journalEpochs();
                switch (m) {
                    case Inbox.FromTraining t -> onEvent(t);
                    case Inbox.TrainingError e -> onError(e);
                    case Inbox.Control control ->
                        // trainings that started finish; those still waiting for a worker are withdrawn
                        controls.obey(control, () -> withdrawQueued(waiting), () -> resubmitWithdrawn(waiting));
                    case Inbox.Proposed ignored -> {}
                }
            }
            if (gathered) {
                epochSettles.add(inbox.deferSettle()); // its report goes once the epoch is journaled
                if (epochs.size() >= EPOCHS_PER_WRITE) journalEpochs();
            } else {
                inbox.settle(); // what the message changed is journaled: its report may go
            }
        }
        journalEpochs();
    }

    /**
     * Gathers an epoch of a followed training for {@link #journalEpochs()} and sends it to the live stream at once;
     * false for a report delivered again or of an attempt no longer followed (nothing to store).
     */
    private boolean onEpoch(Inbox.FromTraining t, TrainingEvent.Epoch epoch) {
        Candidate c = candidate(t.candidateId(), t.attempt());
        if (c == null) return false;
        // a report delivered again after a restart (stored, not yet acknowledged) is stored once
        if (!c.epochs.isEmpty() && epoch.record().epoch() <= c.epochs.getLast().epoch()) return false;
        c.epochs.add(epoch.record());
        if (epochs.isEmpty()) epochsDueBy = System.nanoTime() + EPOCHS_WAIT_NANOS;
        epochs.add(new SearchJournal.Epoch(c.id, c.attempt, run.spec.ppo().numIterations(), epoch.record()));
        run.events.metrics(run.searchId, c.id, c.attempt, epoch.record());
        return true;
    }

    /**
     * Journals the gathered epochs in one write, then settles their reports. Until then a report is not settled,
     * so a crash loses no epoch a durable queue had delivered: it is delivered again to the next run.
     */
    private void journalEpochs() {
        if (epochs.isEmpty()) return;
        run.journal.metrics(List.copyOf(epochs));
        epochs.clear();
        for (Runnable settle : epochSettles) settle.run();
        epochSettles.clear();
    }

    private void submit(Candidate c) {
        if (c.attempt > 0) {
            // after a restart: the attempt an earlier run of the server sent may still be queued or training on a
            // durable queue; then it is followed again, not sent twice (docs/architecture.md, Workers)
            TrainingQueue.Handle h = queue.reattach(job(c), inbox.listener(c.id, c.attempt));
            if (h != null) {
                handles.put(c.id, h);
                return;
            }
        }
        if (c.state == CandidateState.TRAINING || c.attempt == 0) {
            c.attempt++; // a new attempt; one that was queued but never started keeps its number
            c.epochs = new ArrayList<>();
            c.storedReflection = null;
        }
        c.state = CandidateState.QUEUED;
        run.changed(c);
        handles.put(c.id, queue.submit(job(c), inbox.listener(c.id, c.attempt)));
    }

    private TrainingJob job(Candidate c) {
        return new TrainingJob(
                c.id,
                c.attempt,
                task.id(),
                c.program,
                task.humanReward(),
                run.spec.ppo(),
                Seeds.training(run.spec.seed(), c.restart),
                run.initialPolicy);
    }

    private void withdrawQueued(List<Candidate> waiting) {
        for (Candidate c : waiting) {
            if (c.state == CandidateState.QUEUED) {
                TrainingQueue.Handle h = handles.remove(c.id);
                if (h != null) h.cancel();
            }
        }
    }

    private void resubmitWithdrawn(List<Candidate> waiting) {
        for (Candidate c : waiting) {
            if (c.state == CandidateState.QUEUED && !handles.containsKey(c.id)) submit(c);
        }
    }

    /** The candidate of a training attempt still followed; null for an attempt that was withdrawn. */
    private Candidate candidate(String id, int attempt) {
        for (Candidate c : run.candidates) {
            if (c.id.equals(id)) return c.attempt == attempt && handles.containsKey(id) ? c : null;
        }
        return null;
    }

    private void onEvent(Inbox.FromTraining t) {
        Candidate c = candidate(t.candidateId(), t.attempt());
        if (c == null) return;
        switch (t.event()) {
            case TrainingEvent.Started started -> {
                c.state = CandidateState.TRAINING;
                c.startedAt = Instant.now();
                c.worker = started.worker();
                c.device = started.device();
                c.deviceReason = started.deviceReason();
                run.changed(c);
            }
            case TrainingEvent.Epoch ignored -> {} // train() gathers them (onEpoch)
            case TrainingEvent.Checkpoint ignored -> {} // train() settles them at once
            case TrainingEvent.Finished finished -> {
                handles.remove(c.id);
                var result = finished.result();
                run.journal.checkpoint(c.id, result.bestPolicy(), result.fitness());
                rollouts.record(c, result.bestPolicy());
                c.fitness = result.fitness();
                c.checkpoints = result.checkpointFitness();
                run.journal.trainingEnded(c.id, c.attempt, List.copyOf(c.epochs));
                // the output tips name the task's state type, as the proposer's prompt does
                c.reflection = c.epochs.isEmpty()
                        ? null
                        : Reflection.of(c.epochs, c.checkpoints)
                                .text()
                                .replace("<State>", task.stateType().getSimpleName());
                c.state = CandidateState.DONE;
                c.finishedAt = Instant.now();
                run.changed(c);
                // with S selection seeds the best is offered once the candidate was re-scored (Rescoring)
                if (run.spec.selectionSeeds() == 1) run.offerBest(c, c.fitness, result.bestPolicy());
            }
        }
    }

    private void onError(Inbox.TrainingError e) {
        Candidate c = candidate(e.candidateId(), e.attempt());
        if (c == null) return;
        handles.remove(c.id);
        inbox.checkStopped();
        c.failure = e.error() instanceof TrainingFailedException
                ? e.error().getMessage()
                : "the training could not run: " + e.error();
        c.state = CandidateState.FAILED;
        c.finishedAt = Instant.now();
        run.changed(c);
    }

    /**
     * Runs jobs that are not candidates (the final evaluation's) and waits for all; F per job id (NaN for a
     * training that failed), each also given to {@code stored} as it arrives (which stores it before its report is
     * settled). Job ids are unique; every job is attempt 1; one an earlier run of the server sent is followed again.
     */
    Map<String, Double> trainAll(Map<String, TrainingJob> jobs, java.util.function.BiConsumer<String, Double> stored) {
        return trainAll(jobs, stored, controls::obeyCancelOnly);
    }

    /** As {@link #trainAll(Map, java.util.function.BiConsumer)}, with pause, resume and cancel handled by {@code onControl}. */
    Map<String, Double> trainAll(
            Map<String, TrainingJob> jobs,
            java.util.function.BiConsumer<String, Double> stored,
            java.util.function.Consumer<Inbox.Control> onControl) {
        Map<String, Double> out = new HashMap<>();
        for (TrainingJob job : jobs.values()) {
            String id = job.candidateId();
            TrainingQueue.Handle h = queue.reattach(job, inbox.listener(id, 1));
            handles.put(id, h != null ? h : queue.submit(job, inbox.listener(id, 1)));
        }
        while (out.size() < jobs.size()) {
            switch (inbox.take()) {
                case Inbox.FromTraining t -> {
                    if (jobs.containsKey(t.candidateId())
                            && handles.containsKey(t.candidateId())
                            && t.event() instanceof TrainingEvent.Finished f) {
                        handles.remove(t.candidateId());
                        out.put(t.candidateId(), f.result().fitness());
                        stored.accept(t.candidateId(), f.result().fitness());
                    }
                }
                case Inbox.TrainingError e -> {
                    if (jobs.containsKey(e.candidateId()) && handles.containsKey(e.candidateId())) {
                        inbox.checkStopped();
                        handles.remove(e.candidateId());
                        out.put(e.candidateId(), Double.NaN);
                        stored.accept(e.candidateId(), Double.NaN);
                    }
                }
                case Inbox.Control control -> onControl.accept(control);
                case Inbox.Proposed ignored -> {}
            }
            inbox.settle();
        }
        return out;
    }

    /** Withdraws every training this search submitted. */
    void cancelAll() {
        for (TrainingQueue.Handle h : handles.values()) h.cancel();
        handles.clear();
    }

    /**
     * Stops following every training without withdrawing it (the loop was stopped, as by a crash): a durable queue
     * keeps them for the next run of the server.
     */
    void releaseAll() {
        for (TrainingQueue.Handle h : handles.values()) h.release();
        handles.clear();
    }
}
