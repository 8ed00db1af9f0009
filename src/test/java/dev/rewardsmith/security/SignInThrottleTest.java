package dev.rewardsmith.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private long now = 1_000_000_000L;
    private final SignInThrottle throttle = new SignInThrottle(3, 12, Duration.ofMinutes(10), () -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void theFailureOverTheLimitLocksTheNameAtThatAddressUntilTheOldestCountedFailureExpires() {
        throttle.failed("alice", "10.0.0.1");
        advance(Duration.ofMinutes(1));
        throttle.failed("Alice ", "10.0.0.1"); // same user: names are compared stripped, case-insensitively
        assertEquals(Duration.ZERO, throttle.retryAfter("alice", "10.0.0.1"));
        advance(Duration.ofMinutes(1));
        throttle.failed("alice", "10.0.0.1");
        // three failures at t = 0, 1, 2 min: locked here until the first leaves the window at t = 10 min
        assertEquals(Duration.ofMinutes(8), throttle.retryAfter("alice", "10.0.0.1"));
        assertEquals(Duration.ZERO, throttle.retryAfter("alice", "10.0.0.9"), "alice elsewhere is not locked out");
        assertEquals(Duration.ZERO, throttle.retryAfter("bob", "10.0.0.1"), "other users are not locked");
        advance(Duration.ofMinutes(8));
        assertEquals(Duration.ZERO, throttle.retryAfter("alice", "10.0.0.1"));
        throttle.failed("alice", "10.0.0.1");
        // failures at 1, 2, 10 min: the next opening is when the one at 1 min expires, at 11 min
        assertEquals(Duration.ofMinutes(1), throttle.retryAfter("alice", "10.0.0.1"));
    }

    @Test
    void aSuccessClearsTheNameAtItsAddressButNotTheAddress() {
        for (int i = 0; i < 2; i++) throttle.failed("carol", "10.0.0.3");
        SignInThrottle.Reservation right = throttle.reserve("carol", "10.0.0.3");
        assertTrue(right.granted());
        right.succeeded();
        assertEquals(Duration.ZERO, throttle.retryAfter("carol", "10.0.0.3"));
        // 12 failures from one address over many names reach the address limit (2 of carol's count there)
        for (int i = 0; i < 10; i++) throttle.failed("user" + i, "10.0.0.3");
        assertEquals(Duration.ofMinutes(10), throttle.retryAfter("someone-else", "10.0.0.3"));
        assertEquals(Duration.ZERO, throttle.retryAfter("someone-else", "10.0.0.4"));
    }

    @Test
    void reservationsCountBeforeThePasswordIsChecked() {
        // a burst: every attempt reserves its place before any check has finished
        List<SignInThrottle.Reservation> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) burst.add(throttle.reserve("admin", "10.0.0.5"));
        assertEquals(
                3, burst.stream().filter(SignInThrottle.Reservation::granted).count(), "3 checks, no more");
        assertEquals(Duration.ofMinutes(10), burst.get(59).retryAfter());
        // a cancelled attempt (not checked) gives its place back; a failed one keeps it
        burst.get(0).cancelled();
        burst.get(1).failed();
        SignInThrottle.Reservation next = throttle.reserve("admin", "10.0.0.5");
        assertTrue(next.granted());
        assertFalse(throttle.reserve("admin", "10.0.0.5").granted());
    }

    @Test
    void aGuesserWithManyAddressesIsBoundedPerNameButTheOwnerCanStillSignIn() {
        // 12 addresses (the address limit) guessing dave's password 1 each: the name's own limit over addresses
        for (int i = 0; i < 12; i++) throttle.failed("dave", "10.1.0." + i);
        assertEquals(Duration.ofMinutes(10), throttle.retryAfter("dave", "10.2.0.1"));
        advance(Duration.ofMinutes(10));
        assertEquals(Duration.ZERO, throttle.retryAfter("dave", "10.2.0.1"), "never longer than the window");
    }

    @Test
    void memoryStaysBoundedUnderManyNames() {
        // each failure tracks three keys: name at address, name, address; MAX_KEYS is 10,000
        for (int i = 0; i < 3332; i++) throttle.failed("n" + i, "a" + i);
        assertEquals(9996, throttle.trackedKeys());
        advance(Duration.ofMinutes(11));
        throttle.failed("x", "b");
        assertEquals(9999, throttle.trackedKeys());
        throttle.failed("y", "c"); // full: the expired keys go, the fresh ones stay
        assertEquals(6, throttle.trackedKeys());
        for (int i = 0; i < 3330; i++) throttle.failed("m" + i, "d" + i);
        assertEquals(9996, throttle.trackedKeys());
        throttle.failed("z", "e");
        assertEquals(9999, throttle.trackedKeys());
        throttle.failed("w", "f"); // full and nothing expired: cleared, then this failure recorded
        assertEquals(3, throttle.trackedKeys());
    }
}
