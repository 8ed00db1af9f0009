package dev.rewardsmith.task.quadcopter;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import dev.rewardsmith.task.Hypot;
import dev.rewardsmith.task.SinCos;
import java.util.SplittableRandom;

/**
 * A planar quadrotor (a quadcopter seen from the side: two rotors on a rigid arm) that must fly to a random hover
 * point and stay there: many copies in struct-of-arrays form. Crashing (ground or leaving the flight box) ends
 * the episode.
 *
 * <p>Dynamics (thrust T = MAX_THRUST * (action + 1) / 2 per rotor, instant rotor response, pitch phi):
 * <pre>
 *   m x''   = -(T_left + T_right) sin(phi) - LINEAR_DRAG m x'
 *   m z''   =  (T_left + T_right) cos(phi) - m g - LINEAR_DRAG m z'
 *   I phi'' =  ARM (T_right - T_left) - ANGULAR_DRAG phi'
 * </pre>
 * integrated by semi-implicit Euler (velocities first, then positions with the new velocities) in SUBSTEPS
 * physics steps of DT per environment step. Action 0 on both rotors exactly cancels gravity when level.
 */
public final class QuadcopterEnv implements VectorEnv {

    /** Gravity, m/s^2. */
    static final double GRAVITY = 9.81;
    /** Mass, kg. */
    static final double MASS = 0.5;
    /** Distance from the centre to each rotor, metres. */
    static final double ARM = 0.15;
    /** Moment of inertia about the pitch axis, kg m^2. */
    static final double INERTIA = 0.01;
    /** Largest thrust of one rotor, newtons: both at full give twice the weight. */
    static final double MAX_THRUST = MASS * GRAVITY;
    /** Air drag on the translation, 1/s. */
    static final double LINEAR_DRAG = 0.1;
    /** Rotational air drag, N m s/rad. */
    static final double ANGULAR_DRAG = 0.01;
    /** Pitch rate is clamped to this, rad/s (a safety bound). */
    static final double MAX_PITCH_RATE = 30.0;
    /** Physics time step, seconds. */
    static final double DT = 0.005;
    /** Physics steps per environment step (control at 50 Hz). */
    static final int SUBSTEPS = 4;
    /** Flight box: |x| <= X_LIMIT, 0 < z <= Z_LIMIT, metres. */
    static final double X_LIMIT = 2.0;

    static final double Z_LIMIT = 4.0;
    /** Steps per episode (6 seconds). */
    static final int EPISODE_LENGTH = 300;
    /** F is measured over the last this many steps. */
    @HiddenFromContext
    static final int FINAL_WINDOW = 100;
    /** F counts a step as at the goal within this distance, metres. */
    @HiddenFromContext
    static final double GOAL_TOLERANCE = 0.1;

    static final int OBSERVATION_SIZE = 9;

    private final int copies;
    private final SplittableRandom random;
    private final QuadcopterState view = new QuadcopterState();

    // State per copy: position (m), velocity (m/s), pitch (rad) and rate (rad/s), goal (m), last action.
    final double[] x;
    final double[] z;
    final double[] velocityX;
    final double[] velocityZ;
    final double[] pitch;
    final double[] pitchRate;
    final double[] goalX;
    final double[] goalZ;
    final double[] actionLeft;
    final double[] actionRight;
    final int[] step;
    final boolean[] terminated;
    final boolean[] done;
    // Sine and cosine of the pitch, computed once per angle.
    private final SinCos pitchTrig;
    // Scratch of the step: each rotor's thrust, N.
    private final double[] thrustLeft;
    private final double[] thrustRight;

    @HiddenFromContext
    private final int[] fitnessStepsAtGoal;

    @HiddenFromContext
    private final double[] fitness;

    public QuadcopterEnv(int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        x = new double[copies];
        z = new double[copies];
        velocityX = new double[copies];
        velocityZ = new double[copies];
        pitch = new double[copies];
        pitchRate = new double[copies];
        goalX = new double[copies];
        goalZ = new double[copies];
        actionLeft = new double[copies];
        actionRight = new double[copies];
        step = new int[copies];
        terminated = new boolean[copies];
        done = new boolean[copies];
        pitchTrig = new SinCos(copies);
        thrustLeft = new double[copies];
        thrustRight = new double[copies];
        fitnessStepsAtGoal = new int[copies];
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

    /** Start and goal uniform in x in [-1, 1], z in [1, 3]; a small random tilt and drift. */
    private void resetCopy(int i) {
        x[i] = uniform(-1, 1);
        z[i] = uniform(1, 3);
        velocityX[i] = uniform(-0.2, 0.2);
        velocityZ[i] = uniform(-0.2, 0.2);
        pitch[i] = uniform(-0.1, 0.1);
        pitchRate[i] = uniform(-0.1, 0.1);
        goalX[i] = uniform(-1, 1);
        goalZ[i] = uniform(1, 3);
        actionLeft[i] = 0;
        actionRight[i] = 0;
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
            actionLeft[i] = clampAction(actions[2 * i]);
            actionRight[i] = clampAction(actions[2 * i + 1]);
        }
        for (int i = 0; i < copies; i++) {
            thrustLeft[i] = thrust(actionLeft[i]);
            thrustRight[i] = thrust(actionRight[i]);
        }
        for (int k = 0; k < SUBSTEPS; k++) {
            pitchTrig.update(pitch); // every copy's pitch sine and cosine at once
            integrate(pitchTrig.sines(), pitchTrig.cosines());
        }
        for (int i = 0; i < copies; i++) pitch[i] = wrapAngle(pitch[i]);
        pitchTrig.update(pitch); // for the observation
        for (int i = 0; i < copies; i++) {
            step[i]++;
            terminated[i] = crashed(i);
            done[i] = terminated[i] || step[i] >= EPISODE_LENGTH;
            fitnessAfterStep(i);
        }
    }

