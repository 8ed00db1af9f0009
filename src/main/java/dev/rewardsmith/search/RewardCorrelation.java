package dev.rewardsmith.search;

import dev.rewardsmith.reward.PotentialShaping;
import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.rl.Environment;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.Policy;
import dev.rewardsmith.rl.VectorEnv;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How closely a candidate reward follows the human reward, two ways (docs/llm.md, "Reward correlation"):
 *
 * <ul>
 *   <li>{@link #of}: on the best policy's transitions. Both rewards are evaluated on every transition of
 *       deterministic episodes of the trained policy on fixed seeds, and the totals are correlated (Pearson).
 *   <li>{@link #overTraining}: per epoch over training, as Eureka computes it. The per-epoch mean of the candidate
 *       reward's total and of the human reward's total (both over the epoch's rollout transitions, as the trainer
 *       records them in each metrics record) are correlated across the epochs of the training.
 * </ul>
 */
public final class RewardCorrelation {

    /** Episodes (one seed each) the correlation covers. */
    public static final int EPISODES = 4;

    /**
     * @param steps how many transitions (for {@link #overTraining}: epochs) were paired
     * @param correlation Pearson's r; empty when either reward is constant on these transitions
     */
    public record Result(int steps, OptionalDouble correlation) {}

    private RewardCorrelation() {}

    /**
     * Eureka's correlation: Pearson's r of the per-epoch means of the candidate reward and of the human reward over
     * the epochs of one training; epochs where either is not measured (NaN) are left out, and {@code steps} counts
     * the epochs paired.
     */
    public static Result overTraining(List<MetricsRecord> epochs) {
        double[] x = new double[epochs.size()];
        double[] y = new double[epochs.size()];
        int n = 0;
        for (MetricsRecord r : epochs) {
            if (Double.isFinite(r.rewardMean()) && Double.isFinite(r.humanReward())) {
                x[n] = r.rewardMean();
                y[n] = r.humanReward();
                n++;
            }
        }
        return new Result(n, Scores.pearson(x, y, n));
    }

    /**
     * Pearson's r of the two rewards' totals on the best policy's transitions; a reward that declares a potential
     * counts its shaping's term, as the trainer adds it.
     *
     * @param gamma the training's discount, for the shaping
     */
    public static Result of(
            Environment env, byte[] policy, RewardFunction a, RewardFunction b, double gamma, long seed) {
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
                PotentialShaping sa = a.hasPotential() ? new PotentialShaping(a, 1, gamma) : null;
                PotentialShaping sb = b.hasPotential() ? new PotentialShaping(b, 1, gamma) : null;
                venv.reset(obs);
                venv.loadStateView(0);
                if (sa != null) sa.begin(0, venv.stateView());
                if (sb != null) sb.begin(0, venv.stateView());
                for (int t = 0; t <= env.episodeLength() && n < capacity; t++) {
                    p.act(obs, action);
                    venv.step(action);
                    venv.loadStateView(0);
                    Object state = venv.stateView();
                    x[n] = a.evaluate(state, ca);
                    y[n] = b.evaluate(state, cb);
                    boolean done = venv.done(0);
                    boolean terminated = venv.terminated(0);
                    if (done && !terminated) {
                        if (sa != null) sa.truncated(0, state);
                        if (sb != null) sb.truncated(0, state);
                    }
                    if (!done) venv.autoReset(obs);
                    if (sa != null || sb != null) {
                        venv.loadStateView(0);
                        if (sa != null) x[n] += sa.step(0, venv.stateView(), done, terminated);
                        if (sb != null) y[n] += sb.step(0, venv.stateView(), done, terminated);
                    }
                    if (Double.isFinite(x[n]) && Double.isFinite(y[n])) n++;
                    if (done) break;
                }
            }
        }
        return new Result(n, Scores.pearson(x, y, n));
    }
}
