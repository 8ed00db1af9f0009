package dev.rewardsmith.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the sign-in form: after {@code maxFailures} wrong passwords for one user name within
 * {@code window}, or {@code maxAddressFailures} from one client address, further attempts (right or wrong) are refused
 * until the oldest failure leaves the window. A successful sign-in clears the user name's failures. bcrypt makes
 * each guess slow; this bounds how many guesses fit in an hour.
 *
 * <p>Memory is bounded: at most {@link #MAX_KEYS} keys are tracked; past that, keys whose failures have all
 * expired are dropped first, then the table is cleared (failing open rather than growing without bound).
 */
public final class SignInThrottle {

    static final int MAX_KEYS = 10_000;

    private final int maxFailures;
    private final int maxAddressFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

    public SignInThrottle(int maxFailures, int maxAddressFailures, Duration window, LongSupplier nanoClock) {
        if (maxFailures < 1 || maxAddressFailures < 1) {
            throw new IllegalArgumentException("failure limits must be at least 1");
        }
        this.maxAddressFailures = maxAddressFailures;
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.clock = nanoClock;
    }

    /** How long {@code user} from {@code address} must wait before trying again; zero when it may try now. */
    public Duration retryAfter(String user, String address) {
        long now = clock.getAsLong();
        long wait = Math.max(wait(userKey(user), maxFailures, now), wait(addressKey(address), maxAddressFailures, now));
        return Duration.ofNanos(wait);
    }

    /** Records a wrong password (or unknown user) for {@code user} from {@code address}. */
    public void failed(String user, String address) {
        long now = clock.getAsLong();
        if (failures.size() >= MAX_KEYS) prune(now);
        record(userKey(user), now);
        record(addressKey(address), now);
    }

    /** A successful sign-in: the user name's failures are forgotten (the address's are kept). */
    public void succeeded(String user) {
        failures.remove(userKey(user));
    }

    /** Keys tracked now (user names and addresses), for tests. */
    int trackedKeys() {
        return failures.size();
    }

    private long wait(String key, int limit, long now) {
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) return 0;
        synchronized (times) {
            expire(times, now);
            if (times.size() < limit) return 0;
            // the attempt becomes possible when enough failures have left the window
            long oldestThatMustExpire = nth(times, times.size() - limit);
            return Math.max(0, oldestThatMustExpire + windowNanos - now);
        }
    }

    private void record(String key, long now) {
        ArrayDeque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            // more than the largest limit is never needed to compute a wait
            while (times.size() > Math.max(maxFailures, maxAddressFailures)) times.removeFirst();
        }
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) times.removeFirst();
    }

    private void prune(long now) {
        for (Iterator<ArrayDeque<Long>> it = failures.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Long> times = it.next();
            synchronized (times) {
                expire(times, now);
                if (times.isEmpty()) it.remove();
            }
        }
        if (failures.size() >= MAX_KEYS) failures.clear();
    }

    private static long nth(ArrayDeque<Long> times, int index) {
        Iterator<Long> it = times.iterator();
        for (int i = 0; i < index; i++) it.next();
        return it.next();
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
