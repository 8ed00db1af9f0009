package dev.rewardsmith.reward;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The front end of the reward language: extraction, parsing and whitelist validation with static types. Every
 * rule that keeps an accepted program from crashing, hanging or escaping is enforced by the passes run here, in
 * order: {@link Declarations}, then per method {@link Signatures} and {@link Statements} (with {@link LoopBounds},
 * {@link LocalVariables}, {@link ComponentPuts} and the {@link ExpressionTypes}), then {@link EvaluationCost}. See
 * docs/architecture.md, The reward language.
 */
final class ProgramChecker {

    static final int MAX_SOURCE_CHARS = 8 * 1024;
    static final int MAX_COMPONENTS = 16;
    static final int MAX_LOOP_ITERATIONS = 64;
    /** Estimated operations per evaluation (loops multiplied out, helper calls inlined). */
    static final long MAX_COST = 200_000;

    static final int MAX_NESTING = 64;
    /** Literals beyond this magnitude only produce overflows; they are rejected as absurd. */
    static final double MAX_LITERAL = 1e12;

    /** The Math methods a program may call; see {@link CallTypes}. */
    static final Set<String> MATH_METHODS = Set.of(
            "abs",
            "min",
            "max",
            "exp",
            "log",
            "log1p",
            "expm1",
            "sqrt",
            "cbrt",
            "pow",
            "hypot",
            "sin",
            "cos",
            "tan",
            "asin",
            "acos",
            "atan",
            "atan2",
            "sinh",
            "cosh",
            "tanh",
            "signum",
            "floor",
            "ceil",
            "round",
            "toRadians",
            "toDegrees",
            "clamp",
            "log10",
            "floorMod",
            "IEEEremainder",
            "copySign");

    /** The outcome: a checked program, or the problems in source order. */
    record Analysis(CheckedProgram program, List<Problem> problems) {}

    private ProgramChecker() {}

    /** Runs extract, parse and validate; never throws on bad input. */
    static Analysis analyze(String text, StateLayout layout) {
        if (text == null || text.isBlank()) {
            return rejected(new Problem(
                    Stage.EXTRACT, 0, 0, "the text is empty; " + ProgramExtractor.expectation(layout.simpleName())));
        }
        if (text.length() > ProgramExtractor.MAX_TEXT_CHARS) {
            return rejected(new Problem(
                    Stage.EXTRACT,
                    0,
                    0,
                    "the text has " + text.length() + " characters; at most " + ProgramExtractor.MAX_TEXT_CHARS
                            + " are read"));
        }
        ProgramExtractor.Extraction extraction = ProgramExtractor.extract(text);
        if (extraction == null) {
            return rejected(new Problem(Stage.EXTRACT, 0, 0, ProgramExtractor.expectation(layout.simpleName())));
        }
        if (extraction.programChars() > MAX_SOURCE_CHARS) {
            int[] at = lineColumn(text, extraction.firstOffset());
            return rejected(new Problem(
                    Stage.VALIDATE,
                    at[0],
                    at[1],
                    "the program has "
                            + extraction.programChars() + " characters; at most " + MAX_SOURCE_CHARS
                            + " (8 KB) are allowed: shorten it"));
        }
        ProgramParser.Parsed parsed = ProgramParser.parse(extraction.program());
        if (parsed.unit() == null) {
            return new Analysis(null, parsed.problems());
        }
        try {
            return check(parsed.unit(), layout);
        } catch (StackOverflowError e) {
            return rejected(new Problem(
                    Stage.VALIDATE,
                    0,
                    0,
                    "the program is nested too deeply; split it into local variables and helper methods"));
        }
    }

