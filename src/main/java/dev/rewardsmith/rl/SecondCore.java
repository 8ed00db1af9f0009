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

    /**
     * How long either side busy-waits before it yields its core, and how long it yields before it parks: a
     * hand-off is a few microseconds apart on an idle machine; on a loaded one the other side may not be running
     * at all, and yielding lets it (measured: busy-waiting alone spent 46% of a training thread's samples waiting
     * at load 21 on 2 cores).
     */
    private static final long SPIN_NANOS = 5_000;

    private static final long YIELD_NANOS = 100_000;

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
        long start = 0;
        while (work != null) {
            long now = System.nanoTime();
            if (start == 0) start = now;
            pause(now - start, 100_000);
        }
    }

    /** Busy-waits, then yields, then parks (at most {@code parkNanos}, 0 for until unparked). */
    private void pause(long waited, long parkNanos) {
        if (waited < SPIN_NANOS) Thread.onSpinWait();
        else if (waited < YIELD_NANOS) Thread.yield();
        else if (parkNanos > 0) LockSupport.parkNanos(this, parkNanos);
        else LockSupport.park(this);
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (!closed) {
            Runnable w = work;
            if (w == null) {
                pause(System.nanoTime() - idleSince, 0);
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
