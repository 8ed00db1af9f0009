package dev.rewardsmith.search;

/**
 * What pause, resume and cancel mean in each phase of a search: recorded at once while proposing or training,
 * noted silently while awaiting votes, and only a cancel counts during the final evaluation. Each command's
 * {@code done} completes once it took effect; a cancel unwinds the loop with {@link Inbox.Cancelled}.
 */
final class Controls {

    private final Inbox inbox;
    private final RunState run;
    private boolean paused;

    Controls(Inbox inbox, RunState run) {
        this.inbox = inbox;
        this.run = run;
    }

    boolean paused() {
        return paused;
    }

    /** The search starts (or resumes after a restart of the server) paused. */
    void startPaused(boolean paused) {
        this.paused = paused;
    }

    /** Waits while paused, handling commands; returns once running. Other messages are dropped. */
    void awaitRunning() {
        while (paused) {
            if (inbox.take() instanceof Inbox.Control control) obey(control);
        }
    }

    /** Waits for the proposer's answer; pause and resume are recorded meanwhile, the proposer's call goes on. */
    Inbox.Proposed awaitProposals() {
        while (true) {
            switch (inbox.take()) {
                case Inbox.Proposed p -> {
                    return p;
                }
                case Inbox.Control control -> obey(control);
                default -> {}
            }
        }
    }

    void obey(Inbox.Control control) {
        obey(control, () -> {}, () -> {});
    }

    /**
     * A pause of a running search runs {@code beforePause} then records the state paused; a resume of a paused one
     * records the state running then runs {@code afterResume}. A repeated pause or resume changes nothing.
     */
    void obey(Inbox.Control control, Runnable beforePause, Runnable afterResume) {
        switch (control.command()) {
            case PAUSE -> {
                inbox.checkStopped();
                if (!paused) {
                    paused = true;
                    beforePause.run();
                    run.state(SearchState.PAUSED, null);
                }
            }
            case RESUME -> {
                if (paused) {
                    paused = false;
                    run.state(SearchState.RUNNING, null);
                    afterResume.run();
                }
            }
            case CANCEL -> throw new Inbox.Cancelled();
        }
        control.done().complete(null);
    }

    /** While awaiting votes: pause and resume are only noted; the state is recorded when the wait ends. */
    void note(Inbox.Control control) {
        switch (control.command()) {
            case PAUSE -> {
                inbox.checkStopped();
                paused = true;
            }
            case RESUME -> paused = false;
            case CANCEL -> throw new Inbox.Cancelled();
        }
        control.done().complete(null);
    }

    /** During the final evaluation: it is not paused, it finishes what it started; a cancel ends it. */
    void obeyCancelOnly(Inbox.Control control) {
        switch (control.command()) {
            case PAUSE -> inbox.checkStopped();
            case RESUME -> {}
            case CANCEL -> throw new Inbox.Cancelled();
        }
        control.done().complete(null);
    }
}
