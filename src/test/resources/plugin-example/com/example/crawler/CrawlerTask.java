package com.example.crawler;

import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.task.TaskResources;
import dev.rewardsmith.task.mujoco.LocomotionTask;
import dev.rewardsmith.task.mujoco.Robot;

/** A plugin task: the crawler (crawler.xml beside this class) must move forward; F is its mean forward speed. */
public final class CrawlerTask extends LocomotionTask {

    public CrawlerTask() {
        super(
                "crawler",
                "Make a two-legged box crawl forward (+x).",
                // 5 qpos (root x, z, pitch; two hips), 5 qvel, 2 motors, 4 bodies; 0.005 s x 4 per step, 200 steps
                new Robot(TaskResources.read(CrawlerTask.class, "crawler.xml"), 0.005, 5, 5, 2, 4, 3, 3, 1, 4, 200, 0.05, 1.0,
                        1.0, 0.01),
                CrawlerState.class,
                """
                double reward(CrawlerState s, Components c) {
                    double forward = s.forwardVelocity;
                    double upright = s.healthy ? 0.1 : 0.0;
                    c.put("forward", forward);
                    c.put("upright", upright);
                    return forward + upright;
                }
                """,
                """
                double reward(CrawlerState s, Components c) {
                    double fitness = s.episodeEnd ? s.distance / 4.0 : 0.0;
                    c.put("fitness", fitness);
                    return fitness;
                }
                """,
                PpoConfig.continuousDefaults().toBuilder().totalTimesteps(200_000).numEnvs(8).numSteps(256).build(),
                0.2,
                1.0);
    }
}
