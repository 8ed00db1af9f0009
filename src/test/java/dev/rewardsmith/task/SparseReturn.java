package dev.rewardsmith.task;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.GuardedReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.VectorEnv;

/** Sums a task's compiled sparse reward over the steps of hand-built episodes, per copy, to compare with F. */
public final class SparseReturn {

    private final GuardedReward sparse;
    private final double[] components;
    private final double[] sums;

    public SparseReturn(Task task, int copies) {
        CompileResult result = new RewardCompiler().compile(task.sparseReward(), task.stateType());
        if (!(result instanceof CompileResult.Compiled compiled)) throw new AssertionError(result.toString());
        sparse = new GuardedReward(compiled.reward().function());
        components = new double[sparse.componentCount()];
        sums = new double[copies];
    }

    /** Adds the sparse reward of every copy's state after the last step (call after each step). */
    public void afterStep(VectorEnv env) {
        for (int i = 0; i < sums.length; i++) {
            env.loadStateView(i);
            sums[i] += sparse.evaluate(env.stateView(), components, 0);
        }
    }

    public double sum(int copy) {
        return sums[copy];
    }
}
