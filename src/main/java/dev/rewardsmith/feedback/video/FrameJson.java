package dev.rewardsmith.feedback.video;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewardsmith.task.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads frames back from their compact JSON ({@link Frame#toJson()}) with the checks of the browser's
 * {@code parseFrame} (webui/src/frame.ts), plus colours the painter understands, so a stored rollout is parsed
 * and validated once before any drawing.
 */
public final class FrameJson {

    private FrameJson() {}

    /** Every frame of a JSON array; throws InvalidFrameException naming the first problem. */
    public static List<Frame> parseAll(JsonNode frames) {
        if (frames == null || !frames.isArray()) throw new InvalidFrameException("frames must be an array");
        List<Frame> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) out.add(parse(frames.get(i), "frame " + i));
        return out;
    }

    /** One frame; {@code where} prefixes the problem ("frame 12: s[3][6] ..."). */
    public static Frame parse(JsonNode frame, String where) {
        if (frame == null || !frame.isObject()) throw fail(where, "frame", "must be an object");
        JsonNode v = frame.get("v");
        if (v == null || !v.isArray() || v.size() != 4) throw fail(where, "v", "must be [xMin, yMin, xMax, yMax]");
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) box[i] = number(v.get(i), where, "v[" + i + "]");
        if (!(box[0] < box[2]) || !(box[1] < box[3])) {
            throw fail(where, "v", "must have xMin < xMax and yMin < yMax");
        }
        JsonNode s = frame.get("s");
        if (s == null || !s.isArray()) throw fail(where, "s", "must be an array of shapes");
        List<Frame.Shape> shapes = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) shapes.add(shape(s.get(i), where, "s[" + i + "]"));
        return new Frame(box[0], box[1], box[2], box[3], shapes);
    }

    private static Frame.Shape shape(JsonNode shape, String where, String at) {
        if (shape == null
                || !shape.isArray()
                || shape.isEmpty()
                || !shape.get(0).isTextual()) {
            throw fail(where, at, "must be an array starting with \"l\", \"c\", \"r\", \"p\" or \"t\"");
        }
        String kind = shape.get(0).asText();
        int arity =
                switch (kind) {
                    case "l", "r" -> 7;
                    case "c", "t" -> 6;
                    case "p" -> 4;
                    default ->
                        throw fail(where, at, "must be an array starting with \"l\", \"c\", \"r\", \"p\" or \"t\"");
                };
        if (shape.size() != arity) throw fail(where, at, "(\"" + kind + "\") must have " + arity + " elements");
        if (kind.equals("p")) return polygon(shape, where, at);
        // every other kind starts with 3 or 5 numbers
        double[] n = new double[arity == 7 ? 5 : 3];
        for (int k = 0; k < n.length; k++) n[k] = number(shape.get(k + 1), where, at + "[" + (k + 1) + "]");
        return switch (kind) {
            case "l" -> new Frame.Line(n[0], n[1], n[2], n[3], n[4], paint(shape, 6, where, at));
            case "r" -> new Frame.Rect(n[0], n[1], n[2], n[3], n[4], paint(shape, 6, where, at));
            case "c" -> new Frame.Circle(n[0], n[1], n[2], paint(shape, 4, where, at), paint(shape, 5, where, at));
            default -> {
                JsonNode text = shape.get(4);
                if (!text.isTextual()) throw fail(where, at + "[4]", "must be a string");
                yield new Frame.Text(n[0], n[1], n[2], text.asText(), paint(shape, 5, where, at));
            }
        };
    }

    private static Frame.Polygon polygon(JsonNode shape, String where, String at) {
        JsonNode points = shape.get(1);
        if (!points.isArray() || points.size() < 4 || points.size() % 2 != 0) {
            throw fail(where, at + "[1]", "must be [x0, y0, x1, y1, ...] with at least two points");
        }
        double[] xy = new double[points.size()];
        for (int k = 0; k < xy.length; k++) xy[k] = number(points.get(k), where, at + "[1][" + k + "]");
        return new Frame.Polygon(xy, paint(shape, 2, where, at), paint(shape, 3, where, at));
    }

    private static double number(JsonNode value, String where, String at) {
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw fail(where, at, "must be a finite number");
        }
        return value.asDouble();
    }

    private static String paint(JsonNode shape, int index, String where, String at) {
        JsonNode value = shape.get(index);
        if (value.isNull()) return null;
        if (!value.isTextual()) throw fail(where, at + "[" + index + "]", "must be a colour string or null");
        try {
            CssColor.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw fail(where, at + "[" + index + "]", e.getMessage());
        }
        return value.asText();
    }

    private static InvalidFrameException fail(String where, String at, String problem) {
        return new InvalidFrameException("Invalid frame: " + where + ": " + at + " " + problem);
    }
}
