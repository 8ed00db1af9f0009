package dev.rewardsmith.search;

import dev.rewardsmith.rl.PpoConfig;
import java.util.Objects;

/**
 * The budget and choices of one search, as created (validated at the edge; invariants checked here).
 *
 * @param task the task id
 * @param proposer where the programs come from
 * @param samples K: programs proposed per iteration, 1 to 64
 * @param iterations N: iterations per restart, 1 to 100
 * @param restarts R: independent restarts of the whole loop, 1 to 16
 * @param evalSeeds E: seeds of the final evaluation, 0 (none) to 32
 * @param seed seeds the proposer and the trainings
 * @param selection how each iteration's parent is chosen
 * @param humanInit iteration 0 is a single human-written candidate ({@code program}, or the task's human reward)
 * @param program the pasted program for human initialization; null for the task's human reward
 * @param ppo the PPO settings of every training (the task's defaults with the search's overrides applied)
 * @param finetuneFrom a candidate (of this or another task with the same observation and action shapes) whose
 *     best checkpoint every training starts from, as a curriculum; null to train from scratch
 * @param llm the model settings of an {@code llm} search; null for other proposers
 * @param replayOf the search whose stored proposals a {@code replay} search serves again; null otherwise
 * @param preference how a preference or mixed search waits for votes; null for the defaults
 * @param humanReflection whether a team member writes the reflection of each iteration (Eureka-HF, docs/llm.md,
 *     Human reflection); null when nobody does ({@link ReflectionMode#OFF})
 * @param selectionSeeds S: training seeds an iteration's selection is scored on, 1 to {@link #MAX_SELECTION_SEEDS}
 *     (docs/architecture.md, Search): with S > 1 the iteration's top two by their first-seed F are trained on S - 1
 *     further seeds and selected by their mean F; 1 selects on the one training. 0 (a spec stored or exported
 *     before the field existed) reads as 1
 */
