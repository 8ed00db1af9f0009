package dev.rewardsmith.task.mujoco;

/**
 * What a reward program sees of one ant copy after a step. World coordinates: x forward (the direction to
 * run), y to the left, z up, metres; the ant starts at x = 0 with its torso 0.75 m up. Quaternions are (w, x,
 * y, z), unit length, rotating body coordinates into world coordinates.
 */
public final class AntState {

    /** The 8 motor commands just applied, each in [-1, 1] (times a gear of 150); hips then ankles per leg. */
    public final double[] action = new double[8];

    /** Torso centre (x, y, z), m. */
    public final double[] torsoPosition = new double[3];

    /** Torso velocity (x, y, z) over the last step, m/s; x is the forward speed (good runs: 1 to 5 m/s). */
    public final double[] torsoVelocity = new double[3];

    /** Torso angular velocity in world coordinates, rad/s. */
    public final double[] torsoAngularVelocity = new double[3];

    /** Torso orientation quaternion (w, x, y, z); (1, 0, 0, 0) is upright facing +x. */
    public final double[] torsoOrientation = new double[4];

    /** The torso's body z axis in world coordinates (unit length): (0, 0, 1) when upright, z < 0 flipped over. */
    public final double[] up = new double[3];

    /** Hip and ankle angles of the 8 joints, rad (hips within +-0.52, ankles within 0.52..1.22 in magnitude). */
    public final double[] jointAngles = new double[8];

    /** Angular velocities of the 8 joints, rad/s. */
    public final double[] jointVelocities = new double[8];

    /**
     * Positions (x, y, z) of the 13 bodies, 3 values each: torso, then per leg (front left, front right, back
     * left, back right) hip, thigh and shin; index 3 * b + k.
     */
    public final double[] bodyPositions = new double[39];

    /** Magnitude of the external (contact) force on each of the 13 bodies, N, at least 0; order as bodyPositions. */
    public final double[] contactForces = new double[13];

    /** torsoVelocity[0]: forward speed, m/s. */
    public double forwardVelocity;

    /** Torso height, m; healthy between 0.2 and 1.0. */
    public double height;

    /** Forward (x) distance the torso has moved since the episode began, m. */
    public double distance;

    /** True while the torso is between 0.2 and 1.0 m up and the state is finite; false ends the episode. */
    public boolean healthy;

    /** True on the step that ends the episode (a fall or the 250th step). */
    public boolean episodeEnd;

    /** Steps taken in this episode including this one, 1 to 250. */
    public int step;
}
