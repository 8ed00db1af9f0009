package dev.rewardsmith.feedback.video;

import java.awt.Color;
import java.util.Locale;
import java.util.Map;

/**
 * The CSS colour strings frames use, as AWT colours: {@code #rgb}, {@code #rgba}, {@code #rrggbb},
 * {@code #rrggbbaa}, {@code rgb(...)} / {@code rgba(...)} (commas or spaces, alpha as a number or a percentage),
 * {@code transparent} and the sixteen basic named colours plus {@code orange}. The tasks' renderers use hex only;
 * anything else a browser would accept is rejected with a message rather than drawn differently.
 */
public final class CssColor {

    private static final Map<String, Color> NAMED = Map.ofEntries(
            Map.entry("transparent", new Color(0, 0, 0, 0)),
            Map.entry("black", new Color(0x000000)),
            Map.entry("silver", new Color(0xc0c0c0)),
            Map.entry("gray", new Color(0x808080)),
            Map.entry("grey", new Color(0x808080)),
            Map.entry("white", new Color(0xffffff)),
            Map.entry("maroon", new Color(0x800000)),
            Map.entry("red", new Color(0xff0000)),
            Map.entry("purple", new Color(0x800080)),
            Map.entry("fuchsia", new Color(0xff00ff)),
            Map.entry("green", new Color(0x008000)),
            Map.entry("lime", new Color(0x00ff00)),
            Map.entry("olive", new Color(0x808000)),
            Map.entry("yellow", new Color(0xffff00)),
            Map.entry("navy", new Color(0x000080)),
            Map.entry("blue", new Color(0x0000ff)),
            Map.entry("teal", new Color(0x008080)),
            Map.entry("aqua", new Color(0x00ffff)),
            Map.entry("orange", new Color(0xffa500)));

    private CssColor() {}

    /** The colour {@code css} names; throws IllegalArgumentException saying which forms are understood. */
    public static Color parse(String css) {
        String s = css.strip().toLowerCase(Locale.ROOT);
        Color named = NAMED.get(s);
        if (named != null) return named;
        try {
            if (s.startsWith("#")) return hex(s.substring(1));
            if (s.startsWith("rgb(") || s.startsWith("rgba(")) return rgb(s);
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("unsupported colour '" + css
                + "' (use #rgb, #rrggbb, #rrggbbaa, rgb(r, g, b), rgba(r, g, b, a) or a basic colour name)");
    }

    private static Color hex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) throw new NumberFormatException(digits);
        }
        return switch (digits.length()) {
            case 3, 4 -> {
                int[] c = new int[4];
                c[3] = 255;
                for (int i = 0; i < digits.length(); i++) c[i] = 17 * Character.digit(digits.charAt(i), 16);
                yield new Color(c[0], c[1], c[2], c[3]);
            }
            case 6 -> new Color(Integer.parseInt(digits, 16));
            case 8 -> {
                long v = Long.parseLong(digits, 16);
                yield new Color((int) (v >> 24) & 255, (int) (v >> 16) & 255, (int) (v >> 8) & 255, (int) v & 255);
            }
            default -> throw new NumberFormatException(digits);
        };
    }

    private static Color rgb(String s) {
        if (!s.endsWith(")")) throw new NumberFormatException(s);
        String inner = s.substring(s.indexOf('(') + 1, s.length() - 1).strip();
        String[] parts = inner.contains(",") ? inner.split("\\s*,\\s*") : inner.split("\\s*/\\s*|\\s+");
        if (parts.length != 3 && parts.length != 4) throw new NumberFormatException(s);
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            double v = parts[i].endsWith("%")
                    ? 2.55 * Double.parseDouble(parts[i].substring(0, parts[i].length() - 1))
                    : Double.parseDouble(parts[i]);
            c[i] = clamp(Math.round(v));
        }
        int alpha = 255;
        if (parts.length == 4) {
            String a = parts[3];
            double v =
                    a.endsWith("%") ? Double.parseDouble(a.substring(0, a.length() - 1)) / 100 : Double.parseDouble(a);
            alpha = clamp(Math.round(255 * v));
        }
        return new Color(c[0], c[1], c[2], alpha);
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
