package dev.rewardsmith.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trajectories recorded by running Gymnasium itself (bench/gymnasium_reference.py, files in
 * src/test/resources/reference): per episode Gymnasium's initial state, then per step the action, the state after
 * it, the reward, terminated and truncated, exactly as Gymnasium answered.
 */
public record GymnasiumReference(
        String task, String gymnasiumEnv, String gymnasiumVersion, String gymnasiumCommit, List<Episode> episodes) {

    /** One step as Gymnasium reported it; a discrete action is a one-element array. */
    public record Step(double[] action, double[] state, double reward, boolean terminated, boolean truncated) {}

    /** One episode from {@code env.reset(seed=resetSeed)}. */
    public record Episode(long resetSeed, double[] initialState, List<Step> steps) {}

    /** Loads {@code /reference/<task>.json} from the test resources. */
    public static GymnasiumReference load(String task) {
        String path = "/reference/" + task + ".json";
        try (InputStream in = GymnasiumReference.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing reference " + path);
            JsonNode root = new ObjectMapper().readTree(in);
            List<Episode> episodes = new ArrayList<>();
            for (JsonNode e : root.get("episodes")) {
                List<Step> steps = new ArrayList<>();
                for (JsonNode s : e.get("steps")) {
                    JsonNode action = s.get(0);
                    steps.add(new Step(
                            action.isArray() ? doubles(action) : new double[] {action.asDouble()},
                            doubles(s.get(1)),
                            s.get(2).asDouble(),
                            s.get(3).asBoolean(),
                            s.get(4).asBoolean()));
                }
                episodes.add(new Episode(e.get("reset_seed").asLong(), doubles(e.get("initial_state")), steps));
            }
            return new GymnasiumReference(
                    root.get("task").asText(),
                    root.get("gymnasium_env").asText(),
                    root.get("gymnasium_version").asText(),
                    root.get("gymnasium_commit").asText(),
                    List.copyOf(episodes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }
}
