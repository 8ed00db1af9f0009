package dev.rewardsmith.task.reacher;

/**
 * What a reward program sees of one reacher copy after a step: the arm's joints, its fingertip, the goal and the
 * torques just applied. The arm lies in the horizontal plane; the shoulder is fixed at the origin (0, 0).
 */
public final class ReacherState {

    /** Normalized joint torques just applied, [shoulder, elbow], each in [-1, 1] (1 = 0.05 N m). */
    public final double[] action = new double[2];

    /** Shoulder angle of link 1 measured from the world x axis, radians, wrapped to [-pi, pi). */
    public double shoulderAngle;

    /** Elbow angle of link 2 relative to link 1 (0 = arm straight), radians, wrapped to [-pi, pi). */
    public double elbowAngle;

    /** Shoulder angular velocity, rad/s, in [-20, 20] (about +-5 at full torque). */
    public double shoulderVelocity;

    /** Elbow angular velocity (relative to link 1), rad/s, in [-20, 20]. */
    public double elbowVelocity;

    /** Fingertip x position, metres, in [-0.21, 0.21]. */
    public double fingertipX;

    /** Fingertip y position, metres, in [-0.21, 0.21]. */
    public double fingertipY;

    /** Fingertip speed (norm of its velocity), m/s, at least 0 (about 1 at most). */
    public double fingertipSpeed;

    /** Goal x position, metres; the goal lies within 0.2 m of the shoulder and is fixed for the episode. */
    public double goalX;

    /** Goal y position, metres. */
    public double goalY;

    /** Distance from the fingertip to the goal, metres, in [0, 0.41]. */
    public double distance;

    /** Steps taken in this episode including this one, 1 to 100. */
    public int step;
}
