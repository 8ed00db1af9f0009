package dev.rewardsmith.search;

import dev.rewardsmith.reward.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * How a failed program is shown to a model (docs/llm.md, Repair): the text with numbered lines, so every
 * problem's line:col points at a visible line, and each problem with the line it points at quoted.
 */
public final class ProgramFailures {

    /** Lines of a program quoted at most; a longer text is cut with a note. */
    public static final int MAX_QUOTED_LINES = 200;

    /** Characters of one quoted line at most. */
    static final int MAX_LINE_CHARS = 200;

    private ProgramFailures() {}

    /**
     * {@code text} with each line prefixed by its 1-based number ({@code "  3 | double x = ...;"}); no fence, so
     * fences inside the text stay as they are. Empty text gives {@code "(empty answer)"}.
     */
    public static String numbered(String text) {
        if (text == null || text.isBlank()) return "(empty answer)";
        String[] lines = text.split("\r\n|\r|\n", -1);
        int count = lines.length;
        while (count > 1 && lines[count - 1].isBlank()) count--;
        int shown = Math.min(count, MAX_QUOTED_LINES);
        int width = String.valueOf(shown).length();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i > 0) b.append('\n');
            String number = String.valueOf(i + 1);
            b.append(" ".repeat(width - number.length()))
                    .append(number)
                    .append(" | ")
                    .append(cut(lines[i]));
        }
        if (count > shown) b.append("\n(").append(count - shown).append(" more lines not shown)");
        return b.toString();
    }

    /**
     * One line per problem: {@code "3:9 message"}, then, when the problem has a line, that line of {@code text}
     * quoted ({@code "    line 3: double x = s.foo;"}).
     */
    public static List<String> problems(String text, List<Problem> problems) {
        String[] lines = text == null ? new String[0] : text.split("\r\n|\r|\n", -1);
        List<String> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            StringBuilder b = new StringBuilder();
            b.append(p.line()).append(':').append(p.column()).append(' ').append(p.message());
            if (p.line() >= 1 && p.line() <= lines.length) {
                b.append("\n    line ").append(p.line()).append(": ").append(cut(lines[p.line() - 1].strip()));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** A failed program for a prompt: a heading, the numbered text, then its problems as "- " items. */
    public static String block(String heading, String text, List<Problem> problems) {
        StringBuilder b = new StringBuilder(heading).append('\n').append(numbered(text));
        if (!problems.isEmpty()) {
            b.append("\nProblems:");
            for (String p : problems(text, problems)) b.append("\n- ").append(p);
        }
        return b.toString();
    }

    private static String cut(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " ...";
    }
}
