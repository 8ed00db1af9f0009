package dev.rewardsmith.search;

import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.rl.MetricsRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One reward program in one iteration and what became of it. A working copy owned by the search's own thread;
 * the journal and the live stream receive {@link #copy()}s, never this instance.
 */
public final class Candidate {

    public String id;
    public String searchId;
    public int restart;
    /** 0-based iteration within the restart. */
    public int iteration;
    /** 0 for the first proposals of the iteration; 1, 2 for the retries after an iteration where all failed. */
    public int round;
    /** Position within the iteration (over all rounds), from 0. */
    public int index;
    /** The candidate this one was proposed from (the previous iteration's selected one); null in iteration 0. */
    public String parentId;
    /** Who wrote it: the proposer's name, or {@code human}. */
    public String origin;
    /** How it was made, one line. */
    public String summary = "";
    /** The raw proposal text. */
    public String response;
    /** The normalized program; null when it was rejected. */
    public String program;

    public List<String> components = List.of();
    public List<Problem> problems = List.of();
    public CandidateState state = CandidateState.PROPOSED;
    /** Trainings started so far (an interrupted training is retried with the next attempt). */
    public int attempt;

    public Double fitness;
    public double[] checkpoints = new double[0];
    public String reflection;
    /**
     * With S selection seeds (docs/architecture.md, Search): F on each of them, the first being {@link #fitness}; null
     * for a re-scoring training that failed. Empty when the candidate was not re-scored.
     */
    public List<Double> selectionScores = List.of();
    /** Why training failed (non-finite reward, cancelled, error); null otherwise. */
    public String failure;

    public int promptTokens;
    public int completionTokens;
    /** The stored model exchange the response came from; null without a model. */
    public String exchangeId;
    /** The cost of the repair exchanges that led to the response (docs/llm.md, Repair); 0 without repair. */
    public double repairCost;

    public Instant proposedAt;
    public Instant startedAt;
    /** Who trained the latest attempt: {@code local} for the server's pool, else a worker's name. */
    public String worker;
    /** Where the latest attempt trained, {@code cpu} or {@code gpu} (docs/gpu.md, Choosing the device). */
    public String device;
    /** Why the latest attempt trained on the CPU although the setting allowed the GPU; null otherwise. */
    public String deviceReason;

    public Instant finishedAt;
    /** The per-epoch metrics of the current attempt (not journaled with the candidate: see the journal). */
    public List<MetricsRecord> epochs = new ArrayList<>();
    /**
     * The reflection of the trained attempt as the journal stored it when it kept only some of its epochs; null
     * when {@link #epochs} holds every epoch (see {@link #reflectionOfEpochs()}).
     */
    public Reflection storedReflection;

    /** A copy that later changes to this candidate do not affect (the epochs list is shared read-only). */
    public Candidate copy() {
        Candidate c = new Candidate();
        c.id = id;
        c.searchId = searchId;
        c.restart = restart;
        c.iteration = iteration;
        c.round = round;
        c.index = index;
        c.parentId = parentId;
        c.origin = origin;
        c.summary = summary;
        c.response = response;
        c.program = program;
        c.components = List.copyOf(components);
        c.problems = List.copyOf(problems);
        c.state = state;
        c.attempt = attempt;
        c.fitness = fitness;
        c.checkpoints = checkpoints.clone();
        c.reflection = reflection;
        c.selectionScores = Collections.unmodifiableList(new ArrayList<>(selectionScores));
        c.failure = failure;
        c.promptTokens = promptTokens;
        c.completionTokens = completionTokens;
        c.exchangeId = exchangeId;
        c.repairCost = repairCost;
        c.proposedAt = proposedAt;
        c.startedAt = startedAt;
        c.worker = worker;
        c.device = device;
        c.deviceReason = deviceReason;
        c.finishedAt = finishedAt;
        c.epochs = List.copyOf(epochs);
        c.storedReflection = storedReflection;
        return c;
    }

    /**
     * The reflection of the trained attempt (the stored one when the journal thinned the epochs), with the
     * checkpoint evaluations whose maximum is F.
     */
    public Reflection reflectionOfEpochs() {
        Reflection r = storedReflection != null ? storedReflection : Reflection.of(epochs);
        return checkpoints.length > 0 ? r.withCheckpoints(checkpoints) : r;
    }

    /**
     * This failed candidate for the next prompt (docs/llm.md, Repair): a rejected one with its answer (numbered
     * lines) and each problem with the line it points at; one that failed in training with its reason and its
     * program; one that could not be proposed with the reason only.
     */
    String failureBlock() {
        if (state == CandidateState.REJECTED) {
            return ProgramFailures.block("candidate " + index + " was rejected. Its answer:", response, problems);
        }
        if (program == null && startedAt == null) return "candidate " + index + " could not be proposed: " + failure;
        return ProgramFailures.block(
                "candidate " + index + " failed in training: " + failure + ". Its program:", program, List.of());
    }

    /** Whether this candidate was compiled and then failed while training (not cancelled, not refused). */
    boolean failedInTraining() {
        return state == CandidateState.FAILED && program != null && startedAt != null && !CANCELLED.equals(failure);
    }

    static final String CANCELLED = "the search was cancelled";
}
