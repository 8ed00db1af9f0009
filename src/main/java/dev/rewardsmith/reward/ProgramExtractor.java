package dev.rewardsmith.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the reward program in free text as an LLM writes it: the last fenced block holding the reward method, else
 * the whole text; inside it, every method declaration (bare or inside a class) and every class field declared with
 * a modifier (static final constants, and fields the checker then rejects with a reason). Text outside those is
 * blanked to spaces, so line and column in the program are those of the text sent.
 */
final class ProgramExtractor {

    /** Inputs beyond this are refused before any scanning; the program itself is limited far lower. */
    static final int MAX_TEXT_CHARS = 256 * 1024;

    /** A class constant longer than this is not looked for (the whole program is limited to 8 KB). */
    private static final int MAX_FIELD_CHARS = 512;

    /**
     * A method header after its modifiers (skipped by {@link #afterModifiers}). It is tried at identifier starts, so
     * every repetition is bounded and possessive: one attempt costs a bounded number of steps whatever the text,
     * and extraction stays linear in the text's length (an unbounded {@code [\\w$.]*} made "a.a.a..." quadratic).
     */
    private static final Pattern HEADER = Pattern.compile(
            "([A-Za-z_$][\\w$.]{0,255}+(?:\\s{0,64}+<[^<>(){};]{0,256}+>)?+(?:\\s{0,64}+\\[\\s{0,64}+]){0,4}+)"
                    + "\\s{1,256}+([A-Za-z_$][\\w$]{0,255}+)\\s{0,256}+"
                    + "\\(([^(){};]{0,4096}+)\\)\\s{0,256}+(?:throws\\s{1,64}+[\\w$.,\\s]{1,512}+)?+\\{");

    private static final Set<String> MODIFIERS = Set.of(
            "public", "private", "protected", "static", "final", "synchronized", "strictfp", "abstract", "native");

    private static final Set<String> KEYWORDS = Set.of(
            "if",
            "else",
            "for",
            "while",
            "do",
            "return",
            "new",
            "switch",
            "case",
            "catch",
            "try",
            "throw",
            "class",
            "interface",
            "enum",
            "record",
            "public",
            "private",
            "protected",
            "static",
            "final",
            "synchronized",
            "strictfp",
            "abstract",
            "native",
            "throws",
            "extends",
            "implements",
            "import",
            "package",
            "instanceof",
            "yield",
            "default");

    /**
     * The extracted program.
     *
     * @param program the text with everything outside method declarations replaced by spaces (line breaks kept)
     * @param programChars the number of characters inside method declarations
     * @param firstOffset offset of the first method declaration
     */
    record Extraction(String program, int programChars, int firstOffset) {}

    private ProgramExtractor() {}

    /**
     * Returns the extraction, or null when the text holds no entry method (see {@link #expectation}). Fenced
     * blocks are tried from the last one back (a block that only shows how to call the reward is skipped), then
     * the whole text.
     */
    static Extraction extract(String text) {
        for (int[] region : codeRegions(text)) {
            Extraction extraction = extract(text, region);
            if (extraction != null) {
                return extraction;
            }
        }
        return null;
    }

