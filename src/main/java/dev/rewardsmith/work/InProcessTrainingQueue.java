package dev.rewardsmith.work;

import dev.rewardsmith.gpu.DeviceTrainer;
import dev.rewardsmith.gpu.TrainingDevice;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.reward.NonFiniteRewardException;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.SpareCores;
import dev.rewardsmith.rl.TrainingCancelledException;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingFailedException;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default training queue (docs/architecture.md, Training): a pool of platform threads in this process, one training
 * per thread, first come first served. Plain Java, so the command line uses it as the server does. When fewer
 * trainings run than the pool has threads, a running training borrows an idle core for its passes
 * ({@link CoreShare}) and gives it back at its next iteration once another training starts; a training's
 * results do not depend on that.
 */
public final class InProcessTrainingQueue implements TrainingQueue, AutoCloseable {

    private final int capacity;
    private final TaskRegistry tasks;
    private final RewardCompiler compiler;
    private final CoreShare cores;
    private final PpoTrainer trainer;
    private final TrainingDevice device;
    private final java.util.Set<String> deviceReasonsLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final System.Logger LOG = System.getLogger(InProcessTrainingQueue.class.getName());
    private final ExecutorService pool;
    private final AtomicLong started = new AtomicLong();
    private final Map<String, AtomicInteger> startedPerCandidate = new ConcurrentHashMap<>();

    /**
     * @param capacity trainings at once; 0 means one per available processor
     */
    public InProcessTrainingQueue(int capacity, TaskRegistry tasks, RewardCompiler compiler) {
        this(capacity, tasks, compiler, new TrainingDevice(TrainingDevice.Setting.CPU, () -> {
            throw new IllegalStateException("the CPU setting never opens a device");
        }));
    }

    /**
     * @param device where trainings run (docs/gpu.md, Choosing the device): the GPU trainer when the choice is the
     *     device, else the JVM trainer; a reason for the CPU is logged
     */
    public InProcessTrainingQueue(int capacity, TaskRegistry tasks, RewardCompiler compiler, TrainingDevice device) {
        this.device = device;
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0 (0: one per core)");
        this.capacity = capacity == 0 ? Runtime.getRuntime().availableProcessors() : capacity;
        this.tasks = tasks;
        this.compiler = compiler;
        this.cores = new CoreShare(Runtime.getRuntime().availableProcessors());
        this.trainer = new PpoTrainer(cores);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                this.capacity, this.capacity, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "training-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Handle submit(TrainingJob job, Listener listener) {
        Delivery delivery = new Delivery(listener);
        Future<?> future;
        try {
            future = pool.submit(() -> run(job, delivery));
        } catch (RejectedExecutionException e) {
            delivery.fail(new IllegalStateException("the training pool is shut down"));
            return () -> {};
        }
        return () -> {
            delivery.cancel();
            future.cancel(false); // a job still waiting for a thread never starts
        };
    }

    /** Trainings started since this queue was created. */
    public long trainingsStarted() {
        return started.get();
    }

    /** How many trainings of this candidate were started here. */
    public int trainingsStarted(String candidateId) {
        AtomicInteger n = startedPerCandidate.get(candidateId);
        return n == null ? 0 : n.get();
    }

    /** Cores in use now: running trainings plus the second cores they borrowed. */
    public int busyCores() {
        return cores.busy.get();
    }

    private void run(TrainingJob job, Delivery delivery) {
        if (delivery.cancelled()) return;
        cores.busy.incrementAndGet();
        try {
            runCounted(job, delivery);
        } finally {
            cores.busy.decrementAndGet();
        }
    }

    /**
     * The pool's cores as {@link SpareCores}: {@code busy} counts running trainings and borrowed cores; a training
     * may borrow while busy is below the capacity and is asked to give back once busy is above it (a training
     * started meanwhile).
     */
    static final class CoreShare implements SpareCores {
        private final int capacity;
        final AtomicInteger busy = new AtomicInteger();

        CoreShare(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean tryTake() {
            while (true) {
                int b = busy.get();
                if (b >= capacity) return false;
                if (busy.compareAndSet(b, b + 1)) return true;
            }
        }

        @Override
        public boolean wanted() {
            return busy.get() > capacity;
        }

        @Override
        public void giveBack() {
            busy.decrementAndGet();
        }
    }

