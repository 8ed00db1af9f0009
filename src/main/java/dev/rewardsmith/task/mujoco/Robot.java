package dev.rewardsmith.task.mujoco;

/**
 * What a locomotion task needs to know of its MuJoCo model before the engine is loaded: the MJCF text, the sizes
 * it must compile to (so the task can be listed without MuJoCo), how the root joint is laid out, and when a copy
 * counts as healthy. See docs/tasks.md, "MuJoCo tasks".
 *
 * @param mjcf the model's MJCF text
 * @param timestep the model's time step (its option timestep), s; checked against the compiled model
 * @param nq position coordinates the model must have
 * @param nv velocity coordinates
 * @param nu actuators (the action size); actions in [-1, 1] map linearly onto each actuator's control range
 * @param nbody bodies including the world; body 1 is the torso
 * @param rootQpos position coordinates of the root joint (7 for a free joint, 3 for a planar x-z-pitch root)
 * @param rootQvel velocity coordinates of the root joint (6 free, 3 planar)
 * @param observationSkip leading qpos entries left out of the observation (the x, y position: the policy should
 *     not depend on where it is)
 * @param frameSkip mj_step calls per environment step
 * @param episodeLength environment steps per episode
 * @param minHeight the torso's centre must stay at or above this height (m) to be healthy
 * @param maxHeight ... and at or below this one
 * @param maxPitch for a planar root, |pitch| (qpos[2], rad) must stay below this; infinite for a free root
 * @param resetNoise each qpos and qvel entry starts at its initial value plus uniform noise in +-resetNoise
 */
public record Robot(
        String mjcf,
        double timestep,
        int nq,
        int nv,
        int nu,
        int nbody,
        int rootQpos,
        int rootQvel,
        int observationSkip,
        int frameSkip,
        int episodeLength,
        double minHeight,
        double maxHeight,
        double maxPitch,
        double resetNoise) {

    /** Velocities in the observation are clipped to +-this (as Gymnasium's hopper does), rad/s or m/s. */
    static final double OBSERVED_VELOCITY_LIMIT = 10;

    public Robot {
        if (mjcf == null || mjcf.isBlank()) throw new IllegalArgumentException("mjcf is empty");
        if (!(timestep > 0)) throw new IllegalArgumentException("timestep must be positive");
        if (nq < rootQpos || nv < rootQvel || nu < 1 || nbody < 2 || frameSkip < 1 || episodeLength < 1) {
            throw new IllegalArgumentException("inconsistent robot sizes");
        }
        if (observationSkip < 0 || observationSkip > rootQpos) {
            throw new IllegalArgumentException("observationSkip must be within the root's coordinates");
        }
    }

    /** Observation: qpos without the first observationSkip entries, then qvel (clipped). */
    public int observationSize() {
        return nq - observationSkip + nv;
    }

    /** Seconds per environment step: timestep * frameSkip. */
    public double dt() {
        return timestep * frameSkip;
    }

    /** Hinge or slide joints after the root: the joint angles in the state view. */
    public int joints() {
        return nq - rootQpos;
    }
}
