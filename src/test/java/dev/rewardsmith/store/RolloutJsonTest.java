package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.rl.Rollout;
import dev.rewardsmith.rl.RolloutStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored body is the text the mapper wrote value by value before (one generator now writes it). */
class RolloutJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as it was written before: three mapper calls per step. */
    private static String mapperBody(Rollout r) throws JsonProcessingException {
        StringBuilder b = new StringBuilder();
        b.append("{\"components\":").append(JSON.writeValueAsString(r.componentNames()));
        b.append(",\"frames\":[");
        for (int i = 0; i < r.steps().size(); i++) {
            if (i > 0) b.append(',');
            b.append(r.steps().get(i).frame());
        }
        b.append("],\"steps\":[");
        for (int i = 0; i < r.steps().size(); i++) {
            RolloutStep s = r.steps().get(i);
            if (i > 0) b.append(',');
            Double[] components = new Double[s.components().length];
            for (int k = 0; k < components.length; k++) {
                double v = s.components()[k];
                components[k] = Double.isFinite(v) ? v : null;
            }
            b.append("{\"observation\":")
                    .append(JSON.writeValueAsString(s.observation()))
                    .append(",\"action\":")
                    .append(JSON.writeValueAsString(s.action()))
                    .append(",\"reward\":")
                    .append(Double.isFinite(s.reward()) ? Double.toString(s.reward()) : "null")
                    .append(",\"components\":")
                    .append(JSON.writeValueAsString(components))
                    .append(",\"state\":")
                    .append(s.state())
                    .append('}');
        }
        return b.append("]}").toString();
    }

    private static final float[] SPECIAL_FLOATS = {
        0f,
        -0f,
        0.1f,
        1e-45f,
        -1e-38f,
        Float.MIN_NORMAL,
        Float.MAX_VALUE,
        1e7f,
        1e-3f,
        123456.79f,
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY
    };

    private static final double[] SPECIAL_DOUBLES = {
        0,
        -0.0,
        0.1,
        4.9e-324,
        1e-300,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        1e7,
        1e-3,
        0.99075,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };

    @Test
    void theBodyIsTheMappersTextForEveryNumber() throws JsonProcessingException {
        Random random = new Random(22);
        List<RolloutStep> steps = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            boolean special = i < SPECIAL_FLOATS.length;
            float[] observation = new float[4];
            for (int k = 0; k < 4; k++) {
                observation[k] = special
                        ? SPECIAL_FLOATS[(i + k) % SPECIAL_FLOATS.length]
                        : k == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextGaussian();
            }
            float[] action = {special ? SPECIAL_FLOATS[i] : random.nextInt(2)};
            double reward = special ? SPECIAL_DOUBLES[i] : Double.longBitsToDouble(random.nextLong());
            double[] components = {
                special ? SPECIAL_DOUBLES[(i + 1) % SPECIAL_DOUBLES.length] : random.nextDouble(),
                special ? SPECIAL_DOUBLES[(i + 5) % SPECIAL_DOUBLES.length] : -random.nextGaussian() * 1e-6
            };
            String state = "{\"cartPosition\":" + i + ",\"poleAngle\":-0.00123,\"done\":false}";
            String frame = "{\"v\":[" + (i * 0.5) + ",-1.25],\"t\":\"x\\\"y\"}";
            steps.add(new RolloutStep(observation, action, reward, components, state, frame));
        }
        Rollout r = new Rollout(7, List.of("upright", "centred \"q\""), steps, 0.5);
        String body = RolloutJson.body(r, JSON);
        assertEquals(mapperBody(r), body);
        assertEquals(body, RolloutJson.gunzip(RolloutJson.gzip(body)));
    }

    @Test
    void anEmptyRolloutHasEmptyLists() throws JsonProcessingException {
        Rollout r = new Rollout(1, List.of(), List.of(), 0);
        assertEquals("{\"components\":[],\"frames\":[],\"steps\":[]}", RolloutJson.body(r, JSON));
        assertEquals(mapperBody(r), RolloutJson.body(r, JSON));
    }
}
