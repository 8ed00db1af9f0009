package com.example.crawler;

/** What a reward program sees of one crawler after a step (the locomotion fields, sized for this robot). */
public final class CrawlerState {
    /** The 2 hip commands just applied, each in [-1, 1]: front, back. */
    public final double[] action = new double[2];
    /** Torso centre (x, y, z), m. */
    public final double[] torsoPosition = new double[3];
    /** Torso velocity over the last step, m/s. */
    public final double[] torsoVelocity = new double[3];
    /** Torso angular velocity, world coordinates, rad/s. */
    public final double[] torsoAngularVelocity = new double[3];
    /** Torso orientation quaternion (w, x, y, z). */
    public final double[] torsoOrientation = new double[4];
    /** The torso's z axis in world coordinates. */
    public final double[] up = new double[3];
    /** Front and back hip angles, rad, within +-1.05. */
    public final double[] jointAngles = new double[2];
    /** Hip angular velocities, rad/s. */
    public final double[] jointVelocities = new double[2];
    /** Positions of the torso and the two legs, 3 values each. */
    public final double[] bodyPositions = new double[9];
    /** Contact force magnitude on the torso and each leg, N. */
    public final double[] contactForces = new double[3];
    /** Forward speed, m/s. */
    public double forwardVelocity;
    /** Torso height, m. */
    public double height;
    /** Forward distance since the episode began, m. */
    public double distance;
    /** True while the torso is between 0.05 and 1 m up and tilted less than 1 rad. */
    public boolean healthy;
    /** True on the step that ends the episode. */
    public boolean episodeEnd;
    /** Steps taken in this episode, 1 to 200. */
    public int step;
}
