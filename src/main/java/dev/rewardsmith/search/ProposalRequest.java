package dev.rewardsmith.search;

import java.util.List;
import java.util.Objects;

/**
 * What a proposer is given for one iteration: the task, the current best round (only that one, as in Eureka)
 * and what went wrong or what the team said since.
 *
 * @param taskId the task's id
 * @param stateType the task's state view class (public fields a reward program reads as {@code s.<field>})
 * @param taskContext the pruned environment source the proposer reads
 * @param taskDescription the task's one-line description
 * @param iteration 0-based iteration index within the restart
 * @param samples how many programs to propose (K)
 * @param seed seeds a deterministic proposer; differs per (search seed, restart, iteration, attempt)
 * @param parent the previous iteration's selected candidate; null in iteration 0
 * @param failures when every candidate of the previous attempt at this iteration failed: one line per failure
 *     ("rejected: 3:9: ..."), so the proposer can fix them; empty otherwise
 * @param feedback team notes and vote summaries on the parent, one paragraph each; empty when none
 * @param searchId the search asking (for the proposer's accounting); null outside a search
 * @param restart the restart index, from 0
 * @param round 0 for the first proposals of the iteration; 1, 2 for the retries after a round where all failed
 * @param human a team member's reflection on the parent (docs/llm.md, Human reflection); null when none
 */
public record ProposalRequest(
        String taskId,
        Class<?> stateType,
        String taskContext,
        String taskDescription,
        int iteration,
        int samples,
        long seed,
        Parent parent,
        List<String> failures,
        List<String> feedback,
        String searchId,
        int restart,
        int round,
        HumanReflection human) {

    public ProposalRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(stateType, "stateType");
        Objects.requireNonNull(taskContext, "taskContext");
        Objects.requireNonNull(taskDescription, "taskDescription");
        if (iteration < 0) throw new IllegalArgumentException("iteration must be >= 0");
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1");
        failures = List.copyOf(failures);
        feedback = List.copyOf(feedback);
        if (restart < 0 || round < 0) throw new IllegalArgumentException("restart and round must be >= 0");
        if (human != null && parent == null) throw new IllegalArgumentException("a human reflection needs a parent");
    }

    /** A request without a human reflection. */
    public ProposalRequest(
            String taskId,
            Class<?> stateType,
            String taskContext,
            String taskDescription,
            int iteration,
            int samples,
            long seed,
            Parent parent,
            List<String> failures,
            List<String> feedback,
            String searchId,
            int restart,
            int round) {
        this(
                taskId,
                stateType,
                taskContext,
                taskDescription,
                iteration,
                samples,
                seed,
                parent,
                failures,
                feedback,
                searchId,
                restart,
                round,
                null);
    }

    /**
     * A team member's text on the parent, as written (Eureka-HF).
     *
     * @param text the text, verbatim
     * @param replaces it stands instead of the automatic reflection; false: it follows it
     */
    public record HumanReflection(String text, boolean replaces) {
        public HumanReflection {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A request outside any search (restart 0, round 0). */
    public ProposalRequest(
            String taskId,
            Class<?> stateType,
            String taskContext,
            String taskDescription,
            int iteration,
            int samples,
            long seed,
            Parent parent,
            List<String> failures,
            List<String> feedback) {
        this(
                taskId,
                stateType,
                taskContext,
                taskDescription,
                iteration,
                samples,
                seed,
                parent,
                failures,
                feedback,
                null,
                0,
                0,
                null);
    }

    /**
     * The candidate the next programs build on.
     *
     * @param candidateId its id
     * @param program its normalized program source (as the reward compiler accepted it)
     * @param response the raw text it was proposed as (for an LLM: the whole response, kept in the messages)
     * @param fitness its fitness F
     * @param reflection how its components and the fitness moved during its training
     */
    public record Parent(String candidateId, String program, String response, double fitness, Reflection reflection) {
        public Parent {
            Objects.requireNonNull(candidateId, "candidateId");
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(reflection, "reflection");
        }
    }
}
