package dev.rewardsmith.rl;

/**
 * Task fitness of a deterministic policy on fresh episodes: one episode per copy of a new environment. Every trainer's
 * checkpoint evaluation (the JVM's and the device's) goes through here.
 */
public final class PolicyEvaluation {

    private PolicyEvaluation() {}

    /** Mean F over the first episode of each of {@code episodes} copies of {@code environment} seeded with seed. */
    public static double fitness(Policy policy, Environment environment, int episodes, long seed) {
        try (VectorEnv env = environment.createEnv(episodes, seed)) {
            return fitness(policy, environment, env, episodes);
        }
    }

    private static double fitness(Policy policy, Environment environment, VectorEnv env, int episodes) {
        int d = environment.observationSize();
        float[] obs = new float[episodes * d];
        float[] actions = new float[episodes * environment.actionSpace().size()];
        boolean[] finished = new boolean[episodes];
        double sum = 0;
        int remaining = episodes;
        int limit = 2 * environment.episodeLength() + 10;
        env.reset(obs);
        for (int t = 0; remaining > 0; t++) {
            if (t == limit) {
                throw new IllegalStateException("evaluation episodes did not end within " + limit + " steps");
            }
            policy.actBatch(obs, episodes, actions);
            env.step(actions);
            for (int e = 0; e < episodes; e++) {
                if (!finished[e] && env.done(e)) {
                    finished[e] = true;
                    sum += env.episodeFitness(e);
                    remaining--;
                }
            }
            env.autoReset(obs);
        }
        return sum / episodes;
    }
}
