package dev.rewardsmith.task;

import java.util.List;
import java.util.Locale;

/**
 * One picture of a state as drawing primitives in world coordinates, with the viewport (world rectangle) that
 * the player maps to the canvas. Serializes to compact JSON for rollouts and previews.
 */
public record Frame(double xMin, double yMin, double xMax, double yMax, List<Shape> shapes) {

    public Frame {
        if (!(xMin < xMax) || !(yMin < yMax)) throw new IllegalArgumentException("empty viewport");
        shapes = List.copyOf(shapes);
    }

    /** A drawing primitive; colours are CSS colour strings. */
    public sealed interface Shape {}

    public record Line(double x1, double y1, double x2, double y2, double width, String color) implements Shape {}

    public record Circle(double x, double y, double radius, String fill, String stroke) implements Shape {}

    /** Axis-aligned before rotation by {@code angle} radians (counter-clockwise) about its centre. */
    public record Rect(double x, double y, double width, double height, double angle, String fill) implements Shape {}

    /** Closed polygon through the points (x0, y0, x1, y1, ...). */
    public record Polygon(double[] points, String fill, String stroke) implements Shape {}

    public record Text(double x, double y, double size, String text, String color) implements Shape {}

    /**
     * Compact JSON: {@code {"v":[xMin,yMin,xMax,yMax],"s":[["l",x1,y1,x2,y2,w,"c"],["c",x,y,r,"f","s"],
     * ["r",x,y,w,h,a,"f"],["p",[x0,y0,...],"f","s"],["t",x,y,size,"text","c"]]}}; numbers with 4 decimals.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(64 + 48 * shapes.size());
        b.append("{\"v\":[");
        num(b, xMin).append(',');
        num(b, yMin).append(',');
        num(b, xMax).append(',');
        num(b, yMax).append("],\"s\":[");
        for (int i = 0; i < shapes.size(); i++) {
            if (i > 0) b.append(',');
            switch (shapes.get(i)) {
                case Line l -> {
                    b.append("[\"l\",");
                    num(b, l.x1).append(',');
                    num(b, l.y1).append(',');
                    num(b, l.x2).append(',');
                    num(b, l.y2).append(',');
                    num(b, l.width).append(',');
                    str(b, l.color).append(']');
                }
                case Circle c -> {
                    b.append("[\"c\",");
                    num(b, c.x).append(',');
                    num(b, c.y).append(',');
                    num(b, c.radius).append(',');
                    str(b, c.fill).append(',');
                    str(b, c.stroke).append(']');
                }
                case Rect r -> {
                    b.append("[\"r\",");
                    num(b, r.x).append(',');
                    num(b, r.y).append(',');
                    num(b, r.width).append(',');
                    num(b, r.height).append(',');
                    num(b, r.angle).append(',');
                    str(b, r.fill).append(']');
                }
                case Polygon p -> {
                    b.append("[\"p\",[");
                    for (int k = 0; k < p.points.length; k++) {
                        if (k > 0) b.append(',');
                        num(b, p.points[k]);
                    }
                    b.append("],");
                    str(b, p.fill).append(',');
                    str(b, p.stroke).append(']');
                }
                case Text t -> {
                    b.append("[\"t\",");
                    num(b, t.x).append(',');
                    num(b, t.y).append(',');
                    num(b, t.size).append(',');
                    str(b, t.text).append(',');
                    str(b, t.color).append(']');
                }
            }
        }
        return b.append("]}").toString();
    }

    /**
     * Appends v as {@code String.format("%.4f")} with trailing zeros (and a lone {@code -0}) trimmed. The
     * formatter is the slowest part of recording a rollout, so numbers below 1e7 are rounded in integer
     * arithmetic; the result is the formatter's unless v * 10^4 lies within 10^-3 of a rounding tie (the
     * product and the formatter's decimal digits are both within 3e-5 of the exact value there), and those
     * numbers still go through the formatter.
     */
    static StringBuilder num(StringBuilder b, double v) {
        if (!Double.isFinite(v)) return b.append('0');
        double magnitude = Math.abs(v);
        if (magnitude < 1e7) {
            double scaled = magnitude * 10_000;
            double whole = Math.floor(scaled);
            double fraction = scaled - whole;
            if (Math.abs(fraction - 0.5) > 1e-3) {
                long units = (long) whole + (fraction > 0.5 ? 1 : 0);
                if (units == 0) return b.append('0');
                if (v < 0) b.append('-');
                b.append(units / 10_000);
                int decimals = (int) (units % 10_000);
                if (decimals == 0) return b;
                int digits = 4;
                while (decimals % 10 == 0) {
                    decimals /= 10;
                    digits--;
                }
                b.append('.');
                for (int scale = 10; digits > 1; digits--, scale *= 10) {
                    if (decimals < scale) b.append('0');
                }
                return b.append(decimals);
            }
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        // trim trailing zeros: 1.5000 -> 1.5, 2.0000 -> 2
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        if (end > 0 && s.charAt(end - 1) == '.') end--;
        String t = s.substring(0, end);
        return b.append(t.equals("-0") ? "0" : t);
    }

    private static StringBuilder str(StringBuilder b, String s) {
        if (s == null) return b.append("null");
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"');
    }
}
