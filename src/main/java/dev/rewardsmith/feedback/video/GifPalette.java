package dev.rewardsmith.feedback.video;

import java.awt.Color;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One 256-colour palette for a whole GIF, made from the colours the frames use: each opaque colour exactly, plus
 * its blends with the background (the antialiased edges), so solid areas keep their exact colour. Pixels map to
 * the nearest entry through a small cache; ImageIO's per-picture octree quantizer took 20 ms a picture.
 */
final class GifPalette {

    /** Blend steps between each colour and the background (edges of antialiased shapes and text). */
    private static final int BLENDS = 7;

    private static final int SIZE = 256;

    private final int[] rgb;
    private final int count;
    private final int[] cacheKeys = new int[1 << 12];
    private final byte[] cacheValues = new byte[1 << 12];

    GifPalette(Collection<Color> colours, Color background) {
        Set<Integer> entries = new LinkedHashSet<>();
        entries.add(background.getRGB() & 0xffffff);
        for (Color c : colours) entries.add(opaque(c, background));
        int exact = entries.size();
        int blends = Math.max(0, Math.min(BLENDS, (SIZE - exact) / Math.max(1, exact - 1)));
        for (Color c : colours) {
            int solid = opaque(c, background);
            for (int step = 1; step <= blends && entries.size() < SIZE; step++) {
                entries.add(mix(solid, background.getRGB(), step / (blends + 1.0)));
            }
        }
        if (entries.size() > SIZE) {
            // more colours than a GIF holds: a uniform 6 x 6 x 6 cube and grey ramp
            entries.clear();
            for (int r = 0; r < 6; r++) {
                for (int g = 0; g < 6; g++) {
                    for (int b = 0; b < 6; b++) entries.add((51 * r) << 16 | (51 * g) << 8 | 51 * b);
                }
            }
            for (int i = 0; entries.size() < SIZE && i < 256; i += 6) entries.add(i << 16 | i << 8 | i);
        }
        count = entries.size();
        rgb = new int[SIZE];
        int i = 0;
        for (int e : entries) rgb[i++] = e;
        Arrays.fill(cacheKeys, -1);
    }

    IndexColorModel colorModel() {
        return new IndexColorModel(8, SIZE, rgb, 0, false, -1, java.awt.image.DataBuffer.TYPE_BYTE);
    }

    /** Maps {@code pixels} (0xRRGGBB) to palette indices in {@code out}; modifies only {@code out}. */
    void index(int[] pixels, byte[] out) {
        int last = -1;
        byte lastIndex = 0;
        for (int p = 0; p < pixels.length; p++) {
            int c = pixels[p] & 0xffffff;
            if (c != last) {
                last = c;
                lastIndex = lookup(c);
            }
            out[p] = lastIndex;
        }
    }

    /** The RGB of palette entry {@code index}. */
    int rgb(int index) {
        return rgb[index];
    }

    private byte lookup(int c) {
        int slot = (c * 0x9E3779B1) >>> 20;
        if (cacheKeys[slot] == c) return cacheValues[slot];
        byte nearest = nearest(c);
        cacheKeys[slot] = c;
        cacheValues[slot] = nearest;
        return nearest;
    }

    private byte nearest(int c) {
        int r = c >> 16 & 255;
        int g = c >> 8 & 255;
        int b = c & 255;
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int dr = r - (rgb[i] >> 16 & 255);
            int dg = g - (rgb[i] >> 8 & 255);
            int db = b - (rgb[i] & 255);
            // weights of the eye's sensitivity (approximately 0.3, 0.59, 0.11)
            int d = 3 * dr * dr + 6 * dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
                if (d == 0) break;
            }
        }
        return (byte) best;
    }

    private static int opaque(Color c, Color background) {
        return mix(c.getRGB(), background.getRGB(), 1 - c.getAlpha() / 255.0);
    }

    /** {@code a} moved {@code t} of the way towards {@code b}. */
    private static int mix(int a, int b, double t) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int x = a >> shift & 255;
            int y = b >> shift & 255;
            out |= (int) Math.round(x + (y - x) * t) << shift;
        }
        return out;
    }
}