    private static Extraction extract(String text, int[] region) {
        List<int[]> spans = new ArrayList<>();
        boolean entryFound = false;
        Matcher matcher = HEADER.matcher(text);
        int i = region[0];
        int end = region[1];
        while (i < end) {
            char ch = text.charAt(i);
            if (ch == '/' && i + 1 < end && text.charAt(i + 1) == '/') {
                i = lineEnd(text, i, end);
                continue;
            }
            if (ch == '/' && i + 1 < end && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 || close >= end ? end : close + 2;
                continue;
            }
            // a header starts a name, never continues a qualified one: after "a." the attempt at "a" already
            // covered it, so "a.a.a..." costs one attempt, not one per dot
            boolean identifierStart = Character.isJavaIdentifierStart(ch)
                    && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)) && text.charAt(i - 1) != '.');
            if (identifierStart) {
                int typeStart = afterModifiers(text, i, end);
                matcher.region(typeStart, end);
                if (plausibleHeader(text, typeStart, end)
                        && matcher.lookingAt()
                        && !KEYWORDS.contains(matcher.group(1))
                        && !KEYWORDS.contains(matcher.group(2))) {
                    int open = matcher.end() - 1;
                    int close = matchingBrace(text, open, end);
                    spans.add(new int[] {i, close});
                    String name = matcher.group(2);
                    if (name.equals("reward") || matcher.group(3).contains("Components")) {
                        entryFound = true;
                    }
                    i = close;
                    continue;
                }
                if (typeStart > i) {
                    // a class constant (modifiers, type, name, value) is kept for the checker, which decides
                    int fieldEnd = fieldEnd(text, typeStart, end);
                    if (fieldEnd > 0) {
                        spans.add(new int[] {i, fieldEnd});
                        i = fieldEnd;
                        continue;
                    }
                    // no header starts inside a run of modifiers either: they all lead to the same type
                    i = typeStart;
                    continue;
                }
            }
            i++;
        }
        if (!entryFound) {
            return null;
        }
        char[] program = new char[text.length()];
        for (int k = 0; k < program.length; k++) {
            char ch = text.charAt(k);
            program[k] = ch == '\n' || ch == '\r' ? ch : ' ';
        }
        int chars = 0;
        for (int[] span : spans) {
            text.getChars(span[0], span[1], program, span[0]);
            chars += span[1] - span[0];
        }
        return new Extraction(new String(program), chars, spans.get(0)[0]);
    }

    /**
     * A cheap necessary condition for {@link #HEADER} at {@code p}: a type, then a name followed by '(' (or a type
     * going on with '<...>' or '[]'). Most identifier starts in prose fail it after reading two words, so the
     * regular expression, which costs microseconds an attempt, runs only where a header can be.
     */
    private static boolean plausibleHeader(String text, int p, int end) {
        int q = p;
        while (q < end && (Character.isJavaIdentifierPart(text.charAt(q)) || text.charAt(q) == '.')) q++;
        int r = q;
        while (r < end && Character.isWhitespace(text.charAt(r))) r++;
        if (r < end && text.charAt(r) == '<') {
            for (int k = r + 1; k < end && k <= r + 257; k++) {
                char ch = text.charAt(k);
                if (ch == '>') return true;
                if (ch == '<' || ch == '(' || ch == ')' || ch == '{' || ch == '}' || ch == ';') return false;
            }
            return false;
        }
        if (r < end && text.charAt(r) == '[') {
            int k = r + 1;
            while (k < end && Character.isWhitespace(text.charAt(k))) k++;
            return k < end && text.charAt(k) == ']';
        }
        if (r == q || r >= end || !Character.isJavaIdentifierStart(text.charAt(r))) return false;
        int t = r;
        while (t < end && Character.isJavaIdentifierPart(text.charAt(t))) t++;
        while (t < end && Character.isWhitespace(text.charAt(t))) t++;
        return t < end && text.charAt(t) == '(';
    }

    /**
     * The end (past its ';') of a field declaration whose type starts at {@code p} after modifiers: a type, a name,
     * then '=', ',' or ';', and its value up to the ';' outside brackets; -1 when the text is not one. Bounded to
     * {@value #MAX_FIELD_CHARS} characters, so extraction stays linear.
     */
    private static int fieldEnd(String text, int p, int end) {
        int limit = Math.min(end, p + MAX_FIELD_CHARS);
        int q = p;
        while (q < limit && (Character.isJavaIdentifierPart(text.charAt(q)) || text.charAt(q) == '.')) q++;
        if (q == p) return -1;
        int r = skipSpaces(text, q, limit);
        while (r < limit && text.charAt(r) == '[') {
            r = skipSpaces(text, r + 1, limit);
            if (r >= limit || text.charAt(r) != ']') return -1;
            r = skipSpaces(text, r + 1, limit);
        }
        if (r == q || r >= limit || !Character.isJavaIdentifierStart(text.charAt(r))) return -1;
        while (r < limit && Character.isJavaIdentifierPart(text.charAt(r))) r++;
        r = skipSpaces(text, r, limit);
        if (r >= limit || "=,;".indexOf(text.charAt(r)) < 0) return -1;
        int depth = 0;
        for (int k = r; k < limit; k++) {
            char ch = text.charAt(k);
            if (ch == '"' || ch == '\'') {
                k = literalEnd(text, k, limit) - 1;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                if (--depth < 0) return -1;
            } else if (ch == ';' && depth == 0) {
                return k + 1;
            }
        }
        return -1;
    }

    private static int skipSpaces(String text, int from, int limit) {
        int k = from;
        while (k < limit && Character.isWhitespace(text.charAt(k))) k++;
        return k;
    }

    /** Where the type of a header starting at {@code start} would begin: past the modifier words and their spaces. */
    private static int afterModifiers(String text, int start, int end) {
        int p = start;
        while (true) {
            int q = p;
            while (q < end && Character.isJavaIdentifierPart(text.charAt(q))) q++;
            int next = q;
            while (next < end && Character.isWhitespace(text.charAt(next))) next++;
            if (q == p || next == q || q - p > 12 || !MODIFIERS.contains(text.substring(p, q))) return p;
            p = next;
        }
    }

    /** The message of the EXTRACT problem when no entry method is found. */
    static String expectation(String stateName) {
        return "no reward method found: expected a method `double reward(" + stateName
                + " s, Components c) { ... }` (bare, in a class, or in a ```java fenced block), with any helper"
                + " methods beside it";
    }

    /** [start, end) of the places to look for code: fenced blocks from the last to the first, then the text. */
    private static List<int[]> codeRegions(String text) {
        List<int[]> blocks = new ArrayList<>();
        int lineStart = 0;
        int contentStart = -1;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String trimmed = text.substring(lineStart, lineEnd).strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                if (contentStart < 0) {
                    contentStart = Math.min(lineEnd + 1, text.length());
                } else {
                    blocks.add(new int[] {contentStart, lineStart});
                    contentStart = -1;
                }
            }
            lineStart = lineEnd + 1;
        }
        if (contentStart >= 0) {
            blocks.add(new int[] {contentStart, text.length()});
        }
        List<int[]> regions = new ArrayList<>();
        for (int b = blocks.size() - 1; b >= 0; b--) {
            regions.add(blocks.get(b));
        }
        regions.add(new int[] {0, text.length()});
        return regions;
    }

    private static int lineEnd(String text, int from, int end) {
        int newline = text.indexOf('\n', from);
        return newline < 0 || newline >= end ? end : newline;
    }

    /** Offset just past the brace matching the one at {@code open}, skipping comments and literals; else end. */
    private static int matchingBrace(String text, int open, int end) {
        int depth = 0;
        int i = open;
        while (i < end) {
            char ch = text.charAt(i);
            if (ch == '/' && i + 1 < end && text.charAt(i + 1) == '/') {
                i = lineEnd(text, i, end);
                continue;
            }
            if (ch == '/' && i + 1 < end && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 || close >= end ? end : close + 2;
                continue;
            }
            if (ch == '"' || ch == '\'') {
                i = literalEnd(text, i, end);
                continue;
            }
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return end;
    }

    private static int literalEnd(String text, int start, int end) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < end) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == quote || ch == '\n') {
                return i + 1;
            }
            i++;
        }
        return end;
    }
}
