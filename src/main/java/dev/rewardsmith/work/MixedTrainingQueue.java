package dev.rewardsmith.work;

import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's training queue by {@link WorkersMode} (docs/architecture.md, Workers): the in-process pool, the
 * broker's workers, or both (a job goes to the pool while it has a free thread, to the workers otherwise). A training
 * in process reports its worker as {@link #LOCAL}.
 */
public final class MixedTrainingQueue implements TrainingQueue {

    /** The worker name of a training that ran in the server's own pool. */
    public static final String LOCAL = "local";

    private final InProcessTrainingQueue local;
    private final BrokerTrainingQueue broker;
    private final AtomicInteger localRunning = new AtomicInteger();
    private volatile Runnable localChanges = () -> {};

    /** Either may be null, not both. */
    public MixedTrainingQueue(InProcessTrainingQueue local, BrokerTrainingQueue broker) {
        if (local == null && broker == null)
            throw new IllegalArgumentException("a training queue needs a pool or a broker");
        this.local = local;
        this.broker = broker;
    }

    @Override
    public int capacity() {
        return (local == null ? 0 : local.capacity()) + (broker == null ? 0 : broker.capacity());
    }

    /** Runs {@code changes} whenever a training of the pool is submitted or over (the live Workers panel). */
    void onLocalChanges(Runnable changes) {
        localChanges = changes;
    }

    /** Trainings submitted to the in-process pool and not over yet. */
    public int localRunning() {
        return localRunning.get();
    }

    /** Only the broker's jobs outlive the server; a training of the pool that a restart interrupted runs again. */
    @Override
    public Handle reattach(TrainingJob job, Listener listener) {
        return broker == null ? null : broker.reattach(job, listener);
    }

    @Override
    public Handle submit(TrainingJob job, Listener listener) {
        if (broker != null && (local == null || localRunning.get() >= local.capacity())) {
            return broker.submit(job, listener);
        }
        localRunning.incrementAndGet();
        localChanges.run();
        AtomicBoolean over = new AtomicBoolean();
        Runnable done = () -> {
            if (over.compareAndSet(false, true)) {
                localRunning.decrementAndGet();
                localChanges.run();
            }
        };
        Handle h = local.submit(job, new Listener() {
            @Override
            public void event(TrainingEvent event) {
                if (event instanceof TrainingEvent.Finished) done.run();
                listener.event(
                        event instanceof TrainingEvent.Started s
                                ? new TrainingEvent.Started(LOCAL, s.device(), s.deviceReason())
                                : event);
            }

            @Override
            public void failed(Throwable error) {
                done.run();
                listener.failed(error);
            }
        });
        return () -> {
            done.run();
            h.cancel();
        };
    }
}