    private void runCounted(TrainingJob job, Delivery delivery) {
        started.incrementAndGet();
        startedPerCandidate
                .computeIfAbsent(job.candidateId(), k -> new AtomicInteger())
                .incrementAndGet();
        Task found = tasks.find(job.task()).orElse(null);
        // the program is compiled before the device is chosen: a reward with a potential trains on the CPU
        CompiledReward compiled = null;
        TrainingFailedException refused = null;
        if (found != null) {
            try {
                compiled = compile(job.program(), found, "the program");
            } catch (TrainingFailedException e) {
                refused = e;
            }
        }
        TrainingDevice.Choice choice = compiled == null ? null : device.choose(found, compiled.function());
        delivery.emit(new TrainingEvent.Started(
                Thread.currentThread().getName(),
                choice == null ? null : choice.device(),
                choice == null ? null : choice.reason()));
        try {
            if (found == null) throw new TrainingFailedException("unknown task '" + job.task() + "'");
            if (refused != null) throw refused;
            Task task = found;
            CompiledReward reward = compiled;
            CompiledReward human =
                    job.humanReward() == null ? null : compile(job.humanReward(), task, "the human reward");
            TrainingRequest request = new TrainingRequest(
                    task,
                    reward.function(),
                    human == null ? null : human.function(),
                    job.config(),
                    job.seed(),
                    job.initialPolicy());
            MetricsListener metrics = new MetricsListener() {
                @Override
                public void onEpoch(MetricsRecord record) {
                    delivery.emit(new TrainingEvent.Epoch(record));
                }

                @Override
                public void onCheckpoint(int index, long globalStep, double fitness) {
                    delivery.emit(new TrainingEvent.Checkpoint(index, globalStep, fitness));
                }
            };
            if (choice.reason() != null) {
                // each reason once at INFO (a GPU-less server would log it for every training), then at DEBUG;
                // every candidate carries its own reason anyway
                LOG.log(
                        deviceReasonsLogged.add(choice.reason()) ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                        "candidate " + job.candidateId() + " trains on the CPU: " + choice.reason());
            }
            if (choice.backend() != null) {
                TrainingResult result = new DeviceTrainer(choice.backend())
                        .train(
                                new DeviceTrainer.Request(
                                        task, reward, human, job.config(), job.seed(), job.initialPolicy(), 0),
                                metrics,
                                () -> delivery.cancelled()
                                        || Thread.currentThread().isInterrupted());
                delivery.finish(new TrainingEvent.Finished(result));
                return;
            }
            TrainingResult result = trainer.train(
                    request,
                    metrics,
                    () -> delivery.cancelled() || Thread.currentThread().isInterrupted());
            delivery.finish(new TrainingEvent.Finished(result));
        } catch (TrainingCancelledException e) {
            // the subscriber is gone: nothing to report
        } catch (TrainingFailedException e) {
            delivery.fail(e);
        } catch (NonFiniteRewardException e) {
            delivery.fail(new TrainingFailedException(e.getMessage()));
        } catch (IllegalArgumentException e) {
            delivery.fail(new TrainingFailedException("the training settings were refused: " + e.getMessage()));
        } catch (RuntimeException | Error e) {
            delivery.fail(e);
        }
    }

    private CompiledReward compile(String program, Task task, String what) {
        return switch (compiler.compile(program, task.stateType())) {
            case CompileResult.Compiled c -> c.reward();
            case CompileResult.Rejected r ->
                throw new TrainingFailedException(
                        what + " was rejected: " + r.problems().get(0));
        };
    }

    /**
     * Hands one training's events to its listener until the training finished, failed or was cancelled; nothing
     * reaches the listener after that.
     */
    private static final class Delivery {
        private final Listener listener;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean over = new AtomicBoolean();

        Delivery(Listener listener) {
            this.listener = listener;
        }

        boolean cancelled() {
            return cancelled.get();
        }

        void cancel() {
            cancelled.set(true);
            over.set(true);
        }

        void emit(TrainingEvent event) {
            if (!over.get()) listener.event(event);
        }

        void finish(TrainingEvent.Finished event) {
            if (over.compareAndSet(false, true)) listener.event(event);
        }

        void fail(Throwable error) {
            if (over.compareAndSet(false, true)) listener.failed(error);
        }
    }

    /** Cancels queued trainings and stops running ones between epochs. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
