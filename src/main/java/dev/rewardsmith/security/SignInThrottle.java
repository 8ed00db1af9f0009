package dev.rewardsmith.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the sign-in form. Every attempt reserves its place before the password is checked,
 * as if it had failed, so a burst of concurrent guesses gets no more checks than the limits allow; a right password
 * gives its place back. The limits, each over a sliding {@code window}:
 *
 * <ul>
 *   <li>{@code maxFailures} per user name from one client address (a guesser locks out only itself);
 *   <li>{@code maxAddressFailures} per client address over all names;
 *   <li>{@code maxAddressFailures} per user name over all addresses (bounds a guesser with many addresses).
 * </ul>
 *
 * A lock-out is never permanent: it lifts as soon as enough counted failures leave the window, so the admin locked
 * out by a guesser elsewhere signs in from their own address, and at worst one window after the guessing stops.
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
    /** Failure (and reserved attempt) times per key; guarded by {@code this}. */
    private final Map<String, ArrayDeque<Long>> failures = new HashMap<>();

    /** One attempt's place: {@link #granted()} or refused with {@link #retryAfter()}. */
    public final class Reservation {
        private final String userAtAddress;
        private final String user;
        private final String address;
        private final long time;
        private final Duration retryAfter;
        private boolean settled;

        private Reservation(String userAtAddress, String user, String address, long time, Duration retryAfter) {
            this.userAtAddress = userAtAddress;
            this.user = user;
            this.address = address;
            this.time = time;
            this.retryAfter = retryAfter;
        }

        public boolean granted() {
            return retryAfter.isZero();
        }

        /** How long to wait before trying again; zero when granted. */
        public Duration retryAfter() {
            return retryAfter;
        }

        /** The password was right: the attempt is not a failure, and this name's failures here are forgotten. */
        public void succeeded() {
            settle(this, true);
        }

        /** The password was wrong (or the name unknown): the reserved place stays counted. */
        public void failed() {
            settle(this, false);
        }

        /** The password was not checked (e.g. the server was too busy): the place is given back. */
        public void cancelled() {
            settle(this, null);
        }
    }

    public SignInThrottle(int maxFailures, int maxAddressFailures, Duration window, LongSupplier nanoClock) {
        if (maxFailures < 1 || maxAddressFailures < 1) {
            throw new IllegalArgumentException("failure limits must be at least 1");
        }
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        this.maxFailures = maxFailures;
        this.maxAddressFailures = maxAddressFailures;
        this.windowNanos = window.toNanos();
        this.clock = nanoClock;
    }

    /** Reserves an attempt for {@code user} from {@code address}, atomically with the limits' check. */
    public synchronized Reservation reserve(String user, String address) {
        long now = clock.getAsLong();
        String pair = pairKey(user, address);
        String name = userKey(user);
        String from = addressKey(address);
        long wait = Math.max(
                wait(pair, maxFailures, now),
                Math.max(wait(from, maxAddressFailures, now), wait(name, maxAddressFailures, now)));
        if (wait > 0) return new Reservation(pair, name, from, now, Duration.ofNanos(wait));
        if (failures.size() >= MAX_KEYS - 3) prune(now);
        record(pair, now);
        record(name, now);
        record(from, now);
        return new Reservation(pair, name, from, now, Duration.ZERO);
    }

    /** How long {@code user} from {@code address} must wait before trying again; zero when it may try now. */
    public synchronized Duration retryAfter(String user, String address) {
        long now = clock.getAsLong();
        return Duration.ofNanos(Math.max(
                wait(pairKey(user, address), maxFailures, now),
                Math.max(
                        wait(addressKey(address), maxAddressFailures, now),
                        wait(userKey(user), maxAddressFailures, now))));
    }

    /** Records a wrong password for {@code user} from {@code address} (a reservation that failed). */
    public void failed(String user, String address) {
        reserveEvenIfLocked(user, address);
    }

    private synchronized void reserveEvenIfLocked(String user, String address) {
        long now = clock.getAsLong();
        if (failures.size() >= MAX_KEYS - 3) prune(now);
        record(pairKey(user, address), now);
        record(userKey(user), now);
        record(addressKey(address), now);
    }

    /** Keys tracked now (name at address, names, addresses), for tests. */
    synchronized int trackedKeys() {
        return failures.size();
    }

    private synchronized void settle(Reservation r, Boolean success) {
        if (r.settled || !r.granted()) return;
        r.settled = true;
        if (Boolean.FALSE.equals(success)) return;
        if (Boolean.TRUE.equals(success)) {
            failures.remove(r.userAtAddress);
        } else {
            removeOne(r.userAtAddress, r.time);
        }
        removeOne(r.user, r.time);
        removeOne(r.address, r.time);
    }

    private void removeOne(String key, long time) {
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) return;
        times.removeLastOccurrence(time);
        if (times.isEmpty()) failures.remove(key);
    }

    private long wait(String key, int limit, long now) {
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) return 0;
        expire(times, now);
        if (times.size() < limit) return 0;
        // the attempt becomes possible when enough failures have left the window
        long oldestThatMustExpire = nth(times, times.size() - limit);
        return Math.max(1, oldestThatMustExpire + windowNanos - now);
    }

    private void record(String key, long now) {
        ArrayDeque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        // more than the largest limit is never needed to compute a wait
        while (times.size() > Math.max(maxFailures, maxAddressFailures)) times.removeFirst();
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) times.removeFirst();
    }

    private void prune(long now) {
        for (Iterator<ArrayDeque<Long>> it = failures.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Long> times = it.next();
            expire(times, now);
            if (times.isEmpty()) it.remove();
        }
        if (failures.size() >= MAX_KEYS - 3) failures.clear();
    }

    private static long nth(ArrayDeque<Long> times, int index) {
        Iterator<Long> it = times.iterator();
        for (int i = 0; i < index; i++) it.next();
        return it.next();
    }

    private static String normalized(String user) {
        return user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    }

    private static String pairKey(String user, String address) {
        return "pair:" + normalized(user) + "@" + (address == null ? "" : address);
    }

    private static String userKey(String user) {
        return "user:" + normalized(user);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
