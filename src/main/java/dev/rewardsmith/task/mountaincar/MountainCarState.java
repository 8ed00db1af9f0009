package dev.rewardsmith.task.mountaincar;

/**
 * What a reward program sees of one mountain-car copy after a step: Gymnasium MountainCarContinuous-v0's position
 * and velocity, the force just applied, and whether the car reached the goal. Read only.
 */
public final class MountainCarState {

    /**
     * Car position along the valley in [-1.2, 0.6] (unitless track coordinate); the valley floor is near -0.52,
     * the left wall is at -1.2 and the goal flag at 0.45 on the right hill.
     */
    public double position;

    /** Car velocity per step in [-0.07, 0.07], positive to the right (towards the goal). */
    public double velocity;

    /** Height of the track at the car: sin(3 * position), in [-1, 1]; the goal flag stands at sin(1.35) = 0.976. */
    public double height;

    /** The force just applied, after clipping to [-1, 1]: positive pushes right; length 1. */
    public final double[] action = new double[1];

    /** Steps taken in this episode including this one, 1 to 999; the episode is truncated after step 999. */
    public int step;

    /**
     * True when this step reached the goal: position >= 0.45 with velocity >= 0. The episode ends there; this is
     * true at most once per episode.
     */
    public boolean atGoal;

    public MountainCarState() {}
}
