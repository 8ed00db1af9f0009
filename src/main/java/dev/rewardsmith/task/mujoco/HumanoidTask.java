package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.TaskResources;
import java.util.List;

/**
 * The {@code humanoid} task: a 3D MuJoCo biped must run forward (+x) without falling. F is the mean forward
 * speed over the 500-step (7.5 s) episode in m/s: the torso's x distance divided by 7.5 s.
 */
public final class HumanoidTask extends LocomotionTask {

    /** 24 qpos (free root 7, 17 hinges), 23 qvel, 17 motors, 14 bodies with the world; 0.003 s x 5 per step. */
    static final Robot ROBOT = new Robot(
            TaskResources.read(HumanoidTask.class, "humanoid.xml"),
            0.003,
            24,
            23,
            17,
            14,
            7,
            6,
            2,
            5,
            500,
            1.0,
            2.0,
            Double.POSITIVE_INFINITY,
            0.01);

    public HumanoidTask() {
        super(
                "humanoid",
                "Make a 3D MuJoCo humanoid run forward (+x) as far as it can without falling.",
                ROBOT,
                HumanoidState.class,
                TaskResources.read(HumanoidTask.class, "humanoid-human-reward.java"),
                TaskResources.read(HumanoidTask.class, "humanoid-sparse-reward.java"),
                PpoConfig.continuousDefaults().toBuilder()
                        .totalTimesteps(5_000_000)
                        .numEnvs(32)
                        .numSteps(256)
                        .numMinibatches(32)
                        .updateEpochs(10)
                        .hidden(List.of(256, 256))
                        .build(),
                0.5,
                2.0);
    }
}
