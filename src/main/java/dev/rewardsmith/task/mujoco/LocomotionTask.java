package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.mujoco.MjModel;
import dev.rewardsmith.mujoco.MuJoCo;
import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import java.util.Arrays;

/**
 * A MuJoCo robot that must move forward, as a task: the robot's model and limits ({@link Robot}), its state view
 * class (the locomotion fields of {@link LocomotionEnv}), its reward programs and PPO defaults. The built-in
 * {@code ant}, {@code humanoid} and {@code hopper} are such tasks, and so can be a plugin's (docs/tasks.md,
 * "MuJoCo tasks"). Unavailable, with the reason, when MuJoCo cannot be loaded.
 */
public class LocomotionTask implements Task {

    private final String id;
    private final String description;
    private final Robot robot;
    private final Class<?> stateType;
    private final String humanReward;
    private final String sparseReward;
    private final PpoConfig ppoDefaults;
    private final double fitnessThreshold;
    private final double viewHalfWidth;
    private volatile RobotPicture picture;

    /**
     * @param viewHalfWidth half the width of the rendered view around the torso, m
     */
    public LocomotionTask(
            String id,
            String description,
            Robot robot,
            Class<?> stateType,
            String humanReward,
            String sparseReward,
            PpoConfig ppoDefaults,
            double fitnessThreshold,
            double viewHalfWidth) {
        this.id = id;
        this.description = description;
        this.robot = robot;
        this.stateType = stateType;
        this.humanReward = humanReward;
        this.sparseReward = sparseReward;
        this.ppoDefaults = ppoDefaults;
        this.fitnessThreshold = fitnessThreshold;
        this.viewHalfWidth = viewHalfWidth;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    public Robot robot() {
        return robot;
    }

    @Override
    public boolean available() {
        return MuJoCo.availability().available();
    }

    @Override
    public String unavailableReason() {
        return MuJoCo.availability().reason();
    }

    @Override
    public int observationSize() {
        return robot.observationSize();
    }

    @Override
    public ActionSpace actionSpace() {
        double[] low = new double[robot.nu()];
        double[] high = new double[robot.nu()];
        Arrays.fill(low, -1);
        Arrays.fill(high, 1);
        return new ActionSpace.Continuous(low, high);
    }

    @Override
    public int episodeLength() {
        return robot.episodeLength();
    }

    /** @throws IllegalStateException when MuJoCo is unavailable ({@link #unavailableReason()}) */
    @Override
    public LocomotionEnv createEnv(int copies, long seed) {
        Object view;
        try {
            view = stateType.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(stateType.getName() + " needs a public no-argument constructor", e);
        }
        return new LocomotionEnv(robot, view, copies, seed);
    }

    @Override
    public Class<?> stateType() {
        return stateType;
    }

    @Override
    public String humanReward() {
        return humanReward;
    }

    @Override
    public String sparseReward() {
        return sparseReward;
    }

    @Override
    public PpoConfig ppoDefaults() {
        return ppoDefaults;
    }

    /** F is the mean forward speed over the episode in m/s (see {@link LocomotionEnv#episodeFitness}). */
    @Override
    public double fitnessThreshold() {
        return fitnessThreshold;
    }

    /** Rollouts play at the environment's rate, 1 / (timestep * frameSkip). */
    @Override
    public int framesPerSecond() {
        return (int) Math.round(1 / robot.dt());
    }

    /** A three-quarter view of the robot's geoms over the floor grid, following the torso. */
    @Override
    public Frame render(Object stateView) {
        return picture().draw(stateView, viewHalfWidth);
    }

    private RobotPicture picture() {
        RobotPicture p = picture;
        if (p == null) {
            synchronized (this) {
                p = picture;
                if (p == null) {
                    p = new RobotPicture(MjModel.load(robot.mjcf()));
                    picture = p;
                }
            }
        }
        return p;
    }
}
