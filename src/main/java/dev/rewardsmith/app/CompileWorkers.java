package dev.rewardsmith.app;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Compiles the reward programs of requests (validate, a pasted program) on a small pool of its own threads, never
 * on the Vert.x event loop, and gives up after {@code rewardsmith.limits.compile-timeout} (docs/architecture.md,
 * Security): a request that waits longer, or finds every thread and queue place taken, answers 503 with Retry-After.
 */
@ApplicationScoped
public class CompileWorkers {

    /** Prefix of the pool's thread names. */
    public static final String THREAD_PREFIX = "rewardsmith-compile-";

    /** Requests that may wait for a compile thread; more are turned away as busy. */
    static final int QUEUE = 32;

    @Inject
    RewardCompiler compiler;

    @ConfigProperty(name = "rewardsmith.limits.compile-timeout", defaultValue = "5s")
    Duration timeout;

    private ThreadPoolExecutor pool;

    public CompileWorkers() {}

    /** A pool outside CDI (tests). */
    CompileWorkers(int threads, Duration timeout, RewardCompiler compiler) {
        this.timeout = timeout;
        this.compiler = compiler;
        this.pool = pool(threads);
    }

    @PostConstruct
    void start() {
        pool = pool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static ThreadPoolExecutor pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
                    Thread t = new Thread(task, THREAD_PREFIX + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Compiles {@code source} against a task's state type off the event loop. */
    public Uni<CompileResult> compile(String source, Class<?> stateType) {
        return run(() -> compiler.compile(source, stateType));
    }

    /**
     * Runs CPU-heavy {@code work} on the pool within the time limit; the item is emitted on the caller's Vert.x
     * context when there is one. A timeout or a full pool fails with a 503.
     */
    <T> Uni<T> run(Supplier<T> work) {
        Context context = Vertx.currentContext();
        CompletableFuture<T> future;
        try {
            future = CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            return Uni.createFrom().failure(unavailable("every compile thread is busy; try again in a few seconds"));
        }
        Uni<T> done = Uni.createFrom()
                .completionStage(future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .onFailure(e -> e instanceof CompletionException && e.getCause() != null)
                .transform(Throwable::getCause)
                .onFailure(TimeoutException.class)
                .transform(e -> {
                    future.cancel(true);
                    return unavailable("compiling the program took longer than " + timeout.toMillis()
                            + " ms (rewardsmith.limits.compile-timeout); shorten it or try again later");
                });
        if (context != null) done = done.emitOn(task -> context.runOnContext(ignored -> task.run()));
        return done;
    }

    private static TryLater unavailable(String reason) {
        return TryLater.busy(reason, 5);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
