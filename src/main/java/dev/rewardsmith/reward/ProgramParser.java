package dev.rewardsmith.reward;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.comments.Comment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses an extracted program as the members of a wrapper class, turning JavaParser's errors into short parse
 * problems at the user's line and column.
 */
final class ProgramParser {

    private static final String WRAPPER = "class RewardProgram {\n";

    /** The parsed unit without comments, or (unit null) the parse problems in source order. */
    record Parsed(CompilationUnit unit, List<Problem> problems) {}

    private ProgramParser() {}

    static Parsed parse(String program) {
        CompilationUnit unit;
        try {
            ParserConfiguration configuration =
                    new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);
            ParseResult<CompilationUnit> result = new JavaParser(configuration).parse(WRAPPER + program + "\n}\n");
            if (!result.isSuccessful() || result.getResult().isEmpty()) {
                List<Problem> parseProblems = new ArrayList<>();
                for (com.github.javaparser.Problem problem : result.getProblems()) {
                    int line = 0;
                    int column = 0;
                    if (problem.getLocation().isPresent()) {
                        var range = problem.getLocation().get().getBegin().getRange();
                        if (range.isPresent()) {
                            line = Math.max(0, range.get().begin.line - 1);
                            column = line == 0 ? 0 : range.get().begin.column;
                        }
                    }
                    parseProblems.add(new Problem(Stage.PARSE, line, column, parseMessage(problem.getMessage())));
                }
                if (parseProblems.isEmpty()) {
                    parseProblems.add(new Problem(Stage.PARSE, 0, 0, "the program could not be parsed as Java"));
                }
                return new Parsed(null, ValidationProblems.sorted(parseProblems));
            }
            unit = result.getResult().get();
        } catch (StackOverflowError e) {
            return new Parsed(
                    null, List.of(new Problem(Stage.PARSE, 0, 0, "the program is nested too deeply to parse")));
        }
        for (Comment comment : unit.getAllContainedComments()) {
            comment.remove();
        }
        return new Parsed(unit, List.of());
    }

    /** JavaParser lists every expected token; keep the first line and a few expectations. */
    private static String parseMessage(String message) {
        String first = message.strip().lines().findFirst().orElse("syntax error");
        int expected = first.indexOf("expected");
        if (expected >= 0) {
            String head = first.substring(0, expected).strip();
            String tail = first.substring(expected + "expected".length()).strip();
            String[] options = tail.replace("one of", "").strip().split("\\s+");
            if (java.util.Arrays.asList(options).contains("\";\"")) {
                java.util.regex.Matcher found =
                        Pattern.compile("Found\\s+(\"[^\"]*\")").matcher(head);
                return "syntax error: expected ;" + (found.find() ? " before " + found.group(1) : "");
            }
            StringBuilder out = new StringBuilder("syntax error: ")
                    .append(head.replace("Parse error. ", ""))
                    .append(" expected ");
            int shown = Math.min(options.length, 8);
            for (int i = 0; i < shown; i++) {
                out.append(i == 0 ? "" : " ").append(options[i]);
            }
            if (options.length > shown) {
                out.append(" ...");
            }
            return out.toString();
        }
        return "syntax error: " + first;
    }
}
