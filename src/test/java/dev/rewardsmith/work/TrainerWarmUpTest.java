package dev.rewardsmith.work;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.TaskRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerWarmUpTest {

    @Test
    void trainsCartpoleAndPendulumWithTheirHumanRewards() {
        // both tasks are built in and their human rewards compile: a warm-up that skipped one (a renamed task, a
        // human reward the compiler refuses) would leave its action space's code to the first search
        assertEquals(List.of("cartpole", "pendulum"), TrainerWarmUp.TASKS);
        assertEquals(2, TrainerWarmUp.run(new TaskRegistry(), new RewardCompiler(), 1));
    }
}
