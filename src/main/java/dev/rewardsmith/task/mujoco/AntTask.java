package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.TaskResources;

/**
 * The {@code ant} task: a four-legged MuJoCo ant must run forward (+x). F is the mean forward speed over the
 * 250-step (12.5 s) episode in m/s: the torso's x distance divided by 12.5 s, so a fall forfeits the rest.
 */
public final class AntTask extends LocomotionTask {

    /** The ant model: 15 qpos (free root 7, 8 hinges), 14 qvel, 8 motors, 14 bodies with the world. */
    static final Robot ROBOT = new Robot(
            TaskResources.read(AntTask.class, "ant.xml"),
            0.01,
            15,
            14,
            8,
            14,
            7,
            6,
            2,
            5,
            250,
            0.2,
            1.0,
            Double.POSITIVE_INFINITY,
            0.1);

    public AntTask() {
        super(
                "ant",
                "Make a four-legged MuJoCo ant run forward (+x) as far as it can without falling.",
                ROBOT,
                AntState.class,
                TaskResources.read(AntTask.class, "ant-human-reward.java"),
                TaskResources.read(AntTask.class, "ant-sparse-reward.java"),
                PpoConfig.continuousDefaults().toBuilder()
                        .totalTimesteps(1_000_000)
                        .numEnvs(16)
                        .numSteps(256)
                        .numMinibatches(32)
                        .updateEpochs(10)
                        .build(),
                0.5,
                2.5);
    }
}
