package dev.rewardsmith.search;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one queue a search's thread reads: commands from callers, the events of its trainings from the queue's
 * workers, and the proposer's answer. Other threads only add to it; what is taken is handled by the search's thread.
 */
final class Inbox {

    sealed interface Message {}

    /** A command; {@code done} completes once the command took effect (its state is journaled). */
    record Control(Command command, CompletableFuture<Void> done) implements Message {}

    record FromTraining(String candidateId, int attempt, TrainingEvent event) implements Message {}

    record TrainingError(String candidateId, int attempt, Throwable error) implements Message {}

    record Proposed(List<Proposal> proposals, Throwable error) implements Message {}

    enum Command {
        PAUSE,
        RESUME,
        CANCEL
    }

    /** Thrown on the search's thread to unwind when the search was cancelled. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** Thrown on the search's thread to unwind when the loop was stopped (shutdown), recording nothing. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private volatile boolean finished;
    /** The control message taken last: completed when the loop ends while handling it (a cancel). */
    private Control lastControl;

    /** From any thread: the stage completes when the command took effect, or the loop ended first. */
    CompletionStage<Void> send(Command command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Control(command, done));
        if (finished) done.complete(null);
        return done;
    }

    /** From any thread: the loop unwinds at its next message. */
    void stop() {
        stopped = true;
        queue.add(new Control(Command.PAUSE, new CompletableFuture<>())); // wakes the loop
    }

    boolean stopped() {
        return stopped;
    }

    /** Unwinds when the loop was stopped. */
    void checkStopped() {
        if (stopped) throw new Stopped();
    }

    void add(Message message) {
        queue.add(message);
    }

    /** Where the events of one training attempt go: into this inbox, tagged with the candidate and attempt. */
    TrainingQueue.Listener listener(String candidateId, int attempt) {
        return new TrainingQueue.Listener() {
            @Override
            public void event(TrainingEvent event) {
                queue.add(new FromTraining(candidateId, attempt, event));
            }

            @Override
            public void failed(Throwable error) {
                queue.add(new TrainingError(candidateId, attempt, error));
            }
        };
    }

    /** The next message, waiting for one. */
    Message take() {
        checkStopped();
        try {
            Message m = queue.take();
            if (m instanceof Control c) lastControl = c;
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** Waits up to {@code millis} for a message: the control message taken, or null (other messages are dropped). */
    Control pollControl(long millis) {
        checkStopped();
        Message m;
        try {
            m = queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (!(m instanceof Control c)) return null;
        lastControl = c;
        return c;
    }

    /** The loop ended: completes the command it was handling and every command still waiting. */
    void finish() {
        finished = true;
        if (lastControl != null) lastControl.done().complete(null);
        for (Message m : queue) {
            if (m instanceof Control c) c.done().complete(null);
        }
    }
}