    /** Rotor thrust in newtons for a normalized command in [-1, 1]. */
    static double thrust(double command) {
        return MAX_THRUST * (command + 1) * 0.5;
    }

    /** One semi-implicit Euler step of every copy's rigid body, given the sine and cosine of each pitch. */
    private void integrate(double[] sinPitch, double[] cosPitch) {
        for (int i = 0; i < copies; i++) {
            double total = thrustLeft[i] + thrustRight[i];
            double accelX = -total * sinPitch[i] / MASS - LINEAR_DRAG * velocityX[i];
            double accelZ = total * cosPitch[i] / MASS - GRAVITY - LINEAR_DRAG * velocityZ[i];
            double angularAccel = (ARM * (thrustRight[i] - thrustLeft[i]) - ANGULAR_DRAG * pitchRate[i]) / INERTIA;
            velocityX[i] += DT * accelX;
            velocityZ[i] += DT * accelZ;
            pitchRate[i] = Math.max(-MAX_PITCH_RATE, Math.min(MAX_PITCH_RATE, pitchRate[i] + DT * angularAccel));
            x[i] += DT * velocityX[i];
            z[i] += DT * velocityZ[i];
            pitch[i] += DT * pitchRate[i];
        }
    }

    /** Clips to [-1, 1]; NaN counts as 0 so no action can poison the state. */
    static double clampAction(float a) {
        if (a >= 1) return 1;
        if (a <= -1) return -1;
        return a == a ? a : 0;
    }

    /** Maps an angle to [-pi, pi). */
    static double wrapAngle(double a) {
        if (a > -3.14 && a < 3.14) return a; // the formula below gives a itself there
        return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
    }

    private boolean crashed(int i) {
        return z[i] <= 0 || z[i] > Z_LIMIT || Math.abs(x[i]) > X_LIMIT;
    }

    /**
     * Observation (9 floats): x, z (m), velocity x, z (m/s), sin and cos of pitch, pitch rate (rad/s), goal
     * minus position (x, z in m).
     */
    private void observe(int i, float[] obs) {
        int o = i * OBSERVATION_SIZE;
        obs[o] = (float) x[i];
        obs[o + 1] = (float) z[i];
        obs[o + 2] = (float) velocityX[i];
        obs[o + 3] = (float) velocityZ[i];
        obs[o + 4] = (float) pitchTrig.sin(i, pitch[i]);
        obs[o + 5] = (float) pitchTrig.cos(i, pitch[i]);
        obs[o + 6] = (float) pitchRate[i];
        obs[o + 7] = (float) (goalX[i] - x[i]);
        obs[o + 8] = (float) (goalZ[i] - z[i]);
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        QuadcopterState s = view;
        s.action[0] = actionLeft[i];
        s.action[1] = actionRight[i];
        s.leftThrust = thrust(actionLeft[i]);
        s.rightThrust = thrust(actionRight[i]);
        s.x = x[i];
        s.z = z[i];
        s.velocityX = velocityX[i];
        s.velocityZ = velocityZ[i];
        s.pitch = pitch[i];
        s.pitchRate = pitchRate[i];
        s.goalX = goalX[i];
        s.goalZ = goalZ[i];
        double dx = goalX[i] - x[i];
        double dz = goalZ[i] - z[i];
        s.distance = Math.sqrt(dx * dx + dz * dz);
        s.speed = Math.sqrt(velocityX[i] * velocityX[i] + velocityZ[i] * velocityZ[i]);
        s.crashed = crashed(i);
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
        fitnessStepsAtGoal[i] = 0;
    }

    /** F counts steps at the goal in the final window over the window's full length, so a crash forfeits it. */
    @HiddenFromContext
    private void fitnessAfterStep(int i) {
        boolean atGoal = !crashed(i) && Hypot.below(goalX[i] - x[i], goalZ[i] - z[i], GOAL_TOLERANCE);
        if (atGoal && step[i] > EPISODE_LENGTH - FINAL_WINDOW) fitnessStepsAtGoal[i]++;
        if (done[i]) fitness[i] = fitnessStepsAtGoal[i] / (double) FINAL_WINDOW;
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
