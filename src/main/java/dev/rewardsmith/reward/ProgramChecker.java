package dev.rewardsmith.reward;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The front end of the reward language: extraction, parsing and whitelist validation with static types. Every
 * rule that keeps an accepted program from crashing, hanging or escaping is enforced here.
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

    /** The Math methods a program may call; see {@link #mathCall}. */
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
            "clamp");

    private static final Set<String> MATH_BINARY = Set.of("pow", "hypot", "atan2", "min", "max");
    private static final String MATH_LIST = "Math.abs, min, max, exp, log, log1p, expm1, sqrt, cbrt, pow, hypot,"
            + " sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, signum, floor, ceil, round, toRadians,"
            + " toDegrees, clamp";
    private static final String ALLOWED_CALLS = "only " + MATH_LIST + " and the program's own helper methods";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern COMPONENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final String WRAPPER = "class RewardProgram {\n";

    /** The outcome: a checked program, or the problems in source order. */
    record Analysis(CheckedProgram program, List<Problem> problems) {}

    /** A local variable or helper parameter; lo..hi is its provable range when it is an int constant. */
    private record Local(String name, ValueType type, boolean isFinal, boolean loopVariable, Long lo, Long hi) {}

    private record CallSite(MethodDeclaration caller, MethodDeclaration callee, MethodCallExpr call) {}

    private final StateLayout layout;
    private final List<Problem> problems = new ArrayList<>();
    private final IdentityHashMap<Node, ValueType> types = new IdentityHashMap<>();
    private final Map<String, Integer> componentIndex = new LinkedHashMap<>();
    private final Map<String, MethodDeclaration> methods = new LinkedHashMap<>();
    private final List<CallSite> callSites = new ArrayList<>();
    private final IdentityHashMap<ForStmt, Integer> loopCounts = new IdentityHashMap<>();
    private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    private MethodDeclaration current;
    private MethodDeclaration entry;
    private String stateName;
    private String componentsName;
    private int loopDepth;
    private int nesting;

    private ProgramChecker(StateLayout layout) {
        this.layout = layout;
    }

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
        CompilationUnit unit;
        try {
            ParserConfiguration configuration =
                    new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);
            ParseResult<CompilationUnit> result =
                    new JavaParser(configuration).parse(WRAPPER + extraction.program() + "\n}\n");
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
                return new Analysis(null, sorted(parseProblems));
            }
            unit = result.getResult().get();
        } catch (StackOverflowError e) {
            return rejected(new Problem(Stage.PARSE, 0, 0, "the program is nested too deeply to parse"));
        }
        for (Comment comment : unit.getAllContainedComments()) {
            comment.remove();
        }
        ProgramChecker checker = new ProgramChecker(layout);
        try {
            return checker.check(unit);
        } catch (StackOverflowError e) {
            return rejected(new Problem(Stage.VALIDATE, 0, 0, "the program is nested too deeply"));
        }
    }

    private static Analysis rejected(Problem problem) {
        return new Analysis(null, List.of(problem));
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return copy;
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

    // ---------------------------------------------------------------------------------------------------------
    // Declarations

    private Analysis check(CompilationUnit unit) {
        List<MethodDeclaration> declared = new ArrayList<>();
        for (TypeDeclaration<?> type : unit.getTypes()) {
            for (BodyDeclaration<?> member : type.getMembers()) {
                if (member instanceof MethodDeclaration method) {
                    declared.add(method);
                } else {
                    report(
                            member,
                            "only methods are allowed in a reward program; found " + describe(member)
                                    + ": declare constants as local variables");
                }
            }
        }
        for (MethodDeclaration method : declared) {
            if (!IDENTIFIER.matcher(method.getNameAsString()).matches()) {
                report(
                        method.getName(),
                        "name " + method.getNameAsString() + " is not allowed: use ASCII letters,"
                                + " digits and _ (the program is also emitted as C)");
            }
            if (methods.containsKey(method.getNameAsString())) {
                report(
                        method.getName(),
                        "method " + method.getNameAsString()
                                + " is declared twice; helper methods need distinct names (no overloads)");
            } else {
                methods.put(method.getNameAsString(), method);
            }
        }
        entry = methods.get("reward");
        if (entry == null) {
            for (MethodDeclaration method : declared) {
                if (method.getParameters().stream()
                        .anyMatch(p -> p.getType().asString().equals("Components"))) {
                    entry = method;
                    break;
                }
            }
        }
        if (entry == null) {
            return rejected(new Problem(Stage.EXTRACT, 0, 0, ProgramExtractor.expectation(layout.simpleName())));
        }
        for (MethodDeclaration method : declared) {
            if (methods.get(method.getNameAsString()) == method) {
                checkMethod(method);
            }
        }
        if (problems.isEmpty()) {
            checkRecursionAndCost();
        }
        if (!problems.isEmpty()) {
            return new Analysis(null, sorted(problems));
        }
        List<MethodDeclaration> ordered = new ArrayList<>(methods.values());
        StringBuilder source = new StringBuilder();
        for (MethodDeclaration method : ordered) {
            if (!source.isEmpty()) {
                source.append("\n\n");
            }
            source.append(method.toString());
        }
        source.append('\n');
        return new Analysis(
                new CheckedProgram(
                        ordered, entry, stateName, componentsName, types, componentIndex, layout, source.toString()),
                List.of());
    }

    private void checkMethod(MethodDeclaration method) {
        current = method;
        scopes.clear();
        scopes.push(new HashMap<>());
        loopDepth = 0;
        boolean isEntry = method == entry;
        if (!method.getAnnotations().isEmpty()) {
            report(
                    method.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + method.getAnnotations().get(0));
        }
        for (Modifier modifier : method.getModifiers()) {
            Modifier.Keyword keyword = modifier.getKeyword();
            if (keyword != Modifier.Keyword.PUBLIC
                    && keyword != Modifier.Keyword.PRIVATE
                    && keyword != Modifier.Keyword.PROTECTED
                    && keyword != Modifier.Keyword.STATIC
                    && keyword != Modifier.Keyword.FINAL) {
                report(modifier, "modifier " + keyword.asString() + " is not allowed; use private static for helpers");
            }
        }
        if (!method.getTypeParameters().isEmpty()) {
            report(method.getTypeParameters().get(0), "type parameters are not allowed");
        }
        if (!method.getThrownExceptions().isEmpty()) {
            report(method.getThrownExceptions().get(0), "throws clauses are not allowed");
        }
        String signature = "double reward(" + layout.simpleName() + " s, Components c)";
        if (isEntry) {
            if (!isPrimitive(method.getType(), PrimitiveType.Primitive.DOUBLE)) {
                report(
                        method.getType(),
                        "the reward method must return double; found " + method.getType() + ": write " + signature);
            }
            NodeList<Parameter> parameters = method.getParameters();
            if (parameters.size() != 2) {
                report(
                        method.getName(),
                        "the reward method has " + parameters.size() + " parameters; expected " + signature);
            } else {
                Parameter state = parameters.get(0);
                Parameter components = parameters.get(1);
                if (!(state.getType() instanceof ClassOrInterfaceType t
                        && t.getNameAsString().equals(layout.simpleName())
                        && !state.isVarArgs())) {
                    report(
                            state.getType(),
                            "the first parameter must be the task's state view " + layout.simpleName() + "; found "
                                    + state.getType() + ": write " + signature);
                }
                if (!(components.getType() instanceof ClassOrInterfaceType t
                        && t.getNameAsString().equals("Components")
                        && !components.isVarArgs())) {
                    report(
                            components.getType(),
                            "the second parameter must be Components; found " + components.getType() + ": write "
                                    + signature);
                }
                stateName = state.getNameAsString();
                componentsName = components.getNameAsString();
                checkParameterDecorations(state);
                checkParameterDecorations(components);
                if (stateName.equals(componentsName)) {
                    report(components.getName(), "parameters need distinct names");
                }
            }
        } else {
            if (valueType(method.getType()) == null) {
                report(
                        method.getType(),
                        "helper " + method.getNameAsString() + " returns " + method.getType()
                                + "; helpers return double, int or boolean");
            }
            for (Parameter parameter : method.getParameters()) {
                ValueType type = valueType(parameter.getType());
                checkParameterDecorations(parameter);
                if (type == null || parameter.isVarArgs()) {
                    report(
                            parameter.getType(),
                            "helper parameter " + parameter.getNameAsString() + " has type "
                                    + parameter.getType() + (parameter.isVarArgs() ? "..." : "")
                                    + "; helper parameters are double, int or boolean (pass s.x, not s)");
                    type = ValueType.ERROR;
                }
                declare(
                        parameter.getName(),
                        parameter.getNameAsString(),
                        new Local(parameter.getNameAsString(), type, parameter.isFinal(), false, null, null));
            }
        }
        if (method.getBody().isEmpty()) {
            report(method, "method " + method.getNameAsString() + " has no body");
            return;
        }
        BlockStmt body = method.getBody().get();
        boolean completes = block(body);
        if (completes) {
            Position end = body.getEnd().orElse(null);
            reportAt(
                    end,
                    "missing return statement: method " + method.getNameAsString()
                            + " can reach its end without returning a value; every path must end in return");
        }
    }

    private void checkParameterDecorations(Parameter parameter) {
        if (!parameter.getAnnotations().isEmpty()) {
            report(
                    parameter.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + parameter.getAnnotations().get(0));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Statements: each returns whether it can complete normally

    private boolean block(BlockStmt block) {
        scopes.push(new HashMap<>());
        boolean reachable = true;
        boolean reportedUnreachable = false;
        for (Statement statement : block.getStatements()) {
            if (!reachable && !reportedUnreachable) {
                report(statement, "unreachable statement: it follows a return, break or continue; remove it");
                reportedUnreachable = true;
            }
            reachable = statement(statement) && reachable;
        }
        scopes.pop();
        return reachable;
    }

    private boolean statement(Statement statement) {
        if (statement instanceof BlockStmt block) {
            return block(block);
        }
        if (statement instanceof ExpressionStmt expressionStatement) {
            expressionStatement(expressionStatement.getExpression());
            return true;
        }
        if (statement instanceof IfStmt ifStatement) {
            expect(ifStatement.getCondition(), ValueType.BOOLEAN, "an if condition");
            boolean thenCompletes = branch(ifStatement.getThenStmt());
            if (ifStatement.getElseStmt().isEmpty()) {
                return true;
            }
            boolean elseCompletes = branch(ifStatement.getElseStmt().get());
            return thenCompletes || elseCompletes;
        }
        if (statement instanceof ForStmt forStatement) {
            forLoop(forStatement);
            return true;
        }
        if (statement instanceof ReturnStmt returnStatement) {
            ValueType expected = valueType(current.getType());
            if (returnStatement.getExpression().isEmpty()) {
                report(returnStatement, "return needs a value of type " + current.getType());
            } else {
                Expression value = returnStatement.getExpression().get();
                expect(
                        value,
                        expected == null ? ValueType.ERROR : expected,
                        "the return value of " + current.getNameAsString());
            }
            return false;
        }
        if (statement instanceof EmptyStmt) {
            return true;
        }
        if (statement instanceof BreakStmt breakStatement) {
            if (breakStatement.getLabel().isPresent()) {
                report(breakStatement, "labelled break is not allowed; use break without a label");
            } else if (loopDepth == 0) {
                report(breakStatement, "break outside a for loop");
            }
            return false;
        }
        if (statement instanceof ContinueStmt continueStatement) {
            if (continueStatement.getLabel().isPresent()) {
                report(continueStatement, "labelled continue is not allowed; use continue without a label");
            } else if (loopDepth == 0) {
                report(continueStatement, "continue outside a for loop");
            }
            return false;
        }
        String loopHint = "; use for (int i = 0; i < N; i++) with a constant N <= " + MAX_LOOP_ITERATIONS;
        if (statement instanceof WhileStmt loop) {
            report(statement, "while loops are not allowed" + loopHint);
            expect(loop.getCondition(), ValueType.BOOLEAN, "a loop condition");
            loopDepth++;
            branch(loop.getBody());
            loopDepth--;
        } else if (statement instanceof DoStmt loop) {
            report(statement, "do-while loops are not allowed" + loopHint);
            loopDepth++;
            branch(loop.getBody());
            loopDepth--;
            expect(loop.getCondition(), ValueType.BOOLEAN, "a loop condition");
        } else if (statement instanceof ForEachStmt) {
            report(
                    statement,
                    "for-each loops are not allowed; use for (int i = 0; i < s.arr.length; i++)"
                            + " and read s.arr[i]");
        } else if (statement instanceof LabeledStmt) {
            report(statement, "labels are not allowed; use if/else and plain for loops");
        } else if (statement instanceof SwitchStmt) {
            report(statement, "switch is not allowed; use if/else");
        } else if (statement instanceof TryStmt) {
            report(statement, "try/catch is not allowed: reward programs cannot throw");
        } else if (statement instanceof ThrowStmt) {
            report(statement, "throw is not allowed: return a value instead");
        } else if (statement instanceof SynchronizedStmt) {
            report(statement, "synchronized is not allowed");
        } else if (statement instanceof AssertStmt) {
            report(statement, "assert is not allowed");
        } else if (statement instanceof LocalClassDeclarationStmt || statement instanceof LocalRecordDeclarationStmt) {
            report(statement, "classes cannot be declared inside a reward program; use helper methods");
        } else {
            report(
                    statement,
                    "statement not allowed: " + describe(statement)
                            + "; allowed are local variables, assignments, if/else, bounded for loops, c.put and return");
        }
        return true;
    }

    /** A branch of an if gets its own scope, like a block. */
    private boolean branch(Statement statement) {
        if (statement instanceof BlockStmt block) {
            return block(block);
        }
        if (statement instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr) {
            report(statement, "a variable declaration needs braces around it here");
            return true;
        }
        scopes.push(new HashMap<>());
        boolean completes = statement(statement);
        scopes.pop();
        return completes;
    }

    private void expressionStatement(Expression expression) {
        if (expression instanceof VariableDeclarationExpr declaration) {
            declaration(declaration, false);
        } else if (expression instanceof AssignExpr assignment) {
            assignment(assignment);
        } else if (expression instanceof UnaryExpr unary && isIncrement(unary.getOperator())) {
            Local local = assignableLocal(unary.getExpression());
            if (local != null && !local.type().numeric()) {
                report(
                        unary,
                        unary.getOperator().asString() + " needs a double or int variable; " + local.name() + " is "
                                + local.type().javaName());
            }
            types.put(unary, local == null ? ValueType.ERROR : local.type());
        } else if (expression instanceof MethodCallExpr call && isComponentsPut(call)) {
            componentPut(call);
        } else if (expression instanceof MethodCallExpr call) {
            expression(call);
            report(
                    call,
                    "the value of " + call.getNameAsString() + "(...) is unused; only c.put(\"name\", value)"
                            + " may be called as a statement");
        } else {
            expression(expression);
            report(
                    expression,
                    "not a statement: " + text(expression)
                            + "; assign it to a variable, record it with c.put or return it");
        }
    }

    private boolean isComponentsPut(MethodCallExpr call) {
        return call.getScope().isPresent()
                && call.getScope().get() instanceof NameExpr scope
                && componentsName != null
                && current == entry
                && scope.getNameAsString().equals(componentsName)
                && lookup(componentsName) == null;
    }

    private void componentPut(MethodCallExpr call) {
        if (!call.getNameAsString().equals("put")) {
            report(
                    call,
                    componentsName + "." + call.getNameAsString() + " is not allowed; record a component with "
                            + componentsName + ".put(\"name\", value)");
            return;
        }
        if (call.getArguments().size() != 2) {
            report(
                    call,
                    componentsName + ".put takes 2 arguments (\"name\", value); found "
                            + call.getArguments().size());
            return;
        }
        Expression name = call.getArgument(0);
        Expression value = call.getArgument(1);
        if (!(name instanceof StringLiteralExpr literal)) {
            report(
                    name,
                    "the component name must be a string literal, e.g. " + componentsName
                            + ".put(\"upright\", upright); found " + name);
        } else {
            String text = literal.asString();
            if (!COMPONENT_NAME.matcher(text).matches()) {
                report(
                        name,
                        "component name \"" + text + "\" is not allowed: use letters, digits and _ (at most"
                                + " 64, starting with a letter or _)");
            } else if (!componentIndex.containsKey(text)) {
                if (componentIndex.size() == MAX_COMPONENTS) {
                    report(
                            name,
                            "component \"" + text + "\" would be number " + (MAX_COMPONENTS + 1) + "; at most "
                                    + MAX_COMPONENTS + " components are allowed: merge some");
                } else {
                    componentIndex.put(text, componentIndex.size());
                }
            }
            types.put(name, ValueType.ERROR);
        }
        expect(value, ValueType.DOUBLE, "a component value");
        types.put(call, ValueType.DOUBLE);
    }

    private void declaration(VariableDeclarationExpr declaration, boolean loopVariable) {
        if (!declaration.getAnnotations().isEmpty()) {
            report(
                    declaration.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + declaration.getAnnotations().get(0));
        }
        boolean isFinal = declaration.isFinal();
        for (VariableDeclarator variable : declaration.getVariables()) {
            ValueType type = valueType(variable.getType());
            String name = variable.getNameAsString();
            if (type == null) {
                String found = variable.getType().asString();
                String hint = variable.getType().isArrayType()
                        ? "arrays cannot be created; read state arrays directly, e.g. s.arr[i]"
                        : found.equals("var")
                                ? "write the type: double, int or boolean"
                                : "local variables are double, int or boolean";
                report(variable.getType(), "variable " + name + " has type " + found + ": " + hint);
                type = ValueType.ERROR;
            }
            Long lo = null;
            Long hi = null;
            // without an initializer a local starts at 0 / false on both targets (Java would demand an assignment
            // first; a default is as safe and kinder to programs that assign on every branch)
            if (variable.getInitializer().isPresent()) {
                Expression initializer = variable.getInitializer().get();
                expect(initializer, type, "variable " + name);
                if (type == ValueType.INT && isFinal && !loopVariable) {
                    long[] range = interval(initializer);
                    if (range != null) {
                        lo = range[0];
                        hi = range[1];
                    }
                }
            }
            declare(variable.getName(), name, new Local(name, type, isFinal, loopVariable, lo, hi));
        }
    }

    private void declare(Node at, String name, Local local) {
        boolean parameterName = current == entry && (name.equals(stateName) || name.equals(componentsName));
        if (!IDENTIFIER.matcher(name).matches()) {
            report(
                    at,
                    "name " + name + " is not allowed: use ASCII letters, digits and _ (the program is also"
                            + " emitted as C)");
        }
        if (parameterName || lookup(name) != null) {
            report(at, "variable " + name + " is already defined; choose another name");
        } else if (name.equals("Math")) {
            report(at, "a variable cannot be named Math");
        }
        scopes.peek().put(name, local);
    }

    private Local lookup(String name) {
        for (Map<String, Local> scope : scopes) {
            Local local = scope.get(name);
            if (local != null) {
                return local;
            }
        }
        return null;
    }

    private void assignment(AssignExpr assignment) {
        Local local = assignableLocal(assignment.getTarget());
        AssignExpr.Operator operator = assignment.getOperator();
        Expression value = assignment.getValue();
        if (local == null) {
            expression(value);
            types.put(assignment, ValueType.ERROR);
            return;
        }
        types.put(assignment, local.type());
        switch (operator) {
            case ASSIGN -> expect(value, local.type(), "variable " + local.name());
            case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                if (local.type() == ValueType.DOUBLE) {
                    expect(value, ValueType.DOUBLE, "variable " + local.name());
                } else if (local.type() == ValueType.INT) {
                    expect(
                            value,
                            ValueType.INT,
                            "int variable " + local.name() + " (declare it double to mix in double values)");
                    if (operator == AssignExpr.Operator.DIVIDE || operator == AssignExpr.Operator.REMAINDER) {
                        checkIntDivisor(value, operator.asString());
                    }
                } else if (local.type() == ValueType.BOOLEAN) {
                    expression(value);
                    report(assignment, operator.asString() + " needs a number; " + local.name() + " is boolean");
                } else {
                    expression(value);
                }
            }
            default -> {
                expression(value);
                report(assignment, "operator " + operator.asString() + " is not allowed; use =, +=, -=, *=, /= or %=");
            }
        }
    }

    /** The local the target names, if it may be assigned; otherwise reports why and returns null. */
    private Local assignableLocal(Expression target) {
        if (target instanceof NameExpr name) {
            Local local = lookup(name.getNameAsString());
            if (local == null) {
                if (name.getNameAsString().equals(stateName)
                        || name.getNameAsString().equals(componentsName)) {
                    report(target, "parameter " + name + " cannot be assigned");
                } else {
                    report(target, "unknown variable " + name + ": declare it first, e.g. double " + name + " = 0.0;");
                }
                return null;
            }
            if (local.loopVariable()) {
                report(target, "loop variable " + name + " cannot be changed inside its loop");
                return null;
            }
            if (local.isFinal()) {
                report(target, "variable " + name + " is final and cannot be assigned");
                return null;
            }
            return local;
        }
        if (isStateAccess(target)) {
            report(
                    target,
                    "writes to the state view are not allowed (" + target
                            + "); copy the value into a local variable and change that");
            return null;
        }
        if (target instanceof FieldAccessExpr || target instanceof ArrayAccessExpr) {
            report(target, "field and array writes are not allowed (" + target + "); assign local variables only");
            return null;
        }
        report(target, "cannot assign to " + target + "; assign local variables only");
        return null;
    }

    private boolean isStateAccess(Expression expression) {
        Expression e = expression;
        while (true) {
            if (e instanceof FieldAccessExpr field) {
                e = field.getScope();
            } else if (e instanceof ArrayAccessExpr array) {
                e = array.getName();
            } else if (e instanceof EnclosedExpr enclosed) {
                e = enclosed.getInner();
            } else {
                break;
            }
        }
        return e instanceof NameExpr name
                && name.getNameAsString().equals(stateName)
                && current == entry
                && lookup(stateName) == null;
    }

    private void forLoop(ForStmt loop) {
        String shape = "; loops have the form for (int i = A; i < B; i++) with constants A and B, at most "
                + MAX_LOOP_ITERATIONS + " iterations";
        if (loop.getCompare().isEmpty()) {
            report(loop, "a for loop without a condition never ends" + shape);
            loopDepth++;
            scopes.push(new HashMap<>());
            statement(loop.getBody());
            scopes.pop();
            loopDepth--;
            loopCounts.put(loop, MAX_LOOP_ITERATIONS);
            return;
        }
        scopes.push(new HashMap<>());
        String variable = null;
        long start = 0;
        boolean valid = true;
        if (loop.getInitialization().size() == 1
                && loop.getInitialization().get(0) instanceof VariableDeclarationExpr declaration
                && declaration.getVariables().size() == 1
                && isPrimitive(declaration.getVariables().get(0).getType(), PrimitiveType.Primitive.INT)
                && declaration.getVariables().get(0).getInitializer().isPresent()) {
            VariableDeclarator declarator = declaration.getVariables().get(0);
            Expression initializer = declarator.getInitializer().get();
            expect(initializer, ValueType.INT, "the loop start");
            long[] range = interval(initializer);
            variable = declarator.getNameAsString();
            if (range == null || range[0] != range[1]) {
                report(initializer, "the loop must start at a constant; found " + initializer + shape);
                valid = false;
            } else {
                start = range[0];
            }
        } else {
            report(loop, "the loop must declare one int variable with a constant start" + shape);
            valid = false;
            for (Expression init : loop.getInitialization()) {
                expression(init);
            }
        }
        long bound = 0;
        BinaryExpr.Operator comparison = null;
        if (variable != null
                && loop.getCompare().get() instanceof BinaryExpr compare
                && compare.getLeft() instanceof NameExpr left
                && left.getNameAsString().equals(variable)
                && isComparison(compare.getOperator())) {
            types.put(left, ValueType.INT);
            expect(compare.getRight(), ValueType.INT, "the loop bound");
            long[] range = interval(compare.getRight());
            types.put(compare, ValueType.BOOLEAN);
            if (range == null || range[0] != range[1]) {
                report(
                        compare.getRight(),
                        "the loop bound must be a constant (a number or s.arr.length); found " + compare.getRight()
                                + shape);
                valid = false;
            } else {
                bound = range[0];
                comparison = compare.getOperator();
            }
        } else {
            report(
                    loop.getCompare().get(),
                    "the loop condition must compare the loop variable with a constant," + " e.g. i < 8; found "
                            + loop.getCompare().get() + shape);
            valid = false;
        }
        long step = 0;
        if (variable != null && loop.getUpdate().size() == 1) {
            Expression update = loop.getUpdate().get(0);
            if (update instanceof UnaryExpr unary
                    && unary.getExpression() instanceof NameExpr name
                    && name.getNameAsString().equals(variable)
                    && isIncrement(unary.getOperator())) {
                boolean up = unary.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                        || unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT;
                step = up ? 1 : -1;
                types.put(name, ValueType.INT);
                types.put(unary, ValueType.INT);
            } else if (update instanceof AssignExpr assign
                    && assign.getTarget() instanceof NameExpr name
                    && name.getNameAsString().equals(variable)
                    && (assign.getOperator() == AssignExpr.Operator.PLUS
                            || assign.getOperator() == AssignExpr.Operator.MINUS)) {
                expect(assign.getValue(), ValueType.INT, "the loop step");
                long[] range = interval(assign.getValue());
                types.put(name, ValueType.INT);
                types.put(assign, ValueType.INT);
                if (range == null || range[0] != range[1] || range[0] < 1) {
                    report(
                            assign.getValue(),
                            "the loop step must be a positive constant; found " + assign.getValue() + shape);
                    valid = false;
                } else {
                    step = assign.getOperator() == AssignExpr.Operator.PLUS ? range[0] : -range[0];
                }
            } else {
                report(
                        update,
                        "the loop update must be " + variable + "++, " + variable + "--, " + variable + " += k or "
                                + variable + " -= k; found " + update + shape);
                valid = false;
            }
        } else if (variable != null) {
            report(loop, "the loop needs exactly one update of " + variable + " such as " + variable + "++" + shape);
            valid = false;
        }
        long count = 0;
        long lo = start;
        long hi = start;
        if (valid && comparison != null && step != 0) {
            boolean up = comparison == BinaryExpr.Operator.LESS || comparison == BinaryExpr.Operator.LESS_EQUALS;
            if (up != step > 0) {
                report(
                        loop.getUpdate().get(0),
                        "the loop update goes the wrong way for the condition "
                                + loop.getCompare().get() + ", so it would never end" + shape);
                valid = false;
            } else {
                long last =
                        switch (comparison) {
                            case LESS -> bound - 1;
                            case LESS_EQUALS, GREATER_EQUALS -> bound;
                            default -> bound + 1;
                        };
                long span = up ? last - start : start - last;
                long stride = Math.abs(step);
                count = span < 0 ? 0 : span / stride + 1;
                long end = start + count * step;
                if (count > MAX_LOOP_ITERATIONS) {
                    report(
                            loop,
                            "the loop runs " + count + " times; at most " + MAX_LOOP_ITERATIONS
                                    + " iterations are allowed");
                    valid = false;
                } else if (end > Integer.MAX_VALUE || end < Integer.MIN_VALUE) {
                    report(loop, "the loop variable would overflow int; keep loop constants small");
                    valid = false;
                } else if (count > 0) {
                    long final1 = start + (count - 1) * step;
                    lo = Math.min(start, final1);
                    hi = Math.max(start, final1);
                }
            }
        }
        if (variable != null) {
            VariableDeclarator declarator = ((VariableDeclarationExpr)
                            loop.getInitialization().get(0))
                    .getVariables()
                    .get(0);
            declare(declarator.getName(), variable, new Local(variable, ValueType.INT, false, true, lo, hi));
            types.put(loop.getInitialization().get(0), ValueType.INT);
        }
        loopCounts.put(loop, (int) Math.min(count, MAX_LOOP_ITERATIONS));
        loopDepth++;
        if (loop.getBody() instanceof BlockStmt body) {
            block(body);
        } else {
            branch(loop.getBody());
        }
        loopDepth--;
        scopes.pop();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Expressions

    private void expect(Expression expression, ValueType expected, String where) {
        ValueType found = expression(expression);
        if (!expected.accepts(found)) {
            String hint = expected == ValueType.INT && found == ValueType.DOUBLE
                    ? ": declare it double, or round with Math.floor/Math.round into a double"
                    : expected == ValueType.BOOLEAN
                            ? ": use a comparison such as x > 0"
                            : found == ValueType.BOOLEAN
                                    ? ": booleans are not numbers; use b ? 1.0 : 0.0"
                                    : found == ValueType.ARRAY ? ": read one element, e.g. " + expression + "[0]" : "";
            report(
                    expression,
                    where + " must be " + expected.javaName() + "; found " + found.javaName() + " " + text(expression)
                            + hint);
        }
    }

    private ValueType expression(Expression expression) {
        nesting++;
        try {
            if (nesting > MAX_NESTING) {
                report(
                        expression,
                        "expression nested more than " + MAX_NESTING + " levels deep; split it into"
                                + " local variables");
                types.put(expression, ValueType.ERROR);
                return ValueType.ERROR;
            }
            ValueType type = typeOf(expression);
            types.put(expression, type);
            return type;
        } finally {
            nesting--;
        }
    }

    private ValueType typeOf(Expression expression) {
        if (expression instanceof EnclosedExpr enclosed) {
            return expression(enclosed.getInner());
        }
        if (expression instanceof IntegerLiteralExpr literal) {
            try {
                literal.asInt();
                return ValueType.INT;
            } catch (NumberFormatException e) {
                report(literal, "integer literal " + literal + " is out of int range; write it as a double");
                return ValueType.ERROR;
            }
        }
        if (expression instanceof DoubleLiteralExpr literal) {
            String text = literal.getValue();
            if (text.endsWith("f") || text.endsWith("F")) {
                report(
                        literal,
                        "float literal " + text + " is not allowed; write " + text.substring(0, text.length() - 1)
                                + " (double)");
                return ValueType.ERROR;
            }
            double value = doubleValue(literal);
            if (!Double.isFinite(value) || Math.abs(value) > MAX_LITERAL) {
                report(
                        literal,
                        "literal " + text + " is " + (Double.isFinite(value) ? "absurdly large" : "not finite")
                                + "; literals must be finite and at most 1e12 in magnitude");
                return ValueType.ERROR;
            }
            return ValueType.DOUBLE;
        }
        if (expression instanceof BooleanLiteralExpr) {
            return ValueType.BOOLEAN;
        }
        if (expression instanceof LongLiteralExpr literal) {
            report(literal, "long literal " + literal + " is not allowed; use int or double");
            return ValueType.ERROR;
        }
        if (expression instanceof StringLiteralExpr
                || expression instanceof TextBlockLiteralExpr
                || expression instanceof CharLiteralExpr) {
            report(
                    expression,
                    "strings are not allowed (found " + expression + "); the only string allowed is the"
                            + " literal component name in c.put(\"name\", value)");
            return ValueType.ERROR;
        }
        if (expression instanceof NullLiteralExpr) {
            report(expression, "null is not allowed; use a number or boolean");
            return ValueType.ERROR;
        }
        if (expression instanceof NameExpr name) {
            return name(name);
        }
        if (expression instanceof FieldAccessExpr field) {
            return fieldAccess(field);
        }
        if (expression instanceof ArrayAccessExpr array) {
            return arrayAccess(array);
        }
        if (expression instanceof MethodCallExpr call) {
            return call(call);
        }
        if (expression instanceof BinaryExpr binary) {
            return binary(binary);
        }
        if (expression instanceof UnaryExpr unary) {
            return unary(unary);
        }
        if (expression instanceof ConditionalExpr conditional) {
            expect(conditional.getCondition(), ValueType.BOOLEAN, "the condition of ?:");
            ValueType a = expression(conditional.getThenExpr());
            ValueType b = expression(conditional.getElseExpr());
            if (a == ValueType.ERROR || b == ValueType.ERROR) {
                return ValueType.ERROR;
            }
            if (a.numeric() && b.numeric()) {
                return a == ValueType.INT && b == ValueType.INT ? ValueType.INT : ValueType.DOUBLE;
            }
            if (a == ValueType.BOOLEAN && b == ValueType.BOOLEAN) {
                return ValueType.BOOLEAN;
            }
            report(
                    conditional,
                    "both branches of ?: must be numbers or both booleans; found " + a.javaName() + " and "
                            + b.javaName());
            return ValueType.ERROR;
        }
        if (expression instanceof CastExpr cast) {
            ValueType operand = expression(cast.getExpression());
            if (isPrimitive(cast.getType(), PrimitiveType.Primitive.DOUBLE)) {
                if (operand.numeric() || operand == ValueType.ERROR) {
                    return ValueType.DOUBLE;
                }
                report(cast, "cannot cast " + operand.javaName() + " to double");
                return ValueType.ERROR;
            }
            report(
                    cast,
                    "cast to " + cast.getType() + " is not allowed; only (double) is, and Math.floor, "
                            + "Math.ceil, Math.round return double");
            return ValueType.ERROR;
        }
        if (expression instanceof AssignExpr) {
            report(expression, "an assignment cannot be used as a value; write it as its own statement");
            return ValueType.ERROR;
        }
        if (expression instanceof ObjectCreationExpr creation) {
            report(
                    expression,
                    "object creation (new " + text(creation.getType()) + "(...)) is not allowed; a reward "
                            + "program only computes with double, int and boolean values");
            return ValueType.ERROR;
        }
        if (expression instanceof ArrayCreationExpr || expression instanceof ArrayInitializerExpr) {
            report(expression, "arrays cannot be created; read state arrays directly, e.g. s.arr[i]");
            return ValueType.ERROR;
        }
        if (expression instanceof LambdaExpr || expression instanceof MethodReferenceExpr) {
            report(expression, "lambdas and method references are not allowed; write a helper method");
            return ValueType.ERROR;
        }
        if (expression instanceof ClassExpr) {
            report(expression, "class literals (reflection) are not allowed");
            return ValueType.ERROR;
        }
        if (expression instanceof VariableDeclarationExpr) {
            report(expression, "a variable declaration is not allowed here");
            return ValueType.ERROR;
        }
        report(
                expression,
                "expression not allowed: " + describe(expression) + " " + text(expression)
                        + "; allowed are arithmetic, comparisons, &&, ||, !, ?:, state fields and " + MATH_LIST);
        return ValueType.ERROR;
    }

    static double doubleValue(DoubleLiteralExpr literal) {
        String text = literal.getValue().replace("_", "");
        if (text.endsWith("d") || text.endsWith("D")) {
            text = text.substring(0, text.length() - 1);
        }
        return Double.parseDouble(text);
    }

    private ValueType name(NameExpr name) {
        String text = name.getNameAsString();
        Local local = lookup(text);
        if (local != null) {
            return local.type();
        }
        if (current == entry && text.equals(stateName)) {
            report(
                    name,
                    "the state view " + text + " can only be read field by field, e.g. " + text + "."
                            + firstFieldName());
            return ValueType.ERROR;
        }
        if (current == entry && text.equals(componentsName)) {
            report(name, text + " can only be used as " + text + ".put(\"name\", value)");
            return ValueType.ERROR;
        }
        report(
                name,
                "unknown name " + text + ": declare it as a local variable (double, int or boolean) before" + " use"
                        + (current == entry ? "; state fields are read as " + stateName + "." + text : ""));
        return ValueType.ERROR;
    }

    private String firstFieldName() {
        return layout.fields().isEmpty() ? "x" : layout.fields().get(0).name();
    }

    private ValueType fieldAccess(FieldAccessExpr field) {
        Expression scope = field.getScope();
        String name = field.getNameAsString();
        if (scope instanceof NameExpr scopeName && lookup(scopeName.getNameAsString()) == null) {
            String scopeText = scopeName.getNameAsString();
            if (current == entry && scopeText.equals(stateName)) {
                StateLayout.StateField stateField = layout.field(name);
                if (stateField == null) {
                    StringBuilder known = new StringBuilder();
                    for (StateLayout.StateField f : layout.fields()) {
                        known.append(known.isEmpty() ? "" : ", ").append(f.name());
                    }
                    report(field, "unknown field " + field + ": " + layout.simpleName() + " has " + known);
                    return ValueType.ERROR;
                }
                return switch (stateField.kind()) {
                    case DOUBLE -> ValueType.DOUBLE;
                    case INT -> ValueType.INT;
                    case BOOLEAN -> ValueType.BOOLEAN;
                    case DOUBLE_ARRAY -> ValueType.ARRAY;
                };
            }
            if (scopeText.equals("Math") && (name.equals("PI") || name.equals("E"))) {
                return ValueType.DOUBLE;
            }
        }
        if (name.equals("length") && isStateAccess(scope)) {
            ValueType scopeType = expression(scope);
            if (scopeType == ValueType.ARRAY) {
                return ValueType.INT;
            }
            if (scopeType != ValueType.ERROR) {
                report(field, ".length applies only to state arrays");
            }
            return ValueType.ERROR;
        }
        if (!isNameChain(scope) && expression(scope) == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        report(
                field,
                "field access " + text(field) + " is not allowed; read state fields as "
                        + (stateName == null ? "s" : stateName) + ".field (in the reward method) and Math.PI, Math.E");
        return ValueType.ERROR;
    }

    private ValueType arrayAccess(ArrayAccessExpr access) {
        ValueType arrayType = isStateAccess(access.getName()) ? expression(access.getName()) : ValueType.ERROR;
        if (!isStateAccess(access.getName())) {
            report(
                    access,
                    "only state arrays can be indexed, e.g. " + (stateName == null ? "s" : stateName)
                            + ".arr[i]; found " + access);
            return ValueType.ERROR;
        }
        ValueType indexType = expression(access.getIndex());
        if (arrayType == ValueType.ERROR || indexType == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        if (arrayType != ValueType.ARRAY) {
            report(access, access.getName() + " is not an array");
            return ValueType.ERROR;
        }
        if (indexType != ValueType.INT) {
            report(
                    access.getIndex(),
                    "an array index must be int; found " + indexType.javaName() + " " + access.getIndex());
            return ValueType.ERROR;
        }
        int length = layout.field(((FieldAccessExpr) unparenthesized(access.getName())).getNameAsString())
                .length();
        long[] range = interval(access.getIndex());
        if (range == null || range[0] < 0 || range[1] >= length) {
            report(
                    access.getIndex(),
                    "index " + access.getIndex() + " of " + access.getName()
                            + " is not provably within 0.." + (length - 1)
                            + (range == null ? "" : " (it spans " + range[0] + ".." + range[1] + ")")
                            + "; use a constant or the variable of a loop"
                            + " for (int i = 0; i < " + length + "; i++)");
            return ValueType.ERROR;
        }
        return ValueType.DOUBLE;
    }

    private static boolean isNameChain(Expression expression) {
        return expression instanceof NameExpr
                || (expression instanceof FieldAccessExpr field && isNameChain(field.getScope()));
    }

    /** An expression as quoted in a message: one line, at most 60 characters. */
    private static String text(Node node) {
        String flat = node.toString().replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    private static Expression unparenthesized(Expression expression) {
        Expression e = expression;
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        return e;
    }

    private ValueType call(MethodCallExpr call) {
        if (call.getTypeArguments().isPresent()) {
            report(call, "type arguments are not allowed in calls");
            return ValueType.ERROR;
        }
        if (call.getScope().isEmpty()) {
            MethodDeclaration callee = methods.get(call.getNameAsString());
            if (callee == null) {
                report(call, "unknown method " + call.getNameAsString() + "(...): " + ALLOWED_CALLS);
                return ValueType.ERROR;
            }
            if (callee == entry) {
                report(call, "the reward method cannot be called; move shared code into a helper method");
                return ValueType.ERROR;
            }
            NodeList<Parameter> parameters = callee.getParameters();
            if (parameters.size() != call.getArguments().size()) {
                report(
                        call,
                        callee.getNameAsString() + " takes " + parameters.size() + " arguments; found "
                                + call.getArguments().size());
                for (Expression argument : call.getArguments()) {
                    expression(argument);
                }
                return ValueType.ERROR;
            }
            for (int i = 0; i < parameters.size(); i++) {
                ValueType expected = valueType(parameters.get(i).getType());
                expect(
                        call.getArgument(i),
                        expected == null ? ValueType.ERROR : expected,
                        "argument " + (i + 1) + " of " + callee.getNameAsString());
            }
            callSites.add(new CallSite(current, callee, call));
            ValueType result = valueType(callee.getType());
            return result == null ? ValueType.ERROR : result;
        }
        Expression scope = call.getScope().get();
        if (scope instanceof NameExpr name && name.getNameAsString().equals("Math") && lookup("Math") == null) {
            return mathCall(call);
        }
        if (scope instanceof NameExpr name
                && current == entry
                && name.getNameAsString().equals(componentsName)) {
            report(
                    call,
                    componentsName + ".put(...) records a component and has no value; write it as its own"
                            + " statement");
            return ValueType.ERROR;
        }
        if (!isNameChain(scope) && expression(scope) == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        report(call, "call to " + text(scope) + "." + call.getNameAsString() + " is not allowed: " + ALLOWED_CALLS);
        return ValueType.ERROR;
    }

    private ValueType mathCall(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (!MATH_METHODS.contains(name)) {
            report(call, "Math." + name + " is not allowed: " + ALLOWED_CALLS);
            return ValueType.ERROR;
        }
        int arity = name.equals("clamp") ? 3 : MATH_BINARY.contains(name) ? 2 : 1;
        if (call.getArguments().size() != arity) {
            report(
                    call,
                    "Math." + name + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + "; found "
                            + call.getArguments().size());
            return ValueType.ERROR;
        }
        boolean allInt = true;
        boolean error = false;
        for (int i = 0; i < arity; i++) {
            Expression argument = call.getArgument(i);
            ValueType type = expression(argument);
            if (type == ValueType.ERROR) {
                error = true;
            } else if (!type.numeric()) {
                report(
                        argument,
                        "argument " + (i + 1) + " of Math." + name + " must be a number; found " + type.javaName() + " "
                                + argument);
                error = true;
            } else if (type != ValueType.INT) {
                allInt = false;
            }
        }
        if (error) {
            return ValueType.ERROR;
        }
        // abs, min, max and clamp keep int for int arguments, as in Java; round is typed double on purpose
        boolean intPreserving = name.equals("abs") || name.equals("min") || name.equals("max") || name.equals("clamp");
        return intPreserving && allInt ? ValueType.INT : ValueType.DOUBLE;
    }

    private ValueType binary(BinaryExpr binary) {
        BinaryExpr.Operator operator = binary.getOperator();
        switch (operator) {
            case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                ValueType a = expression(binary.getLeft());
                ValueType b = expression(binary.getRight());
                if (a == ValueType.ERROR || b == ValueType.ERROR) {
                    return ValueType.ERROR;
                }
                if (!a.numeric() || !b.numeric()) {
                    Expression bad = a.numeric() ? binary.getRight() : binary.getLeft();
                    ValueType badType = a.numeric() ? b : a;
                    report(
                            bad,
                            "operator " + operator.asString() + " needs numbers; found " + badType.javaName()
                                    + " " + bad
                                    + (badType == ValueType.BOOLEAN
                                            ? " (booleans are not numbers; use b ? 1.0" + " : 0.0)"
                                            : ""));
                    return ValueType.ERROR;
                }
                if (a == ValueType.INT && b == ValueType.INT) {
                    if (operator == BinaryExpr.Operator.DIVIDE || operator == BinaryExpr.Operator.REMAINDER) {
                        checkIntDivisor(binary.getRight(), operator.asString());
                    }
                    return ValueType.INT;
                }
                return ValueType.DOUBLE;
            }
            case LESS, LESS_EQUALS, GREATER, GREATER_EQUALS -> {
                ValueType a = expression(binary.getLeft());
                ValueType b = expression(binary.getRight());
                if (a == ValueType.ERROR || b == ValueType.ERROR) {
                    return ValueType.ERROR;
                }
                if (!a.numeric() || !b.numeric()) {
                    report(
                            binary,
                            "operator " + operator.asString() + " compares numbers; found " + a.javaName() + " and "
                                    + b.javaName());
                    return ValueType.ERROR;
                }
                return ValueType.BOOLEAN;
            }
            case EQUALS, NOT_EQUALS -> {
                ValueType a = expression(binary.getLeft());
                ValueType b = expression(binary.getRight());
                if (a == ValueType.ERROR || b == ValueType.ERROR) {
                    return ValueType.ERROR;
                }
                if ((a.numeric() && b.numeric()) || (a == ValueType.BOOLEAN && b == ValueType.BOOLEAN)) {
                    return ValueType.BOOLEAN;
                }
                report(
                        binary,
                        "operator " + operator.asString() + " compares two numbers or two booleans; found "
                                + a.javaName() + " and " + b.javaName());
                return ValueType.ERROR;
            }
            case AND, OR -> {
                expect(binary.getLeft(), ValueType.BOOLEAN, "an operand of " + operator.asString());
                expect(binary.getRight(), ValueType.BOOLEAN, "an operand of " + operator.asString());
                return ValueType.BOOLEAN;
            }
            default -> {
                report(
                        binary,
                        "operator " + operator.asString() + " is not allowed; use arithmetic (+ - * / %),"
                                + " comparisons, && and ||");
                return ValueType.ERROR;
            }
        }
    }

    private void checkIntDivisor(Expression divisor, String operator) {
        long[] range = interval(divisor);
        if (range == null || range[0] != range[1] || range[0] == 0 || range[0] == -1) {
            report(
                    divisor,
                    "int " + operator + " needs a constant divisor other than 0 and -1; found " + divisor
                            + ": divide doubles instead, e.g. (double) a " + operator + " b");
        }
    }

    private ValueType unary(UnaryExpr unary) {
        UnaryExpr.Operator operator = unary.getOperator();
        if (isIncrement(operator)) {
            expression(unary.getExpression());
            report(unary, operator.asString() + " can only be used as a statement or a loop update");
            return ValueType.ERROR;
        }
        ValueType operand = expression(unary.getExpression());
        if (operand == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        switch (operator) {
            case PLUS, MINUS -> {
                if (operand.numeric()) {
                    return operand;
                }
                report(unary, "unary " + operator.asString() + " needs a number; found " + operand.javaName());
                return ValueType.ERROR;
            }
            case LOGICAL_COMPLEMENT -> {
                if (operand == ValueType.BOOLEAN) {
                    return ValueType.BOOLEAN;
                }
                report(unary, "! needs a boolean; found " + operand.javaName() + " " + unary.getExpression());
                return ValueType.ERROR;
            }
            default -> {
                report(unary, "operator " + operator.asString() + " is not allowed");
                return ValueType.ERROR;
            }
        }
    }

    /** The provable value range of an int expression, or null when it is not known statically. */
    private long[] interval(Expression expression) {
        Expression e = unparenthesized(expression);
        if (e instanceof IntegerLiteralExpr literal) {
            try {
                long v = literal.asInt();
                return new long[] {v, v};
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        if (e instanceof NameExpr name) {
            Local local = lookup(name.getNameAsString());
            return local != null && local.lo() != null ? new long[] {local.lo(), local.hi()} : null;
        }
        if (e instanceof FieldAccessExpr field
                && field.getNameAsString().equals("length")
                && field.getScope() instanceof FieldAccessExpr array
                && isStateAccess(array)) {
            StateLayout.StateField stateField = layout.field(array.getNameAsString());
            return stateField != null && stateField.kind() == StateLayout.Kind.DOUBLE_ARRAY
                    ? new long[] {stateField.length(), stateField.length()}
                    : null;
        }
        if (e instanceof UnaryExpr unary && unary.getOperator() == UnaryExpr.Operator.MINUS) {
            long[] r = interval(unary.getExpression());
            return r == null ? null : new long[] {-r[1], -r[0]};
        }
        if (e instanceof BinaryExpr binary) {
            long[] a = interval(binary.getLeft());
            long[] b = interval(binary.getRight());
            if (a == null || b == null) {
                return null;
            }
            long[] result =
                    switch (binary.getOperator()) {
                        case PLUS -> new long[] {a[0] + b[0], a[1] + b[1]};
                        case MINUS -> new long[] {a[0] - b[1], a[1] - b[0]};
                        case MULTIPLY -> {
                            long p1 = a[0] * b[0];
                            long p2 = a[0] * b[1];
                            long p3 = a[1] * b[0];
                            long p4 = a[1] * b[1];
                            yield new long[] {
                                Math.min(Math.min(p1, p2), Math.min(p3, p4)),
                                Math.max(Math.max(p1, p2), Math.max(p3, p4))
                            };
                        }
                        default -> null;
                    };
            // int arithmetic wraps; a range outside int is not a proof of anything
            if (result == null || result[0] < Integer.MIN_VALUE || result[1] > Integer.MAX_VALUE) {
                return null;
            }
            return result;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Whole-program checks

    private void checkRecursionAndCost() {
        Map<MethodDeclaration, List<MethodDeclaration>> graph = new IdentityHashMap<>();
        for (CallSite site : callSites) {
            graph.computeIfAbsent(site.caller(), k -> new ArrayList<>()).add(site.callee());
        }
        boolean recursive = false;
        for (CallSite site : callSites) {
            List<String> path = pathTo(graph, site.callee(), site.caller(), new HashSet<>());
            if (path != null) {
                recursive = true;
                String chain = site.caller().getNameAsString() + " -> " + String.join(" -> ", path);
                report(site.call(), "recursion is not allowed (" + chain + "); compute it with a bounded for loop");
            }
        }
        if (recursive) {
            return;
        }
        Map<MethodDeclaration, Long> costs = new IdentityHashMap<>();
        long cost = methodCost(entry, costs);
        if (cost > MAX_COST) {
            report(
                    entry.getName(),
                    "the program would run about " + cost + " operations per evaluation; at most " + MAX_COST
                            + " are allowed: nest fewer loops or call helpers fewer times");
        }
    }

    private static List<String> pathTo(
            Map<MethodDeclaration, List<MethodDeclaration>> graph,
            MethodDeclaration from,
            MethodDeclaration to,
            Set<String> seen) {
        if (from == to) {
            return new ArrayList<>(List.of(from.getNameAsString()));
        }
        if (!seen.add(from.getNameAsString())) {
            return null;
        }
        for (MethodDeclaration next : graph.getOrDefault(from, List.of())) {
            List<String> rest = pathTo(graph, next, to, seen);
            if (rest != null) {
                rest.add(0, from.getNameAsString());
                return rest;
            }
        }
        return null;
    }

    private long methodCost(MethodDeclaration method, Map<MethodDeclaration, Long> costs) {
        Long known = costs.get(method);
        if (known != null) {
            return known;
        }
        long cost = 1 + nodeCost(method.getBody().orElseThrow(), costs);
        costs.put(method, cost);
        return cost;
    }

    /** Saturating estimate: every node costs 1, loops multiply their body, calls add their callee. */
    private long nodeCost(Node node, Map<MethodDeclaration, Long> costs) {
        long cost = 1;
        if (node instanceof ForStmt loop) {
            long body = nodeCost(loop.getBody(), costs);
            long condition = loop.getCompare().map(c -> nodeCost(c, costs)).orElse(1L) + 2;
            return saturate(cost
                    + (loopCounts.getOrDefault(loop, MAX_LOOP_ITERATIONS) + 1L)
                            * Math.min(body + condition, MAX_COST + 1));
        }
        if (node instanceof MethodCallExpr call && call.getScope().isEmpty()) {
            MethodDeclaration callee = methods.get(call.getNameAsString());
            if (callee != null) {
                cost = saturate(cost + methodCost(callee, costs));
            }
        }
        for (Node child : node.getChildNodes()) {
            cost = saturate(cost + nodeCost(child, costs));
        }
        return cost;
    }

    private static long saturate(long value) {
        return Math.min(value, Long.MAX_VALUE / 4);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static boolean isIncrement(UnaryExpr.Operator operator) {
        return operator == UnaryExpr.Operator.PREFIX_INCREMENT
                || operator == UnaryExpr.Operator.PREFIX_DECREMENT
                || operator == UnaryExpr.Operator.POSTFIX_INCREMENT
                || operator == UnaryExpr.Operator.POSTFIX_DECREMENT;
    }

    private static boolean isComparison(BinaryExpr.Operator operator) {
        return operator == BinaryExpr.Operator.LESS
                || operator == BinaryExpr.Operator.LESS_EQUALS
                || operator == BinaryExpr.Operator.GREATER
                || operator == BinaryExpr.Operator.GREATER_EQUALS;
    }

    private static boolean isPrimitive(Type type, PrimitiveType.Primitive primitive) {
        return type instanceof PrimitiveType p && p.getType() == primitive;
    }

    /** The language type a declared Java type denotes, or null when it is not double, int or boolean. */
    static ValueType valueType(Type type) {
        if (type instanceof PrimitiveType p) {
            return switch (p.getType()) {
                case DOUBLE -> ValueType.DOUBLE;
                case INT -> ValueType.INT;
                case BOOLEAN -> ValueType.BOOLEAN;
                default -> null;
            };
        }
        return null;
    }

    private static String describe(Node node) {
        String simple = node.getClass().getSimpleName();
        return simple.replaceAll("(Stmt|Expr|Declaration)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private void report(Node node, String message) {
        reportAt(node.getBegin().orElse(null), message);
    }

    private void reportAt(Position position, String message) {
        if (position == null || position.line <= 1) {
            problems.add(new Problem(Stage.VALIDATE, 0, 0, message));
        } else {
            problems.add(new Problem(Stage.VALIDATE, position.line - 1, position.column, message));
        }
    }
}
