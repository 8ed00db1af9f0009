package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.rl.VectorEnv;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replays a {@link GymnasiumReference} on one copy of our environment: from each recorded initial state, the
 * recorded actions; after every step the state, Gymnasium's reward (computed from our environment where the task
 * allows it) and the terminated and done flags must agree.
 */
public final class GymnasiumConformance {

    private GymnasiumConformance() {}

    /** Gymnasium's reward for the step just taken, computed from our environment and the state before it. */
    @FunctionalInterface
    public interface GymnasiumReward<E> {
        double of(E env, double[] stateBefore, GymnasiumReference.Step step);
    }

    /** What a replay covered, for the caller's checks that the reference exercises what it should. */
    public record Coverage(int steps, int terminatedEpisodes, int truncatedEpisodes) {}

    /**
     * @param newEnv a fresh one-copy environment
     * @param setState puts a Gymnasium state vector into copy 0
     * @param readState copy 0's state in Gymnasium's order
     * @param tolerance the largest difference allowed per state variable
     * @param reward Gymnasium's reward from our environment; compared to 1e-9
     */
    public static <E extends VectorEnv> Coverage assertMatches(
            Task task,
            Supplier<E> newEnv,
            BiConsumer<E, double[]> setState,
            Function<E, double[]> readState,
            double tolerance,
            GymnasiumReward<E> reward) {
        GymnasiumReference reference = GymnasiumReference.load(task.id());
        assertEquals(task.id(), reference.task());
        assertEquals("0.29.1", reference.gymnasiumVersion());
        int steps = 0, terminated = 0, truncated = 0;
        for (int e = 0; e < reference.episodes().size(); e++) {
            GymnasiumReference.Episode episode = reference.episodes().get(e);
            E env = newEnv.get();
            env.reset(new float[env.copies() * task.observationSize()]);
            setState.accept(env, episode.initialState());
            assertArrayEquals(episode.initialState(), readState.apply(env), 0.0, "episode " + e + " initial state");
            float[] action = new float[episode.steps().getFirst().action().length];
            for (int t = 0; t < episode.steps().size(); t++) {
                GymnasiumReference.Step step = episode.steps().get(t);
                String at = reference.gymnasiumEnv() + " episode " + e + " (reset seed " + episode.resetSeed()
                        + ") step " + (t + 1);
                double[] before = readState.apply(env);
                for (int j = 0; j < action.length; j++) action[j] = (float) step.action()[j];
                assertEquals(step.action()[0], action[0], 0.0, at + ": Gymnasium's actions are float32 values");
                env.step(action);
                assertArrayEquals(step.state(), readState.apply(env), tolerance, at + " state");
                assertEquals(step.terminated(), env.terminated(0), at + " terminated");
                assertEquals(step.terminated() || step.truncated(), env.done(0), at + " done");
                assertEquals(step.reward(), reward.of(env, before, step), 1e-9, at + " reward");
                steps++;
            }
            GymnasiumReference.Step last = episode.steps().getLast();
            if (last.terminated()) terminated++;
            else if (last.truncated()) truncated++;
        }
        return new Coverage(steps, terminated, truncated);
    }
}
