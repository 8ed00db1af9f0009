package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Extraction is linear in the text's length (issue 17: "```\n" + "a." * 30000 did not answer in 60 s). Each
 * adversarial text is 64 KB; the bound of 100 ms per text is the issue's; warmed up, the best of three takes 1-11 ms
 * here), so the check cannot flake on a loaded machine unless extraction is super-linear again.
 */
class ProgramExtractorLimitsTest {

    private static final int SIZE = 64 * 1024;

    private static String repeat(String prefix, String unit) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() + unit.length() <= SIZE) b.append(unit);
        return b.toString();
    }

    @Test
    void adversarialTextsOf64KbAreExtractedInUnder100Ms() {
        List<String> texts = List.of(
                repeat("```\n", "a."),
                repeat("", "a."),
                repeat("", "public "),
                repeat("", "a<"),
                repeat("", "a "),
                repeat("double reward(", "a "),
                repeat("", "a b("),
                repeat("", "double reward(CartPoleState s, Components c) throws "),
                repeat("", "```\n"),
                repeat("", "a[]"),
                repeat("", "a b "),
                repeat("", "a b ("),
                repeat("", "a<b> "),
                repeat("", "a<b> c "),
                repeat("", "\t"),
                repeat("", "static a b = "),
                repeat("", "private static final double x = ("),
                repeat("", "final a[] b = {"));
        for (String text : texts) {
            assertTrue(text.length() > SIZE - 64);
            for (int i = 0; i < 5; i++) ProgramExtractor.extract(text); // warm up the JIT on this shape
            long ns = Long.MAX_VALUE;
            ProgramExtractor.Extraction e = null;
            for (int i = 0; i < 3; i++) { // the best of three: the cost of the text, not of a busy machine
                long t0 = System.nanoTime();
                e = ProgramExtractor.extract(text);
                ns = Math.min(ns, System.nanoTime() - t0);
            }
            long ms = ns / 1_000_000;
            System.out.printf(
                    "extraction of 64 KB %-12s %.2f ms%n",
                    "'" + text.substring(0, 6).replace("\n", "\\n") + "'", ns / 1e6);
            assertTrue(ms < 100, "took " + ms + " ms on " + text.substring(0, 24) + "...");
            assertNull(e, "no reward method in " + text.substring(0, 24));
        }
    }

    @Test
    void boundedHeaderStillFindsOrdinaryMethods() {
        String text = "Here it is:\n```java\npublic static double reward(CartPoleState s, Components c) {\n"
                + "    return helper(s.poleAngle);\n}\nprivate static double helper(double x) throws Exception {"
                + " return -x * x; }\n```\n";
        ProgramExtractor.Extraction e = ProgramExtractor.extract(text);
        assertNotNull(e);
        assertEquals(text.indexOf("public static double reward"), e.firstOffset());
        assertTrue(e.program().contains("private static double helper(double x)"));
        assertEquals(text.length(), e.program().length(), "positions kept");
    }
}
