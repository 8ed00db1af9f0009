package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.TaskResources;

/**
 * The {@code hopper} task: a planar one-legged MuJoCo hopper must hop forward (+x) without falling; a fall
 * (torso below 0.7 m or tilted past 0.2 rad) ends the episode, so the reward must keep it balanced while it
 * pushes forward. F is the mean forward speed over the 500-step (4 s) episode in m/s.
 */
public final class HopperTask extends LocomotionTask {

    /** 6 qpos (root x, z, pitch; thigh, leg, foot), 6 qvel, 3 motors, 5 bodies with the world; 0.002 s x 4. */
    static final Robot ROBOT = new Robot(
            TaskResources.read(HopperTask.class, "hopper.xml"),
            0.002,
            6,
            6,
            3,
            5,
            3,
            3,
            1,
            4,
            500,
            0.7,
            100,
            0.2,
            0.005);

    public HopperTask() {
        super(
                "hopper",
                "Make a one-legged MuJoCo hopper hop forward (+x) as far as it can without falling over.",
                ROBOT,
                HopperState.class,
                TaskResources.read(HopperTask.class, "hopper-human-reward.java"),
                TaskResources.read(HopperTask.class, "hopper-sparse-reward.java"),
                PpoConfig.continuousDefaults().toBuilder()
                        .totalTimesteps(1_000_000)
                        .numEnvs(16)
                        .numSteps(256)
                        .numMinibatches(32)
                        .updateEpochs(10)
                        .build(),
                0.5,
                1.5);
    }
}