public record SearchSpec(
        String task,
        ProposerKind proposer,
        int samples,
        int iterations,
        int restarts,
        int evalSeeds,
        long seed,
        SelectionMode selection,
        boolean humanInit,
        String program,
        PpoConfig ppo,
        String finetuneFrom,
        Llm llm,
        String replayOf,
        Preference preference,
        HumanReflection humanReflection,
        int selectionSeeds) {

    public static final int MAX_SAMPLES = 64;
    public static final int MAX_ITERATIONS = 100;
    public static final int MAX_RESTARTS = 16;
    public static final int MAX_EVAL_SEEDS = 32;
    public static final int MAX_SELECTION_SEEDS = 5;

    /** How many of an iteration's candidates (the top by their first-seed F) are re-scored when S > 1. */
    public static final int RESCORED_PER_ITERATION = 2;

    /**
     * Trainings one search may plan at most, unless the server sets another cap: Eureka's own budget (16 samples,
     * 5 iterations, 5 restarts, 15 evaluation trainings) with every round proposed again fits well under it.
     */
    public static final int DEFAULT_MAX_TRAININGS = 2_000;

    /** Evaluation trainings per evaluation seed: the best reward, the human reward and the sparse reward. */
    public static final int EVALUATION_TRAININGS_PER_SEED = 3;

    public SearchSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(ppo, "ppo");
        check(samples >= 1 && samples <= MAX_SAMPLES, "samples must be in [1, " + MAX_SAMPLES + "]");
        check(iterations >= 1 && iterations <= MAX_ITERATIONS, "iterations must be in [1, " + MAX_ITERATIONS + "]");
        check(restarts >= 1 && restarts <= MAX_RESTARTS, "restarts must be in [1, " + MAX_RESTARTS + "]");
        check(
                evalSeeds >= 0 && evalSeeds <= MAX_EVAL_SEEDS,
                "evalSeeds must be in [0, " + MAX_EVAL_SEEDS + "] (0: no final evaluation)");
        if (selectionSeeds == 0) selectionSeeds = 1; // absent from a spec written before the field existed
        check(
                selectionSeeds >= 1 && selectionSeeds <= MAX_SELECTION_SEEDS,
                "selectionSeeds must be in [1, " + MAX_SELECTION_SEEDS + "] (1: select on the one training)");
        // a replay serves stored programs and a human search proposes nothing: nobody writes their reflections
        if (humanReflection != null
                && (humanReflection.mode() == ReflectionMode.OFF
                        || proposer == ProposerKind.REPLAY
                        || proposer.singleProgram())) {
            humanReflection = null;
        }
    }

    /** A search that selects on one training seed per candidate (S = 1). */
    public SearchSpec(
            String task,
            ProposerKind proposer,
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            SelectionMode selection,
            boolean humanInit,
            String program,
            PpoConfig ppo,
            String finetuneFrom,
            Llm llm,
            String replayOf,
            Preference preference,
            HumanReflection humanReflection) {
        this(
                task,
                proposer,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                selection,
                humanInit,
                program,
                ppo,
                finetuneFrom,
                llm,
                replayOf,
                preference,
                humanReflection,
                1);
    }

    /** A search without a human reflection. */
    public SearchSpec(
            String task,
            ProposerKind proposer,
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            SelectionMode selection,
            boolean humanInit,
            String program,
            PpoConfig ppo,
            String finetuneFrom,
            Llm llm,
            String replayOf,
            Preference preference) {
        this(
                task,
                proposer,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                selection,
                humanInit,
                program,
                ppo,
                finetuneFrom,
                llm,
                replayOf,
                preference,
                null);
    }

    /** A search without model settings or replay source. */
    public SearchSpec(
            String task,
            ProposerKind proposer,
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            SelectionMode selection,
            boolean humanInit,
            String program,
            PpoConfig ppo,
            String finetuneFrom) {
        this(
                task,
                proposer,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                selection,
                humanInit,
                program,
                ppo,
                finetuneFrom,
                null,
                null,
                null);
    }

    /**
     * The spec of a replay of the search this spec describes: same task, budget, seed and PPO settings, so its
     * trainings and rounds are the original's; the proposals come from {@code sourceId}'s stored responses.
     */
    public SearchSpec replayOf(String sourceId) {
        Objects.requireNonNull(sourceId, "sourceId");
        check(!proposer.singleProgram(), "a human search has nothing to replay");
        return withSource(ProposerKind.REPLAY, humanInit, program, null, sourceId);
    }

    /**
     * The spec of a fork: the same budget, with {@code program} as its human-written iteration 0. A fork proposes
     * anew, so a human or replay search goes on with the offline proposer.
     */
    public SearchSpec forkWith(String program) {
        Objects.requireNonNull(program, "program");
        ProposerKind next =
                proposer == ProposerKind.HUMAN || proposer == ProposerKind.REPLAY ? ProposerKind.OFFLINE : proposer;
        return withSource(next, true, program, next == ProposerKind.LLM ? llm : null, null);
    }

    /** This spec's budget, seed and settings with another source of programs. */
    private SearchSpec withSource(ProposerKind proposer, boolean humanInit, String program, Llm llm, String replayOf) {
        return new SearchSpec(
                task,
                proposer,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                selection,
                humanInit,
                program,
                ppo,
                finetuneFrom,
                llm,
                replayOf,
                preference,
                humanReflection,
                selectionSeeds);
    }

    /** This spec with another S (the command line's {@code --selection-seeds}). */
    public SearchSpec withSelectionSeeds(int seeds) {
        return new SearchSpec(
                task,
                proposer,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                selection,
                humanInit,
                program,
                ppo,
                finetuneFrom,
                llm,
                replayOf,
                preference,
                humanReflection,
                seeds);
    }

    /**
     * How a {@code preference} or {@code mixed} search waits for and weighs the team's votes.
     *
     * @param votes live votes on an iteration's comparisons that end the wait
     * @param timeoutSeconds the longest wait for them; then the search goes on with the votes it has
     * @param weight in {@code mixed}: the weight of normalized fitness (1 - weight goes to vote strength)
     */
    public record Preference(int votes, int timeoutSeconds, double weight) {
        public static final Preference DEFAULT = new Preference(3, 600, 0.5);

        public Preference {
            check(votes >= 1 && votes <= 1000, "preference.votes must be in [1, 1000]");
            check(timeoutSeconds >= 0 && timeoutSeconds <= 86_400, "preference.timeoutSeconds must be in [0, 86400]");
            check(weight >= 0 && weight <= 1, "preference.weight must be in [0, 1]");
        }
    }

    /**
     * The trainings this search may run at most: K per proposal round, {@link SearchRun#MAX_ROUNDS} rounds per
     * iteration (a round where every candidate failed is proposed again), N iterations, R restarts, plus the
     * re-scoring trainings (S - 1 for each of an iteration's top two), then three evaluation trainings per
     * evaluation seed. A human search trains its one program once per restart (and S - 1 times more).
     */
    public long plannedTrainings() {
        long search =
                proposer.singleProgram() ? restarts : (long) samples * iterations * restarts * SearchRun.MAX_ROUNDS;
        long rescored = (long) Math.min(RESCORED_PER_ITERATION, proposer.singleProgram() ? 1 : samples)
                * (selectionSeeds - 1)
                * (proposer.singleProgram() ? 1 : iterations)
                * restarts;
        return search + rescored + (long) EVALUATION_TRAININGS_PER_SEED * evalSeeds;
    }

    /**
     * The trainings this search can have on the training pool at once: one round's K, an iteration's re-scoring
     * trainings, or the final evaluation's three per seed, whichever is more.
     */
    public int trainingsAtOnce() {
        int round = proposer.singleProgram() ? 1 : samples;
        int rescoring = Math.min(RESCORED_PER_ITERATION, round) * (selectionSeeds - 1);
        return Math.max(Math.max(round, rescoring), EVALUATION_TRAININGS_PER_SEED * evalSeeds);
    }

    /** How the search's reflections are written: {@link ReflectionMode#OFF} when no team member writes them. */
    public ReflectionMode reflectionMode() {
        return humanReflection == null ? ReflectionMode.OFF : humanReflection.mode();
    }

    /**
     * Eureka with human feedback (docs/llm.md, Human reflection): after each iteration but the last of a restart,
     * the search waits (state awaiting-reflection) for a team member's text on the selected candidate, which the
     * next proposal request carries after the automatic reflection ({@code add}) or instead of it
     * ({@code replace}).
     *
     * @param mode add or replace (off is stored as no settings at all)
     * @param timeoutSeconds the longest wait; then the iteration goes on with the automatic reflection alone
     */
    public record HumanReflection(ReflectionMode mode, int timeoutSeconds) {
        public static final int DEFAULT_TIMEOUT_SECONDS = 600;
        public static final int MAX_TIMEOUT_SECONDS = 86_400;

        public HumanReflection {
            Objects.requireNonNull(mode, "mode");
            check(
                    timeoutSeconds >= 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS,
                    "humanReflectionTimeoutSeconds must be in [0, " + MAX_TIMEOUT_SECONDS + "]");
        }
    }

    /** The voting settings, defaults when none were given. */
    public Preference votingOrDefault() {
        return preference == null ? Preference.DEFAULT : preference;
    }

    /**
     * The model an {@code llm} search asks, and its spending caps.
     *
     * @param connection the named connection (see the connections API)
     * @param model the model to ask; null for the connection's model
     * @param tokenBudget at most this many prompt + completion tokens over the search; null for no cap
     * @param costBudget at most this cost over the search (in the price table's currency); null for no cap
     */
    /**
     * @param repairAttempts repair exchanges per rejected sample (docs/llm.md, Repair), 0 to
     *     {@link #MAX_REPAIR_ATTEMPTS}; null for the server's {@code rewardsmith.llm.repair-attempts}
     */
    public record Llm(String connection, String model, Long tokenBudget, Double costBudget, Integer repairAttempts) {
        public Llm {
            Objects.requireNonNull(connection, "connection");
            check(tokenBudget == null || tokenBudget > 0, "tokenBudget must be > 0");
            check(costBudget == null || costBudget > 0, "costBudget must be > 0");
            check(
                    repairAttempts == null || (repairAttempts >= 0 && repairAttempts <= MAX_REPAIR_ATTEMPTS),
                    "repairAttempts must be in [0, " + MAX_REPAIR_ATTEMPTS + "]");
        }

        public Llm(String connection, String model, Long tokenBudget, Double costBudget) {
            this(connection, model, tokenBudget, costBudget, null);
        }
    }

    /** The most repair exchanges a search may ask per rejected sample. */
    public static final int MAX_REPAIR_ATTEMPTS = 5;

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
