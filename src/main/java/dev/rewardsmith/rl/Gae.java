package dev.rewardsmith.rl;

/** Generalized advantage estimation over a rollout stored step-major ({@code [step * envs + env]}), as CleanRL. */
final class Gae {

    private Gae() {}

    /**
     * @param rewards reward of the transition from step t
     * @param values critic value of the observation at step t
     * @param dones 1 when the observation at step t starts a new episode (the previous step ended one)
     * @param nextValues critic value of the observation after the last step, per env
     * @param nextDones 1 when the last step ended the env's episode
     * @param advantages modified: GAE advantages
     * @param returns modified: advantages + values
     */
    static void compute(
            float[] rewards,
            float[] values,
            float[] dones,
            float[] nextValues,
            float[] nextDones,
            int steps,
            int envs,
            double gamma,
            double lambda,
            float[] advantages,
            float[] returns) {
        for (int e = 0; e < envs; e++) {
            double lastGae = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int i = t * envs + e;
                double nextNonTerminal;
                double nextValue;
                if (t == steps - 1) {
                    nextNonTerminal = 1.0 - nextDones[e];
                    nextValue = nextValues[e];
                } else {
                    nextNonTerminal = 1.0 - dones[i + envs];
                    nextValue = values[i + envs];
                }
                double delta = rewards[i] + gamma * nextValue * nextNonTerminal - values[i];
                lastGae = delta + gamma * lambda * nextNonTerminal * lastGae;
                advantages[i] = (float) lastGae;
                returns[i] = (float) (lastGae + values[i]);
            }
        }
    }
}
