package dev.rewardsmith.task.ballbalance;

/**
 * What a reward program sees of one ball-balance copy after a step: the ball on the square table (centre at
 * (0, 0), edges at +-0.5 m), its velocity, the table's two tilts and the target tilts just commanded.
 */
public final class BallBalanceState {

    /** Normalized target tilts just commanded, [x, y], each in [-1, 1] (1 = 0.15 rad). */
    public final double[] action = new double[2];

    /** Ball x position on the table, metres; the ball is on the table while |ballX| <= 0.5 and |ballY| <= 0.5. */
    public double ballX;

    /** Ball y position on the table, metres. */
    public double ballY;

    /** Ball velocity along x, m/s, typically within [-1.5, 1.5]. */
    public double ballVelocityX;

    /** Ball velocity along y, m/s, typically within [-1.5, 1.5]. */
    public double ballVelocityY;

    /** Table tilt that lowers its +x edge, radians, in [-0.15, 0.15]: positive rolls the ball towards +x. */
    public double tiltX;

    /** Table tilt that lowers its +y edge, radians, in [-0.15, 0.15]: positive rolls the ball towards +y. */
    public double tiltY;

    /** Distance of the ball from the table centre, metres, at least 0 (about 0.71 at a corner). */
    public double distance;

    /** Ball speed, m/s, at least 0. */
    public double speed;

    /** True while the ball is on the table; false on the step it rolls off (the episode then ends). */
    public boolean onTable;

    /** Steps taken in this episode including this one, 1 to 300. */
    public int step;
}
