package dev.rewardsmith.task.ballbalance;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import dev.rewardsmith.task.Hypot;
import dev.rewardsmith.task.Trig;
import java.util.SplittableRandom;

/**
 * A ball rolling on a square table that tilts about two axes: many copies in struct-of-arrays form. The action
 * sets a target tilt per axis; servos move the table towards it with a first-order lag, and the ball rolls
 * downhill. The episode ends when the ball leaves the table.
 *
 * <p>Dynamics per axis (solid sphere rolling without slipping, small table rotation rates neglected):
 * <pre>
 *   tilt'   = tilt + dt (MAX_TILT * action - tilt) / SERVO_TIME
 *   accel   = (5/7) g sin(tilt') - ROLLING_DAMPING * v
 *   v'      = v + dt accel,   x' = x + dt v'          (semi-implicit Euler)
 * </pre>
 */
public final class BallBalanceEnv implements VectorEnv {

    /** Gravity, m/s^2. */
    static final double GRAVITY = 9.81;
    /** Half the table's side, metres: the ball falls off beyond +-0.5 m on either axis. */
    static final double TABLE_HALF_SIZE = 0.5;
    /** Largest table tilt, radians (action 1). */
    static final double MAX_TILT = 0.15;
    /** Time constant of the tilt servos, seconds. */
    static final double SERVO_TIME = 0.1;
    /** Rolling resistance as a linear drag on the ball, 1/s. */
    static final double ROLLING_DAMPING = 0.2;
    /** A rolling solid sphere accelerates at 5/7 of a sliding one (I = 2/5 m r^2). */
    static final double ROLLING_FACTOR = 5.0 / 7.0;
    /** Time step, seconds (50 Hz control). */
    static final double DT = 0.02;
    /** Steps per episode (6 seconds). */
    static final int EPISODE_LENGTH = 300;
    /** The ball starts uniformly within +-0.3 m of the centre on both axes. */
    static final double START_RANGE = 0.3;
    /** F counts the ball as centred within this distance of the centre, metres. */
    @HiddenFromContext
    static final double CENTRE_RADIUS = 0.1;

    static final int OBSERVATION_SIZE = 6;

    private final int copies;
    private final SplittableRandom random;
    private final BallBalanceState view = new BallBalanceState();

    // State per copy: ball position (m) and velocity (m/s), table tilts (rad), last action.
    final double[] ballX;
    final double[] ballY;
    final double[] ballVelocityX;
    final double[] ballVelocityY;
    final double[] tiltX;
    final double[] tiltY;
    final double[] actionX;
    final double[] actionY;
    final int[] step;
    final boolean[] terminated;
    final boolean[] done;

    // Scratch of the step: sines of the tilts (the cosines are not used).
    private final double[] sinTiltX;
    private final double[] sinTiltY;
    private final double[] cosScratch;

    @HiddenFromContext
    private final int[] fitnessCentredSteps;

    @HiddenFromContext
    private final double[] fitness;

