package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.mujoco.MjBatch;
import dev.rewardsmith.mujoco.MjModel;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.HiddenFromContext;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;

/**
 * Copies of a MuJoCo robot that must move forward (+x), stepped by the real engine: each step applies the
 * actions as motor controls (action in [-1, 1] mapped onto each actuator's control range), runs mj_step
 * {@code frameSkip} times per copy, and reads back positions, orientations, velocities and contact forces. An
 * episode ends when the torso leaves the healthy height range (or, for a planar robot, tilts too far), or after
 * {@code episodeLength} steps.
 * <pre>
 *   dt = timestep * frameSkip                     (ant, humanoid: 0.01 s * 5; hopper 0.002 s * 4)
 *   torsoVelocity = (torsoPosition_after - torsoPosition_before) / dt
 *   distance = torso x now - torso x at the episode's start
 *   reset: qpos = qpos0 + U(-noise, noise), qvel = U(-noise, noise) per entry
 * </pre>
 * The state view's fields are filled by name: every locomotion state view declares the same fields.
 */
public final class LocomotionEnv implements VectorEnv, AutoCloseable {

    @HiddenFromContext
    private static final Cleaner CLEANER = Cleaner.create();

    /** Which env filled a state view, so the renderer can ask it for geom poses (views compare by identity). */
    @HiddenFromContext
    private static final Map<Object, WeakReference<LocomotionEnv>> OWNERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The copy loadStateView last filled the view from. */
    @HiddenFromContext
    private int loaded;

    private final Robot robot;
    private final int copies;
    private final SplittableRandom random;
    private final double dt;
    private final Object view;

    @HiddenFromContext
    private final Native resources;

    @HiddenFromContext
    private final Cleaner.Cleanable cleanable;

    private final MjBatch batch;

    @HiddenFromContext
    private volatile boolean closed;

    private final MjModel.StateLayout layout;
    private final double[] state;
    private final double[] controls;
    private final double[] ctrlLow;
    private final double[] ctrlHigh;
    private final double[] actions;
    private final double[] startX;
    private final double[] before;
    private final double[] velocity;
    private final int[] step;
    private final boolean[] healthy;
    private final boolean[] terminated;
    private final boolean[] done;
    private final double[] qpos;
    private final double[] qvel;
    private final double[] qpos0;

    // The state view's arrays (filled in place) and scalar fields.
    private final double[] vAction;
    private final double[] vTorsoPosition;
    private final double[] vTorsoVelocity;
    private final double[] vTorsoAngularVelocity;
    private final double[] vTorsoOrientation;
    private final double[] vUp;
    private final double[] vJointAngles;
    private final double[] vJointVelocities;
    private final double[] vBodyPositions;
    private final double[] vContactForces;
    private final VarHandle vForwardVelocity;
    private final VarHandle vHeight;
    private final VarHandle vDistance;
    private final VarHandle vHealthy;
    private final VarHandle vEpisodeEnd;
    private final VarHandle vStep;

    /** The native side of an env: the model and its batch, freed by {@link #close} or, at the latest, by GC. */
    @HiddenFromContext
    private record Native(MjModel model, MjBatch batch) implements Runnable {
        @Override
        public void run() {
            batch.close();
            model.close();
        }
    }

