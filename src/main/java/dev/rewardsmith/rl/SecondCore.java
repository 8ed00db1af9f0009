package dev.rewardsmith.rl;

import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for one training: {@link #runBoth} runs one half of a pass on it while the caller runs the
 * other half, and returns when both are done (docs/architecture.md, Training). The halves a trainer hands it
 * are independent networks (the actor on the caller, the critic here), so the floats do not depend on which
 * thread ran what. Hand-offs are a volatile write and a short spin, not an executor task, because they happen a
 * few times per minibatch (tens of microseconds apart at the task defaults); after a while without work the
 * thread parks, so an idle training does not hold a core.
 */
final class SecondCore implements AutoCloseable {

    /** How long either side spins before parking: a few hand-offs' worth at the small-batch defaults. */
    private static final long SPIN_NANOS = 50_000;

    private final Thread thread;
    private volatile Runnable work;
    private volatile boolean closed;
    private volatile Thread waiter;
    private Throwable failure;

    SecondCore(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code mine} on the calling thread and {@code theirs} on the second thread; returns when both are done
     * and rethrows what either threw ({@code mine}'s first). The two must write disjoint memory.
     */
    void runBoth(Runnable mine, Runnable theirs) {
        if (closed) throw new IllegalStateException("the second core is closed");
        failure = null;
        waiter = Thread.currentThread();
        work = theirs; // publishes every write the caller made before this hand-off
        LockSupport.unpark(thread);
        Throwable own = null;
        try {
            mine.run();
        } catch (RuntimeException | Error e) {
            own = e;
        }
        awaitIdle();
        Throwable other = failure; // written before work was cleared, so visible here
        if (own != null) rethrow(own);
        if (other != null) rethrow(other);
    }

    private void awaitIdle() {
        long spinUntil = 0;
        while (work != null) {
            if (spinUntil == 0) spinUntil = System.nanoTime() + SPIN_NANOS;
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 100_000);
        }
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (!closed) {
            Runnable w = work;
            if (w == null) {
                if (System.nanoTime() - idleSince < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(this);
                continue;
            }
            try {
                w.run();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            work = null;
            LockSupport.unpark(waiter);
            idleSince = System.nanoTime();
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        throw (Error) t;
    }

    /** Stops the thread (it ends after the pass it runs, if any). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
