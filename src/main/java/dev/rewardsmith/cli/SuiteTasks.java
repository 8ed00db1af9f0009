package dev.rewardsmith.cli;

import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.util.ArrayList;
import java.util.List;

/** Which tasks {@code bench} runs when none are named (docs/tasks.md, "A suite where F discriminates"). */
final class SuiteTasks {

    private SuiteTasks() {}

    /**
     * The suite's tasks, in table order: the nine whose F discriminates at their default budgets (docs/tasks.md). The
     * MuJoCo robots run only when named: their default budgets take hours here.
     */
    static final List<String> IDS = List.of(
            "cartpole",
            "pendulum",
            "mountain-car",
            "acrobot",
            "reacher",
            "ball-balance",
            "quadcopter",
            "reorient",
            "spin");

    /** The tasks bench runs without --tasks: the suite's, as registered. */
    static List<Task> defaults(TaskRegistry registry) {
        List<Task> tasks = new ArrayList<>();
        for (String id : IDS) registry.find(id).ifPresent(tasks::add);
        return tasks;
    }
}
