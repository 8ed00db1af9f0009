package dev.rewardsmith.reward;

/** A test state view shaped like the cart-pole task's: scalars of every kind. */
public final class CartPoleState {
    /** Cart position (m). */
    public double cartPosition;
    /** Cart velocity (m/s). */
    public double cartVelocity;
    /** Pole angle from upright (rad). */
    public double poleAngle;
    /** Pole angular velocity (rad/s). */
    public double poleAngularVelocity;
    /** Steps taken in this episode. */
    public int step;
    /** True when the episode ended. */
    public boolean terminated;
}
