package dev.rewardsmith.app;

/**
 * A request refused for now, not for what it says: a quota is used up (429) or the workers for it are busy (503).
 * Answered with the status, {@code Retry-After} and the body {@code {"reason"}} (see docs/architecture.md,
 * Security).
 */
public final class TryLater extends RuntimeException {

    private final int status;
    private final int retryAfterSeconds;

    private TryLater(int status, String reason, int retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A per-user quota is used up: 429. */
    public static TryLater overQuota(String reason, int retryAfterSeconds) {
        return new TryLater(429, reason, retryAfterSeconds);
    }

    /** Every worker for this kind of request is busy, or it took too long: 503. */
    public static TryLater busy(String reason, int retryAfterSeconds) {
        return new TryLater(503, reason, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String reason() {
        return getMessage();
    }
}
