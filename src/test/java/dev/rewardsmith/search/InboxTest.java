package dev.rewardsmith.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The inbox's bound: epoch events wait for room, every other message goes in at once and none is lost. */
class InboxTest {

    private static TrainingEvent.Epoch epoch(int e) {
        return new TrainingEvent.Epoch(
                new MetricsRecord(e, e * 8L, 1, 0, 0, 0, List.of("a"), new double[] {e}, 0, 0, 0, 0, 0, 0, 1e-3));
    }

    private static TrainingEvent.Finished finished() {
        return new TrainingEvent.Finished(new TrainingResult(1, new double[] {1}, 0, new byte[] {1}, 8, 0.1));
    }

    /** Starts a worker that sends {@code count} epochs of candidate "a"; {@code sent} counts those that went in. */
    private static Thread producer(Inbox inbox, int count, AtomicInteger sent) {
        TrainingQueue.Listener a = inbox.listener("a", 1);
        Thread t = Thread.ofPlatform().start(() -> {
            for (int e = 1; e <= count; e++) {
                a.event(epoch(e));
                sent.incrementAndGet();
            }
            a.event(finished());
        });
        return t;
    }

    private static void settle() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(300);
    }

    @Test
    void aFullInboxHoldsBackEpochsButTakesControlsAndEndsAtOnceAndLosesNothing() throws Exception {
        Inbox inbox = new Inbox(3);
        AtomicInteger sent = new AtomicInteger();
        Thread worker = producer(inbox, 10, sent);
        settle();
        assertEquals(3, sent.get(), "three epochs went in, the fourth waits for room");
        assertTrue(worker.isAlive());

        // beyond capacity: a command, another training's end and failure, and the proposer's answer go in at once
        CompletionStage<Void> pause = inbox.send(Inbox.Command.PAUSE);
        CompletionStage<Void> cancel = inbox.send(Inbox.Command.CANCEL);
        inbox.listener("b", 1).event(finished());
        inbox.listener("c", 2).failed(new TrainingFailedException("diverged"));
        inbox.add(new Inbox.Proposed(List.of(), null));

        List<Integer> epochs = new ArrayList<>();
        List<Inbox.Message> others = new ArrayList<>();
        boolean aFinished = false;
        while (!aFinished) {
            Inbox.Message m = inbox.take();
            if (m instanceof Inbox.FromTraining t && t.candidateId().equals("a")) {
                if (t.event() instanceof TrainingEvent.Epoch e)
                    epochs.add(e.record().epoch());
                else aFinished = t.event() instanceof TrainingEvent.Finished;
            } else {
                others.add(m);
            }
        }
        worker.join(5_000);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), epochs, "every epoch, in order");
        assertEquals(5, others.size());
        assertEquals(
                Inbox.Command.PAUSE,
                assertInstanceOf(Inbox.Control.class, others.get(0)).command());
        assertEquals(
                Inbox.Command.CANCEL,
                assertInstanceOf(Inbox.Control.class, others.get(1)).command());
        assertInstanceOf(
                TrainingEvent.Finished.class,
                assertInstanceOf(Inbox.FromTraining.class, others.get(2)).event());
        assertEquals(
                "c", assertInstanceOf(Inbox.TrainingError.class, others.get(3)).candidateId());
        assertInstanceOf(Inbox.Proposed.class, others.get(4));
        assertFalse(pause.toCompletableFuture().isDone(), "a command completes when it took effect");
        assertFalse(cancel.toCompletableFuture().isDone());
    }

    @Test
    void epochsDroppedWhilePollingForControlsMakeRoom() throws Exception {
        Inbox inbox = new Inbox(2);
        AtomicInteger sent = new AtomicInteger();
        Thread worker = producer(inbox, 6, sent);
        settle();
        assertEquals(2, sent.get());
        // waiting for votes: other messages are dropped, and their room is given back
        while (worker.isAlive() || sent.get() < 6) inbox.pollControl(50);
        assertEquals(6, sent.get());
    }

    @Test
    void aWorkerWaitingForRoomGivesUpOnceTheLoopEnded() throws Exception {
        Inbox inbox = new Inbox(1);
        AtomicInteger sent = new AtomicInteger();
        Thread worker = producer(inbox, 5, sent);
        settle();
        assertEquals(1, sent.get());
        inbox.finish();
        worker.join(5_000);
        assertFalse(worker.isAlive(), "the worker is not held once nobody reads the inbox");
    }

    @Test
    void aWorkerWaitingForRoomGivesUpWhenTheLoopIsStopped() throws Exception {
        Inbox inbox = new Inbox(1);
        AtomicInteger sent = new AtomicInteger();
        Thread worker = producer(inbox, 5, sent);
        settle();
        inbox.stop();
        worker.join(5_000);
        assertFalse(worker.isAlive());
    }
}