    public BallBalanceEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        ballX = new double[copies];
        ballY = new double[copies];
        ballVelocityX = new double[copies];
        ballVelocityY = new double[copies];
        tiltX = new double[copies];
        tiltY = new double[copies];
        actionX = new double[copies];
        actionY = new double[copies];
        step = new int[copies];
        terminated = new boolean[copies];
        done = new boolean[copies];
        sinTiltX = new double[copies];
        sinTiltY = new double[copies];
        cosScratch = new double[copies];
        fitnessCentredSteps = new int[copies];
        fitness = new double[copies];
    }

    @Override
    public int copies() {
        return copies;
    }

    @Override
    public void reset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            resetCopy(i);
            observe(i, obs);
        }
    }

    /** Level table, ball anywhere within +-0.3 m of the centre, rolling slowly (up to 0.1 m/s per axis). */
    private void resetCopy(int i) {
        ballX[i] = uniform(-START_RANGE, START_RANGE);
        ballY[i] = uniform(-START_RANGE, START_RANGE);
        ballVelocityX[i] = uniform(-0.1, 0.1);
        ballVelocityY[i] = uniform(-0.1, 0.1);
        tiltX[i] = 0;
        tiltY[i] = 0;
        actionX[i] = 0;
        actionY[i] = 0;
        step[i] = 0;
        terminated[i] = false;
        done[i] = false;
        fitnessReset(i);
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    @Override
    public void step(float[] actions) {
        for (int i = 0; i < copies; i++) {
            double ax = clampAction(actions[2 * i]);
            double ay = clampAction(actions[2 * i + 1]);
            actionX[i] = ax;
            actionY[i] = ay;
            // Servos: first-order lag towards the commanded tilt.
            tiltX[i] += DT * (MAX_TILT * ax - tiltX[i]) / SERVO_TIME;
            tiltY[i] += DT * (MAX_TILT * ay - tiltY[i]) / SERVO_TIME;
        }
        // every copy's tilt sines at once
        Trig.sinCos(tiltX, sinTiltX, cosScratch, copies);
        Trig.sinCos(tiltY, sinTiltY, cosScratch, copies);
        for (int i = 0; i < copies; i++) {
            // Rolling ball, semi-implicit Euler.
            double accelX = ROLLING_FACTOR * GRAVITY * sinTiltX[i] - ROLLING_DAMPING * ballVelocityX[i];
            double accelY = ROLLING_FACTOR * GRAVITY * sinTiltY[i] - ROLLING_DAMPING * ballVelocityY[i];
            ballVelocityX[i] += DT * accelX;
            ballVelocityY[i] += DT * accelY;
            ballX[i] += DT * ballVelocityX[i];
            ballY[i] += DT * ballVelocityY[i];
        }
        for (int i = 0; i < copies; i++) {
            step[i]++;
            terminated[i] = !onTable(i);
            done[i] = terminated[i] || step[i] >= EPISODE_LENGTH;
            fitnessAfterStep(i);
        }
    }

    /** Clips to [-1, 1]; NaN counts as 0 so no action can poison the state. */
    static double clampAction(float a) {
        if (a >= 1) return 1;
        if (a <= -1) return -1;
        return a == a ? a : 0;
    }

    private boolean onTable(int i) {
        return Math.abs(ballX[i]) <= TABLE_HALF_SIZE && Math.abs(ballY[i]) <= TABLE_HALF_SIZE;
    }

    /** Observation (6 floats): ball x, y (m), ball velocity x, y (m/s), tilt x, y (rad). */
    private void observe(int i, float[] obs) {
        int o = i * OBSERVATION_SIZE;
        obs[o] = (float) ballX[i];
        obs[o + 1] = (float) ballY[i];
        obs[o + 2] = (float) ballVelocityX[i];
        obs[o + 3] = (float) ballVelocityY[i];
        obs[o + 4] = (float) tiltX[i];
        obs[o + 5] = (float) tiltY[i];
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        BallBalanceState s = view;
        s.action[0] = actionX[i];
        s.action[1] = actionY[i];
        s.ballX = ballX[i];
        s.ballY = ballY[i];
        s.ballVelocityX = ballVelocityX[i];
        s.ballVelocityY = ballVelocityY[i];
        s.tiltX = tiltX[i];
        s.tiltY = tiltY[i];
        s.distance = Math.sqrt(ballX[i] * ballX[i] + ballY[i] * ballY[i]);
        s.speed = Math.sqrt(ballVelocityX[i] * ballVelocityX[i] + ballVelocityY[i] * ballVelocityY[i]);
        s.onTable = onTable(i);
        s.step = step[i];
    }

    @Override
    public boolean terminated(int copy) {
        return terminated[copy];
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    @HiddenFromContext
    private void fitnessReset(int i) {
        fitnessCentredSteps[i] = 0;
    }

    /** F counts centred steps over the full episode length, so falling off early forfeits the rest. */
    @HiddenFromContext
    private void fitnessAfterStep(int i) {
        if (onTable(i) && Hypot.below(ballX[i], ballY[i], CENTRE_RADIUS)) fitnessCentredSteps[i]++;
        if (done[i]) fitness[i] = fitnessCentredSteps[i] / (double) EPISODE_LENGTH;
    }

    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        return fitness[copy];
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
            observe(i, obs);
        }
    }
}
