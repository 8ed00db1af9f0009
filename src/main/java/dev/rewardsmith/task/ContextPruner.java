package dev.rewardsmith.task;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the environment context the proposer reads for a task: the shipped source of its state view and of its
 * vectorized environment, merged into one compilation unit, with the fitness bookkeeping, the renderer, members
 * marked {@link HiddenFromContext}, statements that use them and imports left unused removed. Formatting and
 * comments of what remains are kept as written.
 */
public final class ContextPruner {

    /** Upper bound on the context of a built-in task, in UTF-8 bytes (tested for every registered task). */
    public static final int MAX_CONTEXT_BYTES = 12 * 1024;

    private static final String HIDDEN = HiddenFromContext.class.getSimpleName();

    private static final ParserConfiguration PARSER_CONFIGURATION =
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);

    /**
     * The context of a task: package, imports, then the state view's class, then the environment's class. A class
     * whose source is not shipped (a task from a third-party jar) is replaced by a declaration of its public fields.
     */
    public String context(Task task) {
        Class<?> stateType = topLevel(task.stateType());
        Class<?> envType = topLevel(envClass(task));
        List<String> parts = new ArrayList<>();
        String state = shippedSource(stateType);
        parts.add(prune(state != null ? state : outline(task.stateType())));
        if (envType != stateType) {
            String env = shippedSource(envType);
            if (env != null) parts.add(prune(env));
        }
        return merge(parts);
    }

    /**
     * The class of the task's environments: the return type {@code createEnv} declares when it is a class (no
     * environment is made, so a MuJoCo task's context is there without the library), else one env's class.
     */
    private static Class<?> envClass(Task task) {
        try {
            Class<?> declared = task.getClass()
                    .getMethod("createEnv", int.class, long.class)
                    .getReturnType();
            if (!declared.isInterface() && !java.lang.reflect.Modifier.isAbstract(declared.getModifiers())) {
                return declared;
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(task.id() + " has no createEnv(int, long)", e);
        }
        try (var env = task.createEnv(1, 0L)) {
            return env.getClass();
        }
    }

    /**
     * Prunes one compilation unit: removes members annotated {@code @HiddenFromContext}, methods named
     * {@code fitness*} or {@code render*}, fields named {@code fitness*}, expression statements that use a removed
     * member, and imports no longer used.
     *
     * @throws IllegalArgumentException if {@code source} does not parse
     */
    public String prune(String source) {
        CompilationUnit unit = parse(source);
        List<Node> removals = new ArrayList<>();
        Set<String> removedNames = new HashSet<>();
        for (BodyDeclaration<?> member : unit.findAll(BodyDeclaration.class)) {
            if (isHidden(member) && removals.stream().noneMatch(r -> r.isAncestorOf(member))) {
                removals.add(member);
                removedNames.addAll(declaredNames(member));
            }
        }
        for (ExpressionStmt statement : unit.findAll(ExpressionStmt.class)) {
            if (removals.stream().noneMatch(r -> r.isAncestorOf(statement)) && uses(statement, removedNames)) {
                removals.add(statement);
            }
        }
        String pruned = cut(source, removals);
        CompilationUnit after = parse(pruned);
        Set<String> used = new HashSet<>();
        for (SimpleName name : after.findAll(SimpleName.class)) {
            if (name.findAncestor(ImportDeclaration.class).isEmpty()) used.add(name.getIdentifier());
        }
        for (com.github.javaparser.ast.expr.Name name : after.findAll(com.github.javaparser.ast.expr.Name.class)) {
            if (name.findAncestor(ImportDeclaration.class).isEmpty()) used.add(name.getIdentifier());
        }
        List<Node> unusedImports = new ArrayList<>();
        for (ImportDeclaration imp : after.getImports()) {
            if (!imp.isAsterisk() && !used.contains(imp.getName().getIdentifier())) unusedImports.add(imp);
        }
        String result = tidy(cut(pruned, unusedImports));
        parse(result); // the context must stay valid Java for the reader (and for this check)
        return result;
    }

    private CompilationUnit parse(String source) {
        // A JavaParser instance keeps per-parse state: one per call keeps the pruner safe to share across threads.
        ParseResult<CompilationUnit> result = new JavaParser(PARSER_CONFIGURATION).parse(source);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new IllegalArgumentException("source does not parse: " + result.getProblems());
        }
        return result.getResult().get();
    }

    private static boolean isHidden(BodyDeclaration<?> member) {
        if (member instanceof NodeWithAnnotations<?> annotated
                && annotated.getAnnotations().stream()
                        .anyMatch(a -> a.getName().getIdentifier().equals(HIDDEN))) {
            return true;
        }
        if (member instanceof MethodDeclaration method) {
            String name = method.getNameAsString();
            return name.startsWith("fitness") || name.startsWith("render");
        }
        if (member instanceof FieldDeclaration field) {
            return field.getVariables().stream()
                    .allMatch(v -> v.getNameAsString().startsWith("fitness"));
        }
        return false;
    }

    private static List<String> declaredNames(BodyDeclaration<?> member) {
        List<String> names = new ArrayList<>();
        if (member instanceof MethodDeclaration method) names.add(method.getNameAsString());
        if (member instanceof FieldDeclaration field) {
            for (VariableDeclarator v : field.getVariables()) names.add(v.getNameAsString());
        }
        if (member instanceof TypeDeclaration<?> type) names.add(type.getNameAsString());
        return names;
    }

    /** True if the statement reads, writes or calls a removed member (by simple name, or through {@code this}). */
    private static boolean uses(ExpressionStmt statement, Set<String> removed) {
        if (removed.isEmpty()) return false;
        for (NameExpr name : statement.findAll(NameExpr.class)) {
            if (removed.contains(name.getNameAsString())) return true;
        }
        for (MethodCallExpr call : statement.findAll(MethodCallExpr.class)) {
            boolean own = call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr;
            if (own && removed.contains(call.getNameAsString())) return true;
        }
        for (FieldAccessExpr access : statement.findAll(FieldAccessExpr.class)) {
            if (access.getScope() instanceof ThisExpr && removed.contains(access.getNameAsString())) return true;
        }
        return false;
    }

    /** Deletes each node with its leading comment; a node alone on its lines takes those whole lines with it. */
    private static String cut(String source, List<Node> nodes) {
        if (nodes.isEmpty()) return source;
        int[] lineStarts = lineStarts(source);
        List<int[]> spans = new ArrayList<>();
        for (Node node : nodes) {
            Position begin = node.getBegin().orElseThrow();
            if (node.getComment().isPresent()
                    && node.getComment().get().getBegin().isPresent()) {
                Position commentBegin = node.getComment().get().getBegin().get();
                if (commentBegin.isBefore(begin)) begin = commentBegin;
            }
            Position end = node.getEnd().orElseThrow();
            int from = offset(lineStarts, begin);
            int to = offset(lineStarts, end) + 1;
            int lineFrom = from;
            while (lineFrom > 0 && (source.charAt(lineFrom - 1) == ' ' || source.charAt(lineFrom - 1) == '\t')) {
                lineFrom--;
            }
            int lineTo = to;
            while (lineTo < source.length()
                    && (source.charAt(lineTo) == ' '
                            || source.charAt(lineTo) == '\t'
                            || source.charAt(lineTo) == '\r')) {
                lineTo++;
            }
            boolean wholeLines = (lineFrom == 0 || source.charAt(lineFrom - 1) == '\n')
                    && (lineTo == source.length() || source.charAt(lineTo) == '\n');
            if (wholeLines) {
                from = lineFrom;
                to = Math.min(source.length(), lineTo + 1);
            }
            spans.add(new int[] {from, to});
        }
        spans.sort(Comparator.comparingInt((int[] s) -> s[0]));
        StringBuilder out = new StringBuilder(source.length());
        int at = 0;
        for (int[] span : spans) {
            if (span[0] < at) { // nested or overlapping: the outer span already covers it
                at = Math.max(at, span[1]);
                continue;
            }
            out.append(source, at, span[0]);
            at = span[1];
        }
        return out.append(source, at, source.length()).toString();
    }

    private static int[] lineStarts(String source) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < source.length(); i++) {
            if (source.charAt(i) == '\n') starts.add(i + 1);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int offset(int[] lineStarts, Position p) {
        return lineStarts[p.line - 1] + p.column - 1;
    }

    /** Collapses runs of blank lines (left where members were cut) and drops blank lines before a closing brace. */
    private static String tidy(String source) {
        String[] lines = source.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            boolean blank = lines[i].isBlank();
            if (blank) {
                String previous = out.isEmpty() ? "" : out.get(out.size() - 1);
                int n = i + 1;
                while (n < lines.length && lines[n].isBlank()) n++;
                String next = n < lines.length ? lines[n].strip() : "";
                if (previous.isBlank() || next.startsWith("}")) continue;
                out.add("");
            } else {
                out.add(lines[i]);
            }
        }
        return String.join("\n", out).strip() + "\n";
    }

    /** Joins pruned units into one: the first package, the union of imports, then every unit's types in order. */
    private String merge(List<String> parts) {
        String packageLine = null;
        Set<String> imports = new LinkedHashSet<>();
        StringBuilder types = new StringBuilder();
        for (String part : parts) {
            CompilationUnit unit = parse(part);
            if (packageLine == null && unit.getPackageDeclaration().isPresent()) {
                packageLine = "package " + unit.getPackageDeclaration().get().getNameAsString() + ";";
            }
            for (ImportDeclaration imp : unit.getImports())
                imports.add(imp.toString().strip());
            int[] lineStarts = lineStarts(part);
            int from = part.length();
            for (TypeDeclaration<?> type : unit.getTypes()) {
                Position begin = type.getBegin().orElseThrow();
                if (type.getComment().isPresent()
                        && type.getComment().get().getBegin().isPresent()) {
                    Position c = type.getComment().get().getBegin().get();
                    if (c.isBefore(begin)) begin = c;
                }
                from = Math.min(from, offset(lineStarts, begin));
            }
            if (types.length() > 0) types.append('\n');
            types.append(part.substring(from).strip()).append('\n');
        }
        StringBuilder out = new StringBuilder();
        if (packageLine != null) out.append(packageLine).append("\n\n");
        if (!imports.isEmpty()) out.append(String.join("\n", imports)).append("\n\n");
        out.append(types);
        String merged = out.toString();
        parse(merged);
        return merged;
    }

    private static Class<?> topLevel(Class<?> type) {
        Class<?> t = type;
        while (t.getEnclosingClass() != null) t = t.getEnclosingClass();
        return t;
    }

    private static String shippedSource(Class<?> type) {
        try {
            return TaskResources.source(type);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** A declaration of the public instance fields of a state view (all a reward program may read). */
    private static String outline(Class<?> type) {
        StringBuilder b = new StringBuilder();
        if (type.getPackageName().length() > 0)
            b.append("package ").append(type.getPackageName()).append(";\n\n");
        b.append("/** State view of a task whose source is not shipped: its public fields. */\n");
        b.append("public final class ").append(type.getSimpleName()).append(" {\n");
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            b.append("    public ")
                    .append(f.getType().getSimpleName())
                    .append(' ')
                    .append(f.getName())
                    .append(";\n");
        }
        return b.append("}\n").toString();
    }
}
