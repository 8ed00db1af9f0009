package dev.rewardsmith.search;

/**
 * Eureka with human feedback (docs/llm.md, Human reflection): before an iteration proposes, it waits (state
 * awaiting-reflection) for a team member's text on its parent, as a vote wait does: until the text is journaled
 * or the timeout passes, with pause noted and cancel obeyed meanwhile. A resumed search waits again with a fresh
 * timeout, unless the iteration was proposed already.
 */
final class ReflectionWait {

    /** How often the wait looks at the journal again, handling commands in between. */
    private static final long POLL_MILLIS = 500;

    private final RunState run;
    private final Inbox inbox;
    private final Controls controls;

    ReflectionWait(RunState run, Inbox inbox, Controls controls) {
        this.run = run;
        this.inbox = inbox;
        this.controls = controls;
    }

    /**
     * The team member's reflection on {@code parent} for the proposals of iteration {@code iteration}; null when the
     * search's mode is off or nobody wrote one before the timeout (the automatic reflection then stands alone).
     */
    ProposalRequest.HumanReflection await(int restart, int iteration, Candidate parent) {
        SearchSpec.HumanReflection settings = run.spec.humanReflection();
        if (settings == null) return null;
        String text = run.journal.humanReflection(run.searchId, restart, iteration);
        boolean proposed = !run.round(restart, iteration, 0).isEmpty();
        if (text == null && !proposed) {
            String automatic = parent.reflection == null ? "" : parent.reflection;
            run.journal.reflectionAwaited(run.searchId, restart, iteration, parent.id, automatic);
            // the state first: a viewer told of the wait finds the search awaiting it
            run.state(
                    SearchState.AWAITING_REFLECTION,
                    "waiting for a team member's reflection for iteration " + (iteration + 1));
            run.events.reflectionAwaited(
                    run.searchId,
                    restart,
                    iteration,
                    parent.id,
                    automatic,
                    settings.mode().label());
            long deadline = System.nanoTime() + settings.timeoutSeconds() * 1_000_000_000L;
            while (text == null && System.nanoTime() < deadline) {
                Inbox.Control control = inbox.pollControl(POLL_MILLIS);
                if (control != null) controls.note(control);
                text = run.journal.humanReflection(run.searchId, restart, iteration);
            }
            run.journal.reflectionWaitEnded(run.searchId, restart, iteration);
            // a text journaled after the last look and before the wait ended still counts
            if (text == null) text = run.journal.humanReflection(run.searchId, restart, iteration);
            run.state(controls.paused() ? SearchState.PAUSED : SearchState.RUNNING, null);
        }
        if (text == null) return null;
        return new ProposalRequest.HumanReflection(text, settings.mode() == ReflectionMode.REPLACE);
    }
}
