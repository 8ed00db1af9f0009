package dev.rewardsmith.propose;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the task context's documentation says of one state field, read the way a model reads the state view's
 * source (docs/architecture.md, Proposers): its role in a reward (the error to drive to zero, a success, a
 * failure, the control effort, ...), the scale its documented range gives, and whether the event ends the
 * episode. Only the words of the context are read: the field's name and its doc comment, never the task's id or
 * its human reward. A field whose documentation says nothing usable has the role {@link Role#OTHER}.
 *
 * @param field the field
 * @param role what it means for a reward
 * @param scale its documented magnitude (the largest bound of its range), 1 when none is given
 * @param low the documented range's lower bound, NaN when none is given
 * @param high the documented range's upper bound, NaN when none is given
 * @param goal the documented goal line of a progress field, NaN when none is given
 * @param signed whether it takes negative values (a penalty on it reads its absolute value)
 * @param endsEpisode for booleans: the documentation says the event ends the episode
 */
record FieldReading(
        StateField field,
        Role role,
        double scale,
        double low,
        double high,
        double goal,
        boolean signed,
        boolean endsEpisode) {

    /** What a field means for a reward. */
    enum Role {
        /** A distance or error to a goal, target or upright pose: the reward drives it to zero. */
        ERROR,
        /** A quantity that is best at zero but is not the goal itself (a position from the centre, a tilt). */
        OFFSET,
        /** A quantity to raise: a height with a goal line, a forward distance or speed. */
        PROGRESS,
        /** A velocity in a view whose goal is a height to reach: speed builds the energy to climb (swing-up). */
        MOMENTUM,
        /** A rate that the documentation says should be positive (turning the right way). */
        DIRECTION,
        /** A speed (norm of a velocity): damped by a small penalty. */
        SPEED,
        /** The action or torque just applied: a small effort penalty. */
        CONTROL,
        /** A boolean that marks reaching the goal or a target. */
        SUCCESS,
        /** A boolean that marks a failure or crash. */
        FAILURE,
        /** A boolean that is true while the episode goes on well (false on the step it fails). */
        ALIVE,
        /** Nothing the documentation makes usable. */
        OTHER
    }

    private static final ParserConfiguration PARSER =
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);

    // possessive quantifiers and disjoint alternatives ("a pi", "pi", "a"): linear in a run of digits, however long
    // (a backtracking "(a)?(pi|a)" tried every split of the run, quadratic on a long number with no match)
    private static final String NUMBER = "(-?\\s*+(?:\\d++(?:\\.\\d++)?\\s*+\\*?\\s*+pi|pi|\\d++(?:\\.\\d++)?))";
    private static final Pattern INTERVAL =
            Pattern.compile("[\\[(]\\s*" + NUMBER + "\\s*,\\s*" + NUMBER + "\\s*[)\\]]");
    private static final Pattern BEYOND = Pattern.compile("beyond (?:about )?" + NUMBER + " or " + NUMBER);
    private static final Pattern ABOUT = Pattern.compile("\\(about " + NUMBER + " (?:at|m/s|rad|metres)");
    private static final Pattern GOAL_LINE = Pattern.compile("goal (?:line|height) is at " + NUMBER);

    /** Whether its documented range is known. */
    boolean bounded() {
        return !Double.isNaN(low) && !Double.isNaN(high) && high > low;
    }

    /**
     * Reads every field of the state view named {@code typeName} in {@code context}. Fields without a doc comment
     * (or a context that does not hold the class) read as {@link Role#OTHER}, so a plugin task without sources
     * falls back to the random templates.
     */
    static List<FieldReading> read(String context, String typeName, List<StateField> fields) {
        Map<String, String> docs = docs(context, typeName);
        List<FieldReading> readings = new ArrayList<>(fields.size());
        View view = new View();
        for (StateField f : fields) {
            if (f.kind() != StateField.Kind.DOUBLE) continue;
            String name = f.name().toLowerCase(Locale.ROOT);
            String doc = docs.getOrDefault(f.name(), "");
            if (isError(name, doc)) view.hasError = true;
            if (name.contains("velocity") && doc.contains("forward")) view.forwardVelocity = true;
        }
        for (StateField f : fields) {
            String name = f.name().toLowerCase(Locale.ROOT);
            String doc = docs.getOrDefault(f.name(), "");
            if (f.kind() == StateField.Kind.DOUBLE
                    && !view.hasError
                    && name.contains("height")
                    && doc.contains("goal")) {
                view.heightGoal = true;
            }
        }
        for (StateField f : fields) {
            readings.add(of(f, docs.getOrDefault(f.name(), ""), view));
        }
        return readings;
    }

    /** The doc text (lower case, one line) of each field of the class, by field name. */
    static Map<String, String> docs(String context, String typeName) {
        Map<String, String> docs = new HashMap<>();
        ParseResult<CompilationUnit> parsed;
        try {
            parsed = new JavaParser(PARSER).parse(context);
        } catch (RuntimeException e) {
            return docs;
        }
        if (parsed.getResult().isEmpty()) return docs;
        for (ClassOrInterfaceDeclaration type : parsed.getResult().get().findAll(ClassOrInterfaceDeclaration.class)) {
            if (!type.getNameAsString().equals(typeName)) continue;
            for (FieldDeclaration field : type.getFields()) {
                String text = field.getComment()
                        .map(Comment::getContent)
                        .map(c -> c.replaceAll("(?m)^\\s*\\*", " ")
                                .replaceAll("\\s+", " ")
                                .strip()
                                .toLowerCase(Locale.ROOT))
                        .orElse("");
                for (VariableDeclarator v : field.getVariables()) docs.put(v.getNameAsString(), text);
            }
        }
        return docs;
    }

    /** What the whole view says, which decides some fields' roles. */
    private static final class View {
        /** Some field is a distance or error to a goal. */
        boolean hasError;
        /** Some field is a forward velocity (locomotion): progress is read from it, not from a distance. */
        boolean forwardVelocity;
        /** Some field is a height with a goal line (swing-up). */
        boolean heightGoal;
    }

    private static boolean isError(String name, String doc) {
        boolean named = name.contains("distance") || name.contains("error");
        boolean toGoal = doc.contains("goal")
                || doc.contains("target")
                || doc.contains("waypoint")
                || doc.contains("centre")
                || doc.contains("center");
        return named && toGoal && !doc.contains("forward") || doc.contains("from upright");
    }

    private static FieldReading of(StateField f, String doc, View view) {
        String name = f.name().toLowerCase(Locale.ROOT);
        double[] range = range(doc);
        double scale = range == null ? 1.0 : Math.max(Math.abs(range[0]), Math.abs(range[1]));
        if (!(scale > 0) || Double.isInfinite(scale)) scale = 1.0;
        boolean signed = range == null ? !doc.contains("at least 0") : range[0] < 0;
        boolean ends = doc.contains("ends the episode")
                || doc.contains("episode ends")
                || doc.contains("episode then ends")
                || doc.contains("ends there")
                || doc.contains("ended the episode");
        Role role = doc.isEmpty()
                ? Role.OTHER
                : switch (f.kind()) {
                    case BOOLEAN -> {
                        if (name.contains("success") || name.contains("goal") || name.contains("reached")) {
                            yield Role.SUCCESS;
                        }
                        if (name.contains("fail") || name.contains("crash") || name.contains("fell")) {
                            yield Role.FAILURE;
                        }
                        yield doc.startsWith("true while") ? Role.ALIVE : Role.OTHER;
                    }
                    case DOUBLE_ARRAY -> name.equals("action") ? Role.CONTROL : Role.OTHER;
                    case INT -> Role.OTHER;
                    case DOUBLE -> {
                        if (isError(name, doc)) yield Role.ERROR;
                        // a balancing task without a goal: the upright pose is the error to drive to zero
                        if (!view.hasError && doc.contains("0 is upright")) yield Role.ERROR;
                        if (doc.contains("positive rates") || doc.contains("advance at positive")) {
                            yield Role.DIRECTION;
                        }
                        if (doc.contains("forward")
                                && (name.contains("velocity") || name.contains("distance") && !view.forwardVelocity)) {
                            yield Role.PROGRESS;
                        }
                        if (!view.hasError && name.contains("height") && doc.contains("goal")) yield Role.PROGRESS;
                        if (view.heightGoal && name.contains("velocity") && range != null) yield Role.MOMENTUM;
                        if (name.contains("deviation")
                                || doc.contains("0 is upright")
                                || doc.contains("0 is the centre")
                                || doc.contains("0 = level")
                                || doc.contains("0 is level")) {
                            yield Role.OFFSET;
                        }
                        if (name.endsWith("speed") && (doc.contains("norm") || name.equals("speed"))) {
                            yield Role.SPEED;
                        }
                        yield Role.OTHER;
                    }
                };
        Matcher line = GOAL_LINE.matcher(doc);
        double goal = line.find() ? number(line.group(1)) : Double.NaN;
        return new FieldReading(
                f,
                role,
                scale,
                range == null ? Double.NaN : range[0],
                range == null ? Double.NaN : range[1],
                goal,
                signed,
                ends);
    }

    /** The first documented range: "[a, b]" or "beyond a or b"; null when the doc gives none. */
    static double[] range(String doc) {
        Matcher m = INTERVAL.matcher(doc);
        if (m.find()) return new double[] {number(m.group(1)), number(m.group(2))};
        m = BEYOND.matcher(doc);
        if (m.find()) return new double[] {number(m.group(1)), number(m.group(2))};
        m = ABOUT.matcher(doc);
        if (doc.contains("at least 0") && m.find()) return new double[] {0.0, number(m.group(1))};
        return null;
    }

    /** A documented bound: a decimal, "pi", "-pi", "4 pi" or "2*pi". */
    static double number(String text) {
        String t = text.replace(" ", "").replace("*", "");
        boolean negative = t.startsWith("-");
        if (negative) t = t.substring(1);
        double value;
        if (t.endsWith("pi")) {
            String factor = t.substring(0, t.length() - 2);
            value = (factor.isEmpty() ? 1.0 : Double.parseDouble(factor)) * Math.PI;
        } else {
            value = Double.parseDouble(t);
        }
        return negative ? -value : value;
    }
}
