package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frame JSON numbers are written as before the fast path: {@code %.4f} with trailing zeros and "-0" trimmed. */
class FrameNumbersTest {

    /** The formatting Frame used before (String.format, then trimming), as the oracle. */
    private static String formatted(double v) {
        if (!Double.isFinite(v)) return "0";
        String s = String.format(Locale.ROOT, "%.4f", v);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        if (end > 0 && s.charAt(end - 1) == '.') end--;
        String t = s.substring(0, end);
        return t.equals("-0") ? "0" : t;
    }

    private static String fast(double v) {
        return Frame.num(new StringBuilder(), v).toString();
    }

    @Test
    void chosenNumbers() {
        assertEquals("0", fast(0.0));
        assertEquals("0", fast(-0.0));
        assertEquals("0", fast(-0.00004));
        assertEquals("-0.0001", fast(-0.00006));
        assertEquals("1.5", fast(1.5));
        assertEquals("-2", fast(-2.0));
        assertEquals("0.0005", fast(0.0005));
        assertEquals("0.012", fast(0.012));
        assertEquals("3.1416", fast(Math.PI));
        assertEquals("0", fast(Double.NaN));
        assertEquals("0", fast(Double.POSITIVE_INFINITY));
        assertEquals("12345678.9", fast(12_345_678.9));
        for (double v : List.of(
                0.00005, -0.00005, 1.00005, 0.12345, 2.5e-5, 0.99995, 9_999_999.99995, 1e7, 123.45675, -7.77775)) {
            assertEquals(formatted(v), fast(v), "near a tie: " + v);
        }
    }

    @Test
    void randomNumbersOfEveryScaleMatchTheFormatter() {
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 300_000; k++) {
            double scale = Math.pow(10, random.nextInt(-6, 9));
            double v = random.nextDouble(-1, 1) * scale;
            if (k % 3 == 0) v = Math.round(v * 1e5) / 1e5; // decimal ties of the fourth place
            assertEquals(formatted(v), fast(v), "value " + v);
        }
    }
}
