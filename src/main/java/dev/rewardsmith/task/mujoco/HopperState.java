package dev.rewardsmith.task.mujoco;

/**
 * What a reward program sees of one hopper copy after a step. The hopper moves in the x-z plane: x forward (the
 * direction to hop), z up, metres; y stays 0 and it only pitches about y. It starts upright at x = 0 with its
 * torso centre 1.25 m up. Quaternions are (w, x, y, z), unit length, rotating body coordinates into world
 * coordinates.
 */
public final class HopperState {

    /** The 3 motor commands just applied, each in [-1, 1] (times a gear of 200): thigh, leg, foot. */
    public final double[] action = new double[3];

    /** Torso centre (x, y, z), m. */
    public final double[] torsoPosition = new double[3];

    /** Torso velocity (x, y, z) over the last step, m/s; x is the forward speed (good runs: 1 to 3 m/s). */
    public final double[] torsoVelocity = new double[3];

    /** Torso angular velocity in world coordinates, rad/s (only the y component moves). */
    public final double[] torsoAngularVelocity = new double[3];

    /** Torso orientation quaternion (w, 0, y, 0) of its pitch; (1, 0, 0, 0) is upright. */
    public final double[] torsoOrientation = new double[4];

    /** The torso's body z axis in world coordinates (unit length): (0, 0, 1) upright, x > 0 leaning forward. */
    public final double[] up = new double[3];

    /** Thigh, leg and foot joint angles, rad (thigh and leg in [-2.62, 0], foot in [-0.79, 0.79]). */
    public final double[] jointAngles = new double[3];

    /** Angular velocities of the 3 joints, rad/s. */
    public final double[] jointVelocities = new double[3];

    /** Positions (x, y, z) of the 4 bodies' joints, 3 values each: torso centre, hip, knee, ankle. */
    public final double[] bodyPositions = new double[12];

    /** Magnitude of the external (contact) force on each of the 4 bodies, N, at least 0; order as bodyPositions. */
    public final double[] contactForces = new double[4];

    /** torsoVelocity[0]: forward speed, m/s. */
    public double forwardVelocity;

    /** Torso centre height, m; healthy above 0.7 (1.25 standing). */
    public double height;

    /** Forward (x) distance the torso has moved since the episode began, m. */
    public double distance;

    /**
     * True while the torso centre is above 0.7 m, its pitch within 0.2 rad of upright and the state finite; false
     * (a fall) ends the episode.
     */
    public boolean healthy;

    /** True on the step that ends the episode (a fall or the 500th step). */
    public boolean episodeEnd;

    /** Steps taken in this episode including this one, 1 to 500. */
    public int step;
}
