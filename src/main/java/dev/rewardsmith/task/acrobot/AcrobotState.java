package dev.rewardsmith.task.acrobot;

/**
 * What a reward program sees of one acrobot copy after a step: Gymnasium Acrobot-v1's joint angles and velocities,
 * the torque just applied, and the heights of the elbow and the free end (the tip). Read only.
 */
public final class AcrobotState {

    /**
     * Angle of the first link (shoulder joint) in radians in [-pi, pi]: 0 hangs straight down, positive is
     * counter-clockwise.
     */
    public double theta1;

    /** Angle of the second link relative to the first (elbow joint) in radians in [-pi, pi]; 0 is aligned. */
    public double theta2;

    /** Angular velocity of the shoulder joint in radians per second, in [-4 pi, 4 pi]. */
    public double theta1Velocity;

    /** Angular velocity of the elbow joint in radians per second, in [-9 pi, 9 pi]. */
    public double theta2Velocity;

    /** Height of the elbow above the shoulder pivot in metres: -cos(theta1), in [-1, 1]. */
    public double elbowHeight;

    /**
     * Height of the tip (end of the second link) above the pivot in metres: -cos(theta1) - cos(theta1 + theta2),
     * in [-2, 2]; -2 hanging at rest, the goal line is at 1.
     */
    public double tipHeight;

    /** The action just chosen: 0, 1 or 2 for a torque of -1, 0 or +1 N m at the elbow. */
    public int action;

    /** The torque just applied at the elbow in newton metres: -1, 0 or 1. */
    public double torque;

    /** Steps taken in this episode including this one, 1 to 500; the episode is truncated after step 500. */
    public int step;

    /** True when this step lifted the tip above the goal line (tipHeight > 1); the episode ends there. */
    public boolean atGoal;

    public AcrobotState() {}
}
