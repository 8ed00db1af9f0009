package dev.rewardsmith.rl;

import dev.rewardsmith.reward.PotentialShaping;
import dev.rewardsmith.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records one episode of a policy, deterministically, for side-by-side playback of candidates on one seed. */
public final class RolloutRecorder {

    /**
     * Runs one episode on copy 0 of a single-copy environment created with {@code seed}, acting with the
     * policy's deterministic action.
     *
     * @param policy {@link Policy#toBytes()}
     * @param reward evaluated (not trained on) at every step; its raw values are recorded, with the shaping's
     *     term when it declares a potential (as the trainer adds it)
     * @param gamma the training's discount, for the shaping
     * @param stateJson the state view (after the step, before any reset) as JSON
     * @param frameJson the state view's rendered frame as JSON
     * @throws IllegalArgumentException if the policy is invalid or does not fit the environment
     */
    public Rollout record(
            Environment env,
            byte[] policy,
            RewardFunction reward,
            double gamma,
            long seed,
            Function<Object, String> stateJson,
            Function<Object, String> frameJson) {
        Policy p = Policy.fromBytes(policy);
        if (p.observationSize() != env.observationSize() || !p.actionSpace().equals(env.actionSpace())) {
            throw new IllegalArgumentException("the policy does not fit the environment's observations or actions");
        }
        try (VectorEnv venv = env.createEnv(1, seed)) {
            return record(env, p, reward, gamma, seed, stateJson, frameJson, venv);
        }
    }

    private static Rollout record(
            Environment env,
            Policy p,
            RewardFunction reward,
            double gamma,
            long seed,
            Function<Object, String> stateJson,
            Function<Object, String> frameJson,
            VectorEnv venv) {
        float[] obs = new float[env.observationSize()];
        float[] action = new float[env.actionSpace().size()];
        double[] components = new double[reward.componentNames().size()];
        List<RolloutStep> steps = new ArrayList<>();
        int limit = 2 * env.episodeLength() + 10;
        PotentialShaping shaping = reward.hasPotential() ? new PotentialShaping(reward, 1, gamma) : null;
        venv.reset(obs);
        if (shaping != null) {
            venv.loadStateView(0);
            shaping.begin(0, venv.stateView());
        }
        while (true) {
            if (steps.size() == limit) {
                throw new IllegalStateException("the episode did not end within " + limit + " steps");
            }
            p.act(obs, action);
            float[] seen = obs.clone();
            venv.step(action);
            venv.loadStateView(0);
            Object state = venv.stateView();
            double r = reward.evaluate(state, components);
            String stateText = stateJson.apply(state);
            String frameText = frameJson.apply(state);
            boolean done = venv.done(0);
            boolean terminated = venv.terminated(0);
            double fitness = done ? venv.episodeFitness(0) : Double.NaN;
            if (shaping != null) {
                if (done && !terminated) shaping.truncated(0, state);
                if (!done) venv.autoReset(obs);
                venv.loadStateView(0);
                double term = shaping.step(0, venv.stateView(), done, terminated);
                components[shaping.component()] = term;
                r += term;
            }
            steps.add(new RolloutStep(seen, action, r, components, stateText, frameText));
            if (done) {
                return new Rollout(seed, reward.componentNames(), steps, fitness);
            }
            if (shaping == null) venv.autoReset(obs);
        }
    }
}
