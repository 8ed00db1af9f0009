package dev.rewardsmith.search;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one queue a search's thread reads: commands from callers, the events of its trainings from the queue's
 * workers, and the proposer's answer. Other threads only add to it; what is taken is handled by the search's thread.
 *
 * <p>Bounded (docs/architecture.md, The flow of a search): at most {@link #EPOCH_CAPACITY} epoch events wait at
 * once. A training's worker that has one more waits until the search's thread took one (backpressure: the training
 * slows down to the pace at which its metrics are stored, and none is lost, so the reflection stays exact). Every
 * other message is small and bounded in number per training or per command, and always goes in at once: control
 * messages (pause, resume, cancel), a training's start, checkpoints, its end (finished or failed) and the
 * proposer's answer are never dropped nor delayed. Once the loop ended or was stopped, a waiting epoch event is
 * dropped (nobody reads it any more).
 */
final class Inbox {

    sealed interface Message {}

    /** A command; {@code done} completes once the command took effect (its state is journaled). */
    record Control(Command command, CompletableFuture<Void> done) implements Message {}

    /** {@code stored} tells the training's queue the event was handled (see {@link #settle()}). */
    record FromTraining(String candidateId, int attempt, TrainingEvent event, Runnable stored) implements Message {
        FromTraining(String candidateId, int attempt, TrainingEvent event) {
            this(candidateId, attempt, event, NOTHING);
        }
    }

    record TrainingError(String candidateId, int attempt, Throwable error, Runnable stored) implements Message {
        TrainingError(String candidateId, int attempt, Throwable error) {
            this(candidateId, attempt, error, NOTHING);
        }
    }

    private static final Runnable NOTHING = () -> {};

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

    /** Epoch events that may wait in the queue at once (a metrics record is a few hundred bytes). */
    static final int EPOCH_CAPACITY = 256;

    /** How often a worker waiting for room looks whether the loop ended. */
    private static final long WAIT_MILLIS = 100;

    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    /** One permit per epoch event that may still go in. */
    private final Semaphore epochRoom;

    private volatile boolean stopped;
    private volatile boolean finished;
    /** The control message taken last: completed when the loop ends while handling it (a cancel). */
    private Control lastControl;
    /** The training message taken last and not yet settled: its queue hears it was stored when the next is taken. */
    private Runnable unsettled = NOTHING;

    Inbox() {
        this(EPOCH_CAPACITY);
    }

    Inbox(int epochCapacity) {
        if (epochCapacity < 1) throw new IllegalArgumentException("epochCapacity must be at least 1");
        epochRoom = new Semaphore(epochCapacity);
    }

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
                event(event, NOTHING);
            }

            @Override
            public void failed(Throwable error) {
                failed(error, NOTHING);
            }

            @Override
            public void event(TrainingEvent event, Runnable stored) {
                if (event instanceof TrainingEvent.Epoch && !awaitEpochRoom()) {
                    if (finished) stored.run(); // nobody will read it; after a stop it stays unsettled
                    return;
                }
                addTraining(new FromTraining(candidateId, attempt, event, stored), stored);
            }

            @Override
            public void failed(Throwable error, Runnable stored) {
                addTraining(new TrainingError(candidateId, attempt, error, stored), stored);
            }
        };
    }

    /** Adds a training's message; one that arrives after the loop ended is dropped as settled. */
    private void addTraining(Message m, Runnable stored) {
        queue.add(m);
        if (finished && queue.remove(m)) {
            if (m instanceof FromTraining t && t.event() instanceof TrainingEvent.Epoch) epochRoom.release();
            stored.run();
        }
    }

    /**
     * The training message taken last was handled (its writes are committed): its queue may now forget the
     * report (a broker acknowledges it). Called by the search's thread after handling a message, and by
     * {@link #take()} and {@link #pollControl} before taking the next one, so a message dropped unhandled is settled
     * too. Never called after a stop: an unsettled report is delivered again to the next run of the server.
     */
    void settle() {
        Runnable r = unsettled;
        unsettled = NOTHING;
        r.run();
    }

    /**
     * On a training's worker: waits until an epoch event may go in; false when the loop ended or was stopped (or
     * the worker was interrupted) first, and the event is to be dropped.
     */
    private boolean awaitEpochRoom() {
        try {
            while (!finished && !stopped) {
                if (epochRoom.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** An epoch event left the queue: room for the next. */
    private void taken(Message m) {
        if (m instanceof FromTraining t) {
            if (t.event() instanceof TrainingEvent.Epoch) epochRoom.release();
            unsettled = t.stored();
        } else if (m instanceof TrainingError e) {
            unsettled = e.stored();
        }
    }

    /** The next message, waiting for one. */
    Message take() {
        checkStopped();
        settle();
        try {
            Message m = queue.take();
            taken(m);
            if (m instanceof Control c) lastControl = c;
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /**
     * The next message, waiting at most {@code millis} for one; null when none came. Settles the message taken
     * before, as {@link #take()} does.
     */
    Message take(long millis) {
        checkStopped();
        settle();
        try {
            Message m = queue.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
            if (m == null) return null;
            taken(m);
            if (m instanceof Control c) lastControl = c;
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /**
     * Hands over the settling of the training message taken last to the caller, who runs it once the message's
     * writes are committed (a journal that writes several epochs together; see {@code Trainings}).
     */
    Runnable deferSettle() {
        Runnable r = unsettled;
        unsettled = NOTHING;
        return r;
    }

    /** Waits up to {@code millis} for a message: the control message taken, or null (other messages are dropped). */
    Control pollControl(long millis) {
        checkStopped();
        settle();
        Message m;
        try {
            m = queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (m == null) return null;
        taken(m);
        if (!(m instanceof Control c)) return null;
        lastControl = c;
        return c;
    }

    /** The loop ended: completes the command it was handling and every command still waiting. */
    void finish() {
        finished = true;
        if (lastControl != null) lastControl.done().complete(null);
        if (!stopped) settle();
        for (Message m : queue) {
            if (m instanceof Control c) c.done().complete(null);
            // reports nobody will read: settled, unless the loop was stopped (then the next run gets them again)
            if (!stopped && queue.remove(m)) {
                if (m instanceof FromTraining t) t.stored().run();
                if (m instanceof TrainingError e) e.stored().run();
            }
        }
    }
}