    /** Runs the validation passes over a parsed program. */
    private static Analysis check(CompilationUnit unit, StateLayout layout) {
        ValidationProblems problems = new ValidationProblems();
        Declarations declarations = new Declarations(problems);
        declarations.collect(unit);
        MethodDeclaration entry = declarations.entry();
        if (entry == null) {
            return rejected(new Problem(Stage.EXTRACT, 0, 0, ProgramExtractor.expectation(layout.simpleName())));
        }
        IdentityHashMap<Node, ValueType> types = new IdentityHashMap<>();
        IdentityHashMap<Node, Integer> lengths = new IdentityHashMap<>();
        Map<Parameter, Integer> arrayLengths = new IdentityHashMap<>();
        Scopes scopes = new Scopes(problems, entry);
        IntRanges ranges = new IntRanges(scopes, layout);
        ExpressionTypes expressions = new ExpressionTypes(
                problems, scopes, ranges, types, layout, declarations.methods(), entry, arrayLengths, lengths);
        LoopBounds loops = new LoopBounds(problems, scopes, ranges, expressions, types);
        ComponentPuts components = new ComponentPuts(problems, scopes, expressions, types);
        LocalVariables locals = new LocalVariables(problems, scopes, ranges, expressions, types);
        Statements statements =
                new Statements(problems, scopes, expressions, locals, components, loops, types, lengths);
        Signatures signatures = new Signatures(problems, scopes, layout, entry, arrayLengths);
        scopes.enterConstants();
        for (VariableDeclarator constant : declarations.constants()) {
            Local local = locals.declare(constant, true, "constant " + constant.getNameAsString());
            scopes.declare(constant.getName(), constant.getNameAsString(), local);
        }
        // callers before callees, so that each call fixes the length of a helper's array parameter first
        for (MethodDeclaration method : callersFirst(declarations.methods(), entry)) {
            scopes.enter(method);
            signatures.check(method);
            statements.body(method);
        }
        MethodDeclaration potential = declarations.methods().get(Signatures.POTENTIAL);
        if (potential == entry) {
            potential = null;
        }
        if (potential != null) {
            shapingComponent(problems, potential, components.componentIndex());
        }
        if (problems.isEmpty()) {
            new EvaluationCost(problems, declarations.methods(), loops.iterations())
                    .check(expressions.callSites(), entry, potential);
        }
        if (!problems.isEmpty()) {
            return new Analysis(null, problems.sorted());
        }
        List<MethodDeclaration> ordered = new ArrayList<>(declarations.methods().values());
        StringBuilder source = new StringBuilder();
        for (VariableDeclarator constant : declarations.constants()) {
            source.append("static final ")
                    .append(constant.getType())
                    .append(' ')
                    .append(constant)
                    .append(";\n");
        }
        if (!source.isEmpty()) {
            source.append('\n');
        }
        for (MethodDeclaration method : ordered) {
            if (!source.isEmpty()) {
                source.append("\n\n");
            }
            source.append(method.toString());
        }
        source.append('\n');
        return new Analysis(
                new CheckedProgram(
                        ordered,
                        entry,
                        potential,
                        scopes.entryStateName(),
                        scopes.entryComponentsName(),
                        types,
                        lengths,
                        declarations.constants(),
                        components.componentIndex(),
                        layout,
                        source.toString()),
                List.of());
    }

    /**
     * With a potential the trainers record the shaping term as one more component, named {@link
     * CheckedProgram#SHAPING}, after the program's own: that name is then reserved and one of the 16 is taken.
     */
    private static void shapingComponent(
            ValidationProblems problems, MethodDeclaration potential, Map<String, Integer> componentIndex) {
        if (componentIndex.containsKey(CheckedProgram.SHAPING)) {
            problems.report(
                    potential.getName(),
                    "component " + CheckedProgram.SHAPING + " is recorded by the trainer when a program declares"
                            + " potential (gamma * potential(s') - potential(s)); rename the program's own component");
        } else if (componentIndex.size() >= MAX_COMPONENTS) {
            problems.report(
                    potential.getName(),
                    "the program records " + componentIndex.size() + " components and the potential's shaping term"
                            + " takes one more; at most " + MAX_COMPONENTS + " in all: record fewer");
        }
    }

    /**
     * The methods in checking order: from the entry, every caller before its callees (reverse post-order of the
     * call graph, read from call expressions by name), then the methods it never reaches, in source order.
     */
    static List<MethodDeclaration> callersFirst(Map<String, MethodDeclaration> methods, MethodDeclaration entry) {
        List<MethodDeclaration> postOrder = new ArrayList<>();
        Set<MethodDeclaration> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        visit(entry, methods, seen, postOrder);
        List<MethodDeclaration> order = new ArrayList<>(postOrder.reversed());
        for (MethodDeclaration method : methods.values()) {
            if (seen.add(method)) {
                order.add(method);
            }
        }
        return order;
    }

    private static void visit(
            MethodDeclaration method,
            Map<String, MethodDeclaration> methods,
            Set<MethodDeclaration> seen,
            List<MethodDeclaration> postOrder) {
        if (!seen.add(method)) {
            return;
        }
        for (MethodCallExpr call : method.findAll(MethodCallExpr.class)) {
            MethodDeclaration callee = call.getScope().isEmpty() ? methods.get(call.getNameAsString()) : null;
            if (callee != null) {
                visit(callee, methods, seen, postOrder);
            }
        }
        postOrder.add(method);
    }

    private static Analysis rejected(Problem problem) {
        return new Analysis(null, List.of(problem));
    }

    private static int[] lineColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * The language type a declared Java type denotes: double (also float, widened), int, boolean, or ARRAY for
     * {@code double[]}; null for anything else (including {@code var}, which callers infer).
     */
    static ValueType valueType(Type type) {
        if (type instanceof PrimitiveType p) {
            return switch (p.getType()) {
                case DOUBLE, FLOAT -> ValueType.DOUBLE;
                case INT -> ValueType.INT;
                case BOOLEAN -> ValueType.BOOLEAN;
                default -> null;
            };
        }
        if (type instanceof ArrayType array
                && array.getArrayLevel() == 1
                && Syntax.isPrimitive(array.getComponentType(), PrimitiveType.Primitive.DOUBLE)) {
            return ValueType.ARRAY;
        }
        return null;
    }

    /**
     * The value of a double literal as Java reads it (underscores and a d suffix allowed); a float literal is read
     * as the double of the same digits (0.1f is 0.1).
     */
    static double doubleValue(DoubleLiteralExpr literal) {
        String text = literal.getValue().replace("_", "");
        if (text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")) {
            text = text.substring(0, text.length() - 1);
        }
        return Double.parseDouble(text);
    }
}
