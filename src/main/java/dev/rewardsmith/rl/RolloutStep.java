package dev.rewardsmith.rl;

/**
 * One recorded step of a rollout.
 *
 * @param observation what the policy saw (raw, before normalization)
 * @param action what was sent to the environment (clipped to the bounds for continuous actions)
 * @param reward the reward's total on the state after the step
 * @param components the reward's components on that state
 * @param state the state after the step, as JSON
 * @param frame the rendered frame of that state, as JSON
 */
public record RolloutStep(
        float[] observation, float[] action, double reward, double[] components, String state, String frame) {

    public RolloutStep {
        observation = observation.clone();
        action = action.clone();
        components = components.clone();
    }

    @Override
    public float[] observation() {
        return observation.clone();
    }

    @Override
    public float[] action() {
        return action.clone();
    }

    @Override
    public double[] components() {
        return components.clone();
    }
}