    /**
     * @param view a fresh state view whose fields follow the locomotion convention (see the class comment)
     * @throws IllegalStateException when MuJoCo is unavailable or the model does not have the robot's sizes
     */
    @HiddenFromContext
    public LocomotionEnv(Robot robot, Object view, int copies, long seed) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.robot = robot;
        this.copies = copies;
        this.random = new SplittableRandom(seed);
        this.view = view;
        MjModel model = MjModel.load(robot.mjcf());
        if (model.nq() != robot.nq()
                || model.nv() != robot.nv()
                || model.nu() != robot.nu()
                || model.nbody() != robot.nbody()
                || model.timestep() != robot.timestep()) {
            model.close();
            throw new IllegalStateException("the model has nq " + model.nq() + ", nv " + model.nv() + ", nu "
                    + model.nu() + ", nbody " + model.nbody() + ", timestep " + model.timestep()
                    + "; the robot declares " + robot);
        }
        MjBatch b;
        try {
            b = new MjBatch(model, copies);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        batch = b;
        resources = new Native(model, b);
        cleanable = CLEANER.register(this, resources);
        OWNERS.put(view, new WeakReference<>(this));
        layout = b.layout();
        state = b.state();
        dt = robot.dt();
        int nu = robot.nu();
        controls = new double[copies * nu];
        actions = new double[copies * nu];
        ctrlLow = new double[nu];
        ctrlHigh = new double[nu];
        for (int k = 0; k < nu; k++) {
            boolean limited = model.ctrlLow(k) < model.ctrlHigh(k);
            ctrlLow[k] = limited ? model.ctrlLow(k) : -1;
            ctrlHigh[k] = limited ? model.ctrlHigh(k) : 1;
        }
        startX = new double[copies];
        before = new double[3 * copies];
        velocity = new double[3 * copies];
        step = new int[copies];
        healthy = new boolean[copies];
        terminated = new boolean[copies];
        done = new boolean[copies];
        qpos = new double[robot.nq()];
        qvel = new double[robot.nv()];
        qpos0 = model.qpos0();
        vAction = array("action", nu);
        vTorsoPosition = array("torsoPosition", 3);
        vTorsoVelocity = array("torsoVelocity", 3);
        vTorsoAngularVelocity = array("torsoAngularVelocity", 3);
        vTorsoOrientation = array("torsoOrientation", 4);
        vUp = array("up", 3);
        vJointAngles = array("jointAngles", robot.joints());
        vJointVelocities = array("jointVelocities", robot.nv() - robot.rootQvel());
        vBodyPositions = array("bodyPositions", 3 * (robot.nbody() - 1));
        vContactForces = array("contactForces", robot.nbody() - 1);
        vForwardVelocity = scalar("forwardVelocity", double.class);
        vHeight = scalar("height", double.class);
        vDistance = scalar("distance", double.class);
        vHealthy = scalar("healthy", boolean.class);
        vEpisodeEnd = scalar("episodeEnd", boolean.class);
        vStep = scalar("step", int.class);
    }

