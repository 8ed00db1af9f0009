package dev.rewardsmith.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private long now = 1_000_000_000L;
    private final SignInThrottle throttle = new SignInThrottle(3, 12, Duration.ofMinutes(10), () -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void theFailureOverTheLimitLocksTheUserUntilTheOldestCountedFailureExpires() {
        throttle.failed("alice", "10.0.0.1");
        advance(Duration.ofMinutes(1));
        throttle.failed("Alice ", "10.0.0.1"); // same user: names are compared stripped, case-insensitively
        assertEquals(Duration.ZERO, throttle.retryAfter("alice", "10.0.0.1"));
        advance(Duration.ofMinutes(1));
        throttle.failed("alice", "10.0.0.2");
        // three failures at t = 0, 1, 2 min: locked until the first leaves the window at t = 10 min
        assertEquals(Duration.ofMinutes(8), throttle.retryAfter("alice", "10.0.0.9"));
        assertEquals(Duration.ZERO, throttle.retryAfter("bob", "10.0.0.1"), "other users are not locked");
        advance(Duration.ofMinutes(8));
        assertEquals(Duration.ZERO, throttle.retryAfter("alice", "10.0.0.1"));
        throttle.failed("alice", "10.0.0.1");
        // failures at 1, 2, 10 min: the next opening is when the one at 1 min expires, at 11 min
        assertEquals(Duration.ofMinutes(1), throttle.retryAfter("alice", "10.0.0.1"));
    }

    @Test
    void aSuccessClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 3; i++) throttle.failed("carol", "10.0.0.3");
        throttle.succeeded("carol");
        assertEquals(Duration.ZERO, throttle.retryAfter("carol", "10.0.0.3"));
        // 12 failures from one address over many names reach the address limit
        for (int i = 0; i < 9; i++) throttle.failed("user" + i, "10.0.0.3");
        assertEquals(Duration.ofMinutes(10), throttle.retryAfter("someone-else", "10.0.0.3"));
        assertEquals(Duration.ZERO, throttle.retryAfter("someone-else", "10.0.0.4"));
    }

    @Test
    void memoryStaysBoundedUnderManyNames() {
        // each failure tracks two keys: its user name and its address
        for (int i = 0; i < SignInThrottle.MAX_KEYS / 2 - 1; i++) throttle.failed("n" + i, "a" + i);
        assertEquals(SignInThrottle.MAX_KEYS - 2, throttle.trackedKeys());
        advance(Duration.ofMinutes(11));
        throttle.failed("x", "b");
        assertEquals(SignInThrottle.MAX_KEYS, throttle.trackedKeys());
        throttle.failed("y", "c"); // full: the expired keys go, the fresh ones stay
        assertEquals(4, throttle.trackedKeys());
        for (int i = 0; i < SignInThrottle.MAX_KEYS / 2 - 2; i++) throttle.failed("m" + i, "d" + i);
        assertEquals(SignInThrottle.MAX_KEYS, throttle.trackedKeys());
        throttle.failed("z", "e"); // full and nothing expired: cleared, then this failure recorded
        assertEquals(2, throttle.trackedKeys());
    }
}
