package dev.rewardsmith.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.feedback.video.FrameJson;
import dev.rewardsmith.feedback.video.InvalidFrameException;
import dev.rewardsmith.rl.Rollout;
import dev.rewardsmith.rl.RolloutStep;
import dev.rewardsmith.task.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored form of a rollout: {@code {"components":[...],"frames":[frame, ...],"steps":[{"observation","action",
 * "reward","components","state"}, ...]}} (frames and states are the recorder's JSON, embedded as they are), gzipped.
 */
final class RolloutJson {

    private RolloutJson() {}

    static String body(Rollout r, ObjectMapper json) {
        try {
            StringBuilder b = new StringBuilder(256 * (r.steps().size() + 1));
            b.append("{\"components\":").append(json.writeValueAsString(r.componentNames()));
            b.append(",\"frames\":[");
            for (int i = 0; i < r.steps().size(); i++) {
                if (i > 0) b.append(',');
                b.append(r.steps().get(i).frame());
            }
            b.append("],\"steps\":[");
            for (int i = 0; i < r.steps().size(); i++) {
                RolloutStep s = r.steps().get(i);
                if (i > 0) b.append(',');
                b.append("{\"observation\":")
                        .append(json.writeValueAsString(s.observation()))
                        .append(",\"action\":")
                        .append(json.writeValueAsString(s.action()))
                        .append(",\"reward\":")
                        .append(Double.isFinite(s.reward()) ? Double.toString(s.reward()) : "null")
                        .append(",\"components\":")
                        .append(json.writeValueAsString(finite(s.components())))
                        .append(",\"state\":")
                        .append(s.state())
                        .append('}');
            }
            return b.append("]}").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double[] finite(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Double.isFinite(values[i]) ? values[i] : null;
        return out;
    }

    /** The frames of a stored body, read with a streaming parser that skips the steps. */
    static List<Frame> frames(String body, ObjectMapper json) {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new InvalidFrameException("a stored rollout is not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("frames")) return FrameJson.parseAll(p.readValueAsTree());
                p.skipChildren();
            }
            throw new InvalidFrameException("a stored rollout has no frames");
        } catch (IOException e) {
            throw new IllegalStateException("a stored rollout is unreadable", e);
        }
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static String gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a stored rollout is unreadable", e);
        }
    }
}
