package dev.rewardsmith.search;

import dev.rewardsmith.rl.PpoConfig;
import java.util.Objects;

/**
 * The budget and choices of one search, as created (validated at the edge; invariants checked here).
 *
 * @param task the task id
 * @param proposer {@code offline}, {@code llm}, {@code replay} or {@code human}
 * @param samples K: programs proposed per iteration, 1 to 64
 * @param iterations N: iterations per restart, 1 to 100
 * @param restarts R: independent restarts of the whole loop, 1 to 16
 * @param evalSeeds E: seeds of the final evaluation, 0 (none) to 32
 * @param seed seeds the proposer and the trainings
 * @param selection {@code fitness}, {@code preference} or {@code mixed}
 * @param humanInit iteration 0 is a single human-written candidate ({@code program}, or the task's human reward)
 * @param program the pasted program for human initialization; null for the task's human reward
 * @param ppo the PPO settings of every training (the task's defaults with the search's overrides applied)
 * @param finetuneFrom a candidate (of this or another task with the same observation and action shapes) whose
 *     best checkpoint every training starts from, as a curriculum; null to train from scratch
 */
public record SearchSpec(
        String task,
        String proposer,
        int samples,
        int iterations,
        int restarts,
        int evalSeeds,
        long seed,
        String selection,
        boolean humanInit,
        String program,
        PpoConfig ppo,
        String finetuneFrom) {

    public static final int MAX_SAMPLES = 64;
    public static final int MAX_ITERATIONS = 100;
    public static final int MAX_RESTARTS = 16;
    public static final int MAX_EVAL_SEEDS = 32;

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
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
