package dev.rewardsmith.task.cartpole;

/**
 * What a reward program sees of one cart-pole copy after a step: the state Gymnasium's CartPole-v1 keeps, the
 * action just applied, and whether the step ended the episode. Read only.
 */
public final class CartPoleState {

    /** Cart position on the track in metres; 0 is the centre, the episode ends beyond -2.4 or 2.4. */
    public double cartPosition;

    /** Cart velocity in metres per second, positive to the right; typically within [-3, 3]. */
    public double cartVelocity;

    /**
     * Pole angle from vertical in radians, positive when the pole leans right (clockwise); 0 is upright, the
     * episode ends beyond about -0.2095 or 0.2095 (12 degrees).
     */
    public double poleAngle;

    /** Pole angular velocity in radians per second, positive clockwise; typically within [-4, 4]. */
    public double poleAngularVelocity;

    /** The action just applied: 0 pushes the cart left with 10 N, 1 pushes it right with 10 N. */
    public int action;

    /** Steps taken in this episode including this one, 1 to 500; the episode is truncated after step 500. */
    public int step;

    /** True when this step ended the episode by a failure: the pole beyond 12 degrees or the cart beyond 2.4 m. */
    public boolean failed;

    public CartPoleState() {}
}
