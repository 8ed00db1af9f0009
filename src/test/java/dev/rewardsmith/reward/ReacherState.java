package dev.rewardsmith.reward;

/** A test state view shaped like the reacher task's: fixed-length arrays beside scalars. */
public final class ReacherState {
    /** Joint angles (rad). */
    public double[] jointAngle = new double[2];
    /** Joint velocities (rad/s). */
    public double[] jointVelocity = new double[2];
    /** Fingertip position (m). */
    public double[] fingertip = new double[2];
    /** Goal position (m). */
    public double[] goal = new double[2];
    /** Last action (torques). */
    public double[] action = new double[2];
    /** Goal in 3-D (the third coordinate is height). */
    public double[] goal3 = new double[3];
    /** Steps taken in this episode. */
    public int step;
    /** True when the fingertip touched the goal this step. */
    public boolean touching;
    /** Time step (s). */
    public double dt;
}
