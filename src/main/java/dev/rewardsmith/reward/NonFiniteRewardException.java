package dev.rewardsmith.reward;

/** A reward program produced NaN or an infinity at run time: the candidate fails with this reason. */
public final class NonFiniteRewardException extends RuntimeException {

    private final long step;
    private final String component;
    private final double value;

    /**
     * @param step the global step at which it happened
     * @param component the component's name, or null when the total itself was non-finite
     * @param value the offending value
     */
    public NonFiniteRewardException(long step, String component, double value) {
        super(
                component == null
                        ? "reward returned " + value + " at step " + step
                        : "component '" + component + "' was " + value + " at step " + step);
        this.step = step;
        this.component = component;
        this.value = value;
    }

    public long step() {
        return step;
    }

    /** The component's name, or null when the total was non-finite. */
    public String component() {
        return component;
    }

    public double value() {
        return value;
    }
}
