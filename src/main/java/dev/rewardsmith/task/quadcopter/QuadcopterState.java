package dev.rewardsmith.task.quadcopter;

/**
 * What a reward program sees of one quadcopter copy after a step: a planar quadrotor (x horizontal, z up) with
 * two rotors, its goal hover point, and the thrusts just commanded. The flight box is x in [-2, 2] m, z in
 * [0, 4] m; touching the ground (z = 0) or leaving the box is a crash.
 */
public final class QuadcopterState {

    /** Normalized rotor commands just applied, [left, right], each in [-1, 1]: -1 = no thrust, 0 = hover. */
    public final double[] action = new double[2];

    /** Thrust of the left rotor (at -0.15 m along the body), newtons, in [0, 4.905]. */
    public double leftThrust;

    /** Thrust of the right rotor (at +0.15 m along the body), newtons, in [0, 4.905]. */
    public double rightThrust;

    /** Horizontal position, metres, in [-2, 2] while flying. */
    public double x;

    /** Height above the ground, metres, in [0, 4] while flying. */
    public double z;

    /** Horizontal velocity, m/s. */
    public double velocityX;

    /** Vertical velocity, m/s (positive up). */
    public double velocityZ;

    /**
     * Pitch angle, radians, wrapped to [-pi, pi): 0 = level, positive = rotated counter-clockwise (right rotor
     * up), which tilts the thrust towards -x.
     */
    public double pitch;

    /** Pitch rate, rad/s (positive counter-clockwise), in [-30, 30]. */
    public double pitchRate;

    /** Goal hover point x, metres, in [-1, 1]; fixed for the episode. */
    public double goalX;

    /** Goal hover point height z, metres, in [1, 3]. */
    public double goalZ;

    /** Distance from the quadcopter's centre to the goal, metres, at least 0. */
    public double distance;

    /** Speed (norm of the velocity), m/s, at least 0. */
    public double speed;

    /** True when this step crashed (touched the ground or left the flight box); the episode then ends. */
    public boolean crashed;

    /** Steps taken in this episode including this one, 1 to 300. */
    public int step;
}
