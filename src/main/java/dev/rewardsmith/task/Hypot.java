package dev.rewardsmith.task;

/**
 * {@code Math.hypot(x, y) < limit} decided from {@code x * x + y * y} where the squares leave no doubt, and by
 * Math.hypot itself within a relative 1e-9 of the limit (hypot is within one ulp of the exact value and the sum
 * of squares within three): the same answer as the hypot for every input, several times cheaper (docs/tasks.md,
 * "Stepping speed").
 */
public final class Hypot {

    private Hypot() {}

    /** Math.hypot(x, y) &lt; limit for a positive finite limit. */
    public static boolean below(double x, double y, double limit) {
        double squares = x * x + y * y;
        double limitSquared = limit * limit;
        if (squares < limitSquared * (1 - 1e-9)) return true;
        if (squares > limitSquared * (1 + 1e-9)) return false;
        return Math.hypot(x, y) < limit;
    }
}
