package dev.rewardsmith.search;

import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.rl.Environment;
import dev.rewardsmith.rl.Policy;
import dev.rewardsmith.rl.VectorEnv;
import java.util.OptionalDouble;

/**
 * How closely one reward follows another where a trained policy actually goes: both are evaluated on every
 * transition of deterministic episodes of the policy on fixed seeds, and the totals are correlated (Pearson).
 */
public final class RewardCorrelation {

    /** Episodes (one seed each) the correlation covers. */
    public static final int EPISODES = 4;

    /**
     * @param steps how many transitions were paired
     * @param correlation Pearson's r; empty when either reward is constant on these transitions
     */
    public record Result(int steps, OptionalDouble correlation) {}

    private RewardCorrelation() {}

    public static Result of(Environment env, byte[] policy, RewardFunction a, RewardFunction b, long seed) {
        Policy p = Policy.fromBytes(policy);
        int capacity = EPISODES * (env.episodeLength() + 1);
        double[] x = new double[capacity];
        double[] y = new double[capacity];
        double[] ca = new double[a.componentNames().size()];
        double[] cb = new double[b.componentNames().size()];
        float[] obs = new float[env.observationSize()];
        float[] action = new float[env.actionSpace().size()];
        int n = 0;
        for (int episode = 0; episode < EPISODES; episode++) {
            try (VectorEnv venv = env.createEnv(1, seed + episode)) {
                venv.reset(obs);
                for (int t = 0; t <= env.episodeLength() && n < capacity; t++) {
                    p.act(obs, action);
                    venv.step(action);
                    venv.loadStateView(0);
                    Object state = venv.stateView();
                    x[n] = a.evaluate(state, ca);
                    y[n] = b.evaluate(state, cb);
                    if (Double.isFinite(x[n]) && Double.isFinite(y[n])) n++;
                    if (venv.done(0)) break;
                    venv.autoReset(obs);
                }
            }
        }
        return new Result(n, Scores.pearson(x, y, n));
    }
}
