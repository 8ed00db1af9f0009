package dev.rewardsmith.rl;

import java.util.List;

/**
 * The fixed vocabulary of per-epoch metric names (CleanRL's TensorBoard tags), shared with the UI. Reward
 * components are reported as {@link #COMPONENT_PREFIX} + the component's name.
 */
public final class MetricNames {

    public static final String GLOBAL_STEP = "global_step";
    public static final String EPOCH = "epoch";
    public static final String STEPS_PER_SECOND = "charts/SPS";
    public static final String EPISODIC_RETURN = "charts/episodic_return";
    public static final String EPISODIC_LENGTH = "charts/episodic_length";
    public static final String FITNESS = "charts/fitness";
    public static final String HUMAN_REWARD = "charts/human_reward";
    public static final String LEARNING_RATE = "charts/learning_rate";
    public static final String POLICY_LOSS = "losses/policy_loss";
    public static final String VALUE_LOSS = "losses/value_loss";
    public static final String ENTROPY = "losses/entropy";
    public static final String APPROX_KL = "losses/approx_kl";
    public static final String CLIP_FRACTION = "losses/clipfrac";
    public static final String CHECKPOINT_FITNESS = "eval/checkpoint_fitness";
    public static final String COMPONENT_PREFIX = "reward/";

    /** Every fixed name, in display order (components come after these). */
    public static final List<String> ALL = List.of(
            GLOBAL_STEP,
            EPOCH,
            STEPS_PER_SECOND,
            EPISODIC_RETURN,
            EPISODIC_LENGTH,
            FITNESS,
            HUMAN_REWARD,
            LEARNING_RATE,
            POLICY_LOSS,
            VALUE_LOSS,
            ENTROPY,
            APPROX_KL,
            CLIP_FRACTION,
            CHECKPOINT_FITNESS);

    private MetricNames() {}
}
