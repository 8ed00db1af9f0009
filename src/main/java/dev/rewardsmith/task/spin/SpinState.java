package dev.rewardsmith.task.spin;

/**
 * What a reward program sees of one spin copy after a step: the pen's attitude and spin, the current waypoint
 * (the start attitude turned a further 45 degrees about the pen's long axis per waypoint), the error to it and
 * the torques just applied. Quaternions are (w, x, y, z), unit length, rotating pen (body) coordinates into
 * world coordinates; the pen's long axis is the body z axis.
 */
public final class SpinState {

    /** Normalized torques just applied about the body x, y, z axes, each in [-1, 1] (1 = 40 rad/s^2). */
    public final double[] action = new double[3];

    /** The pen's attitude quaternion (w, x, y, z), unit length; q and -q are the same attitude. */
    public final double[] orientation = new double[4];

    /** Angular velocity in body coordinates (x, y, z), rad/s, each in [-20, 20] (top speed about 10). */
    public final double[] angularVelocity = new double[3];

    /**
     * The waypoint attitude quaternion (w, x, y, z) this step was judged against; after reaching it the next
     * waypoint appears from the following step on.
     */
    public final double[] target = new double[4];

    /**
     * Rotation vector from the pen's attitude to the waypoint, body coordinates, radians (axis times angle, norm
     * in [0, pi]): the direction to turn; mostly along body z when the pen follows the waypoints.
     */
    public final double[] errorVector = new double[3];

    /** Angle of the rotation from the pen's attitude to the waypoint, radians, in [0, pi]. */
    public double rotationError;

    /** Norm of the angular velocity, rad/s, at least 0. */
    public double angularSpeed;

    /** Spin rate about the pen's long axis (body z), rad/s, in [-20, 20]; the waypoints advance at positive rates. */
    public double axialSpeed;

    /** Angle between the pen's long axis now and at the start of the episode, radians, in [0, pi]. */
    public double axisDeviation;

    /** True when this step brought the pen within 0.1 rad of the waypoint (the next one then becomes the target). */
    public boolean success;

    /** Waypoints reached so far in this episode including this step, 0 to 16. */
    public int waypointsReached;

    /** Steps taken in this episode including this one, 1 to 300. */
    public int step;
}
