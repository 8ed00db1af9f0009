package dev.rewardsmith.task.reorient;

/**
 * What a reward program sees of one reorient copy after a step: the pen's attitude and spin, the target
 * attitude it is turned towards, the error between them and the torques just applied. Quaternions are
 * (w, x, y, z), unit length, rotating pen (body) coordinates into world coordinates; the pen's long axis is the
 * body z axis.
 */
public final class ReorientState {

    /** Normalized torques just applied about the body x, y, z axes, each in [-1, 1] (1 = 40 rad/s^2). */
    public final double[] action = new double[3];

    /** The pen's attitude quaternion (w, x, y, z), unit length; q and -q are the same attitude. */
    public final double[] orientation = new double[4];

    /** Angular velocity in body coordinates (x, y, z), rad/s, each in [-20, 20] (top speed about 10). */
    public final double[] angularVelocity = new double[3];

    /**
     * The target attitude quaternion (w, x, y, z) this step was judged against; after a success the next
     * target appears from the following step on.
     */
    public final double[] target = new double[4];

    /**
     * Rotation vector from the pen's attitude to the target, body coordinates, radians (axis times angle, norm
     * in [0, pi]): the direction to turn.
     */
    public final double[] errorVector = new double[3];

    /** Angle of the rotation from the pen's attitude to the target, radians, in [0, pi]. */
    public double rotationError;

    /** Norm of the angular velocity, rad/s, at least 0. */
    public double angularSpeed;

    /** True when this step brought the pen within 0.1 rad of the target (a new target is then drawn). */
    public boolean success;

    /** Targets reached so far in this episode including this step, at least 0. */
    public int successes;

    /** Steps taken in this episode including this one, 1 to 300. */
    public int step;
}