    @HiddenFromContext
    private double[] array(String name, int length) {
        try {
            double[] a = (double[]) view.getClass().getField(name).get(view);
            if (a.length != length) {
                throw new IllegalStateException(view.getClass().getSimpleName() + "." + name + " has length " + a.length
                        + "; the robot needs " + length);
            }
            return a;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    view.getClass().getName() + " needs a public double[] field " + name + ": " + e, e);
        }
    }

    @HiddenFromContext
    private VarHandle scalar(String name, Class<?> type) {
        try {
            return MethodHandles.publicLookup().findVarHandle(view.getClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    view.getClass().getName() + " needs a public " + type + " field " + name + ": " + e, e);
        }
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

    private void resetCopy(int i) {
        double noise = robot.resetNoise();
        for (int k = 0; k < qpos.length; k++) qpos[k] = qpos0[k] + noise * (2 * random.nextDouble() - 1);
        for (int k = 0; k < qvel.length; k++) qvel[k] = noise * (2 * random.nextDouble() - 1);
        batch.reset(i, qpos, qvel);
        int base = i * layout.size() + layout.xpos() + 3; // body 1: the torso
        startX[i] = state[base];
        for (int k = 0; k < 3; k++) velocity[3 * i + k] = 0;
        for (int k = 0; k < robot.nu(); k++) actions[i * robot.nu() + k] = 0;
        step[i] = 0;
        healthy[i] = true;
        terminated[i] = false;
        done[i] = false;
    }

    @Override
    public void step(float[] a) {
        int nu = robot.nu();
        for (int i = 0; i < copies; i++) {
            int torso = i * layout.size() + layout.xpos() + 3;
            for (int k = 0; k < 3; k++) before[3 * i + k] = state[torso + k];
            for (int k = 0; k < nu; k++) {
                double u = Math.clamp(a[i * nu + k], -1.0, 1.0);
                actions[i * nu + k] = u;
                controls[i * nu + k] = ctrlLow[k] + (u + 1) * 0.5 * (ctrlHigh[k] - ctrlLow[k]);
            }
        }
        batch.step(controls, robot.frameSkip());
        for (int i = 0; i < copies; i++) {
            int torso = i * layout.size() + layout.xpos() + 3;
            for (int k = 0; k < 3; k++) velocity[3 * i + k] = (state[torso + k] - before[3 * i + k]) / dt;
            step[i]++;
            healthy[i] = isHealthy(i);
            terminated[i] = !healthy[i];
            done[i] = terminated[i] || step[i] >= robot.episodeLength();
        }
    }

    /** Torso height within range, every coordinate finite, and (planar root) pitch within range. */
    private boolean isHealthy(int i) {
        int base = i * layout.size();
        double z = state[base + layout.xpos() + 5];
        if (!(z >= robot.minHeight() && z <= robot.maxHeight())) return false;
        if (Double.isFinite(robot.maxPitch()) && !(Math.abs(state[base + 2]) < robot.maxPitch())) return false;
        for (int k = 0; k < robot.nq() + robot.nv(); k++) {
            if (!Double.isFinite(state[base + k])) return false;
        }
        return true;
    }

    /** qpos without the skipped root entries, then qvel clipped to +-10. */
    private void observe(int i, float[] obs) {
        int base = i * layout.size();
        int o = i * robot.observationSize();
        for (int k = robot.observationSkip(); k < robot.nq(); k++) obs[o++] = (float) state[base + k];
        double limit = Robot.OBSERVED_VELOCITY_LIMIT;
        for (int k = 0; k < robot.nv(); k++) {
            obs[o++] = (float) Math.clamp(state[base + layout.qvel() + k], -limit, limit);
        }
    }

    @Override
    public Object stateView() {
        return view;
    }

    @Override
    public void loadStateView(int i) {
        loaded = i;
        int base = i * layout.size();
        int nu = robot.nu();
        System.arraycopy(actions, i * nu, vAction, 0, nu);
        int torso = base + layout.xpos() + 3;
        System.arraycopy(state, torso, vTorsoPosition, 0, 3);
        System.arraycopy(velocity, 3 * i, vTorsoVelocity, 0, 3);
        // cvel's first three entries are the body's angular velocity in world coordinates
        System.arraycopy(state, base + layout.cvel() + 6, vTorsoAngularVelocity, 0, 3);
        int q = base + layout.xquat() + 4;
        System.arraycopy(state, q, vTorsoOrientation, 0, 4);
        double w = state[q];
        double x = state[q + 1];
        double y = state[q + 2];
        double z = state[q + 3];
        vUp[0] = 2 * (x * z + w * y);
        vUp[1] = 2 * (y * z - w * x);
        vUp[2] = 1 - 2 * (x * x + y * y);
        System.arraycopy(state, base + robot.rootQpos(), vJointAngles, 0, vJointAngles.length);
        System.arraycopy(state, base + layout.qvel() + robot.rootQvel(), vJointVelocities, 0, vJointVelocities.length);
        System.arraycopy(state, base + layout.xpos() + 3, vBodyPositions, 0, vBodyPositions.length);
        int f = base + layout.cfrcExt();
        for (int b = 1; b < robot.nbody(); b++) {
            double fx = state[f + 6 * b + 3];
            double fy = state[f + 6 * b + 4];
            double fz = state[f + 6 * b + 5];
            vContactForces[b - 1] = Math.sqrt(fx * fx + fy * fy + fz * fz);
        }
        vForwardVelocity.set(view, velocity[3 * i]);
        vHeight.set(view, state[torso + 2]);
        vDistance.set(view, state[torso] - startX[i]);
        vHealthy.set(view, healthy[i]);
        vEpisodeEnd.set(view, done[i]);
        vStep.set(view, step[i]);
    }

    @Override
    public boolean terminated(int copy) {
        return terminated[copy];
    }

    @Override
    public boolean done(int copy) {
        return done[copy];
    }

    /**
     * F: the torso's forward (+x) distance in the episode divided by the full episode's duration, i.e. the mean
     * forward speed in m/s over the whole episode (a fall ends the episode and forfeits the remaining time).
     */
    @HiddenFromContext
    @Override
    public double episodeFitness(int copy) {
        int torso = copy * layout.size() + layout.xpos() + 3;
        return (state[torso] - startX[copy]) / (robot.episodeLength() * dt);
    }

    @Override
    public void autoReset(float[] obs) {
        for (int i = 0; i < copies; i++) {
            if (done[i]) resetCopy(i);
            observe(i, obs);
        }
    }

    /**
     * Geom positions and rotation matrices of the copy that last filled {@code view}, for the renderer; false
     * when no open env filled it.
     */
    @HiddenFromContext
    static boolean geomPoses(Object view, double[] pos, double[] mat) {
        WeakReference<LocomotionEnv> ref = OWNERS.get(view);
        LocomotionEnv env = ref == null ? null : ref.get();
        if (env == null || env.closed) return false;
        env.batch.geomPoses(env.loaded, pos, mat);
        return true;
    }

    @HiddenFromContext
    MjModel model() {
        return resources.model();
    }

    /** Whether {@link #close} was called. */
    @HiddenFromContext
    boolean closed() {
        return closed;
    }

    /** Frees the native model and data now; idempotent (otherwise they are freed when the env is collected). */
    @HiddenFromContext
    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}
