package dev.rewardsmith.search;

import dev.rewardsmith.feedback.ComparisonPlanner;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.Rollout;
import dev.rewardsmith.rl.RolloutRecorder;
import dev.rewardsmith.task.StateJson;
import dev.rewardsmith.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the team votes on (docs/architecture.md, Human feedback): each trained candidate's best checkpoint recorded
 * on the search's fixed rollout seeds, and after an iteration, pairs of its candidates' rollouts on one seed.
 */
final class RolloutComparisons {

    private static final Logger LOG = Logger.getLogger(RolloutComparisons.class.getName());

    private final RunState run;
    private final Task task;
    private final RewardCompiler compiler;
    private final Inbox inbox;

    RolloutComparisons(RunState run, Task task, RewardCompiler compiler, Inbox inbox) {
        this.run = run;
        this.task = task;
        this.compiler = compiler;
        this.inbox = inbox;
    }

    /**
     * Records the best checkpoint's episodes on the search's rollout seeds, so rollouts of different candidates on
     * one seed can be played side by side. A failure here costs the rollouts only, never the candidate.
     */
    void record(Candidate c, byte[] policy) {
        try {
            if (!(compiler.compile(c.program, task.stateType()) instanceof CompileResult.Compiled compiled)) return;
            var recorder = new RolloutRecorder();
            List<Rollout> rollouts = new ArrayList<>();
            for (int k = 0; k < SearchRun.ROLLOUT_SEEDS; k++) {
                rollouts.add(recorder.record(
                        task,
                        policy,
                        compiled.reward().function(),
                        run.spec.ppo().gamma(),
                        Seeds.rollout(run.spec.seed(), k),
                        StateJson::of,
                        state -> task.render(state).toJson()));
            }
            run.journal.rollouts(c.id, rollouts);
        } catch (RuntimeException e) {
            if (inbox.stopped()) throw e;
            LOG.warning("no rollouts for candidate " + c.id + ": " + e);
        }
    }

    /** Pairs the iteration's trained candidates' rollouts for the team's votes (same seed on both sides). */
    void offer(int restart, int iteration) {
        List<ComparisonPlanner.Entry> entries = run.candidates.stream()
                .filter(c -> c.restart == restart && c.iteration == iteration && c.state == CandidateState.DONE)
                .map(c -> new ComparisonPlanner.Entry(c.id, c.fitness))
                .toList();
        if (entries.size() < 2) return;
        List<Long> seeds = new ArrayList<>();
        for (int k = 0; k < SearchRun.ROLLOUT_SEEDS; k++) seeds.add(Seeds.rollout(run.spec.seed(), k));
        List<ComparisonPlanner.Pair> pairs =
                ComparisonPlanner.plan(entries, seeds, Seeds.comparisons(run.spec.seed(), restart, iteration));
        run.journal.comparisons(run.searchId, restart, iteration, pairs);
        run.events.comparisons(run.searchId, restart, iteration, pairs.size());
    }
}
