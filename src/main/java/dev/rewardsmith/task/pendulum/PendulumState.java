package dev.rewardsmith.task.pendulum;

/**
 * What a reward program sees of one pendulum copy after a step: Gymnasium Pendulum-v1's angle and angular
 * velocity, the torque just applied, and the step index. Read only.
 */
public final class PendulumState {

    /**
     * Angle of the pendulum from upright in radians, wrapped to [-pi, pi): 0 is upright, +-pi hangs straight down,
     * positive is counter-clockwise.
     */
    public double angle;

    /** Angular velocity in radians per second, positive counter-clockwise; always within [-8, 8]. */
    public double angularVelocity;

    /** cos(angle): 1 upright, -1 hanging down (the first observation). */
    public double cosAngle;

    /** sin(angle) (the second observation). */
    public double sinAngle;

    /** The torque just applied at the pivot in newton metres, after clipping to [-2, 2]; length 1. */
    public final double[] action = new double[1];

    /** Steps taken in this episode including this one, 1 to 200; the episode always lasts 200 steps. */
    public int step;

    public PendulumState() {}
}
