package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The security boundary under mutation: valid corpus programs, randomly damaged (lines dropped or duplicated,
 * characters deleted, hostile snippets inserted), are either rejected or compile to functions that evaluate on
 * random states without throwing. Nothing may escape compile() as an exception.
 */
class RewardFuzzTest {

    private static final List<String> SNIPPETS = List.of(
            "while (true) {}",
            "s.goal[5]",
            "s.goal3[i + 2]",
            "1 / 0",
            "s.step % 0",
            "1e308 * 1e308",
            "Math.pow(-1.0, 0.5)",
            "new double[3]",
            "System.exit(1);",
            "for (int i = 0; i < 64; i++) { for (int j = 0; j < 64; j++) {} }",
            "return;",
            "break;",
            "i = 0;",
            "(int) 2.5",
            "\"x\"",
            "s.terminated + 1",
            "Math.clamp(1.0, 2.0, 0.0)",
            "c.put(\"z\", 1.0);",
            "reward(s, c)",
            "Math.round(s.poleAngle)",
            "-0x80000000 / -1",
            "{",
            "}",
            ";",
            "(",
            ")",
            "int k = 3;");

    @Test
    void mutatedProgramsAreRejectedOrRunSafely() {
        RewardCompiler compiler = new RewardCompiler();
        Random random = new Random(7);
        List<Corpus.Entry> valid = new ArrayList<>();
        for (Corpus.Entry entry : Corpus.entries()) {
            if (entry.valid()) {
                valid.add(entry);
            }
        }
        int accepted = 0;
        int mutations = 600;
        for (int m = 0; m < mutations; m++) {
            Corpus.Entry entry = valid.get(random.nextInt(valid.size()));
            String text = mutate(entry.text(), random);
            CompileResult result;
            try {
                result = compiler.compile(text, entry.stateType());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("compile threw on:\n" + text, e);
            }
            if (result instanceof CompileResult.Compiled compiled) {
                accepted++;
                RewardFunction function = compiled.reward().function();
                double[] components =
                        new double[compiled.reward().componentNames().size()];
                for (int k = 0; k < 20; k++) {
                    try {
                        function.evaluate(Corpus.randomState(entry.stateType(), random), components);
                    } catch (RuntimeException | Error e) {
                        fail("accepted program threw " + e + ":\n"
                                + compiled.reward().source());
                    }
                }
            }
        }
        // some mutations must survive, or the check above tested nothing
        assertTrue(accepted > 20 && accepted < mutations, "accepted " + accepted + " of " + mutations);
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, " " + SNIPPETS.get(random.nextInt(SNIPPETS.size())) + " ");
                case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(6)));
                case 2 -> {
                    int lineStart = out.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int lineEnd = out.indexOf("\n", at);
                    if (lineEnd > lineStart) {
                        out.insert(lineStart, out.substring(lineStart, lineEnd + 1));
                    }
                }
                default -> {
                    int lineStart = out.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int lineEnd = out.indexOf("\n", at);
                    if (lineEnd > lineStart) {
                        out.delete(lineStart, lineEnd + 1);
                    }
                }
            }
        }
        return out.toString();
    }
}
