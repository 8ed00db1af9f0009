package dev.rewardsmith.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.cartpole.CartPoleState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Programs compile on the pool's own threads, and a compile that takes too long answers 503. */
class CompileWorkersTest {

    @Test
    void compilesOnThePoolsThreadsNotTheCallers() {
        CompileWorkers workers = new CompileWorkers(2, Duration.ofSeconds(5), new RewardCompiler());
        String thread =
                workers.run(() -> Thread.currentThread().getName()).await().atMost(Duration.ofSeconds(5));
        assertTrue(thread.startsWith(CompileWorkers.THREAD_PREFIX), thread);
        CompileResult result = workers.compile(
                        "double reward(CartPoleState s, Components c) { c.put(\"a\", 1.0); return 1.0; }",
                        CartPoleState.class)
                .await()
                .atMost(Duration.ofSeconds(30));
        assertInstanceOf(CompileResult.Compiled.class, result);
        workers.close();
    }

    @Test
    void aCompileBeyondTheTimeLimitAnswers503WithRetryAfter() {
        CompileWorkers workers = new CompileWorkers(1, Duration.ofMillis(100), new RewardCompiler());
        TryLater e = assertThrows(TryLater.class, () -> workers.run(() -> {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return "late";
                })
                .await()
                .atMost(Duration.ofSeconds(5)));
        assertEquals(503, e.status());
        assertEquals(5, e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("rewardsmith.limits.compile-timeout"), e.getMessage());
        workers.close();
    }
}
