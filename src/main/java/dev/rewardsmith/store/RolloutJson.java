package dev.rewardsmith.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
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
import java.io.StringWriter;
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

    /**
     * The body, written by one generator of {@code json}'s factory (numbers as the mapper writes them; frames and
     * states embedded raw): a rollout of 1,500 steps had been three mapper calls per step.
     */
    static String body(Rollout r, ObjectMapper json) {
        StringWriter out = new StringWriter(256 * (r.steps().size() + 1));
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("components");
            g.writeObject(r.componentNames());
            g.writeFieldName("frames");
            g.writeStartArray();
            for (RolloutStep s : r.steps()) g.writeRawValue(s.frame());
            g.writeEndArray();
            g.writeFieldName("steps");
            g.writeStartArray();
            for (RolloutStep s : r.steps()) {
                g.writeStartObject();
                g.writeFieldName("observation");
                floats(g, s.observation());
                g.writeFieldName("action");
                floats(g, s.action());
                g.writeFieldName("reward");
                g.writeRawValue(Double.isFinite(s.reward()) ? Double.toString(s.reward()) : "null");
                g.writeFieldName("components");
                g.writeStartArray();
                for (double v : s.components()) {
                    if (Double.isFinite(v)) g.writeNumber(v);
                    else g.writeNull();
                }
                g.writeEndArray();
                g.writeFieldName("state");
                g.writeRawValue(s.state());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void floats(JsonGenerator g, float[] values) throws IOException {
        g.writeStartArray();
        for (float v : values) g.writeNumber(v);
        g.writeEndArray();
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
