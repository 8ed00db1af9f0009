package dev.rewardsmith.propose;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A normalized reward program as a mutable syntax tree, with the structure the moves rely on: the entry method,
 * its {@code c.put} components, its total (the return expression read as a sum of signed terms) and its
 * top-level local definitions. Printing gives the same layout the reward compiler normalizes to.
 */
final class ParsedProgram {

    private static final String WRAPPER = "class RewardProgram {\n";

    /** One recorded component: {@code c.put("name", value)}. */
    record Component(String name, ExpressionStmt statement, Expression value) {
        /** The local variable the value is, or null when the value is an inline expression. */
        String variable() {
            return value instanceof NameExpr name ? name.getNameAsString() : null;
        }
    }

    /** One term of a sum: {@code expression}, subtracted when {@code negative}. */
    record Term(boolean negative, Expression expression) {}

    private final JavaParser parser;
    private final List<MethodDeclaration> methods;
    private final MethodDeclaration entry;
    private final String stateName;
    private final String componentsName;

    private ParsedProgram(JavaParser parser, List<MethodDeclaration> methods, MethodDeclaration entry) {
        this.parser = parser;
        this.methods = methods;
        this.entry = entry;
        this.stateName = entry.getParameter(0).getNameAsString();
        this.componentsName = entry.getParameter(1).getNameAsString();
    }

    /**
     * Parses a normalized program (entry method and helpers).
     *
     * @throws IllegalArgumentException if it does not parse or has no {@code reward(State s, Components c)}
     */
    static ParsedProgram parse(String source) {
        JavaParser parser =
                new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
        ParseResult<CompilationUnit> result = parser.parse(WRAPPER + source + "\n}\n");
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new IllegalArgumentException("not a parseable reward program: " + result.getProblems());
        }
        CompilationUnit unit = result.getResult().get();
        List<MethodDeclaration> methods = unit.findAll(MethodDeclaration.class);
        MethodDeclaration entry = null;
        for (MethodDeclaration method : methods) {
            boolean components = method.getParameters().size() == 2
                    && method.getParameter(1).getTypeAsString().equals("Components");
            if (components
                    && method.getBody().isPresent()
                    && (entry == null || method.getNameAsString().equals("reward"))) {
                entry = method;
            }
        }
        if (entry == null) throw new IllegalArgumentException("no reward(State s, Components c) method");
        return new ParsedProgram(parser, methods, entry);
    }

    /** The methods as the reward compiler prints them: each pretty-printed, separated by a blank line. */
    String print() {
        StringBuilder source = new StringBuilder();
        for (MethodDeclaration method : methods) {
            if (!source.isEmpty()) source.append("\n\n");
            source.append(method.toString());
        }
        return source.append('\n').toString();
    }

    BlockStmt body() {
        return entry.getBody().orElseThrow();
    }

    String stateName() {
        return stateName;
    }

    String componentsName() {
        return componentsName;
    }

    List<MethodDeclaration> methods() {
        return methods;
    }

    Expression expression(String text) {
        return parser.parseExpression(text).getResult().orElseThrow(() -> new IllegalArgumentException(text));
    }

    Statement statement(String text) {
        return parser.parseStatement(text).getResult().orElseThrow(() -> new IllegalArgumentException(text));
    }

    /** Every {@code c.put} in the entry method, top-level or not, in source order. */
    List<Component> allComponents() {
        List<Component> out = new ArrayList<>();
        for (MethodCallExpr call : entry.findAll(MethodCallExpr.class)) {
            if (isPut(call) && call.getParentNode().orElse(null) instanceof ExpressionStmt statement) {
                String name = ((StringLiteralExpr) call.getArgument(0)).getValue();
                out.add(new Component(name, statement, call.getArgument(1)));
            }
        }
        return out;
    }

    private boolean isPut(MethodCallExpr call) {
        return call.getNameAsString().equals("put")
                && call.getScope().orElse(null) instanceof NameExpr scope
                && scope.getNameAsString().equals(componentsName)
                && call.getArguments().size() == 2
                && call.getArgument(0) instanceof StringLiteralExpr;
    }

    /**
     * The components when the program has the plain shape the structural moves edit: every put a top-level
     * statement and one return, the last statement; null otherwise.
     */
    List<Component> plainComponents() {
        if (soleReturn() == null) return null;
        List<Component> all = allComponents();
        for (Component component : all) {
            if (component.statement().getParentNode().orElse(null) != body()) return null;
        }
        return all;
    }

    /**
     * The put of that name whose value is a local variable (a program may record one name on several branches,
     * e.g. a constant on a failure branch), else its first put; null when there is none.
     */
    Component component(String name) {
        Component first = null;
        for (Component component : allComponents()) {
            if (!component.name().equals(name)) continue;
            if (component.variable() != null) return component;
            if (first == null) first = component;
        }
        return first;
    }

    /** The entry method's only return when it is its last top-level statement; null otherwise. */
    ReturnStmt soleReturn() {
        List<ReturnStmt> returns = entry.findAll(ReturnStmt.class);
        List<Statement> statements = body().getStatements();
        if (returns.size() != 1 || statements.isEmpty() || statements.getLast() != returns.get(0)) return null;
        return returns.get(0).getExpression().isPresent() ? returns.get(0) : null;
    }

    /** The declarator of a local declared by a top-level statement of the entry method; null otherwise. */
    VariableDeclarator topLevelLocal(String name) {
        for (Statement statement : body().getStatements()) {
            if (statement instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d) {
                for (VariableDeclarator v : d.getVariables()) {
                    if (v.getNameAsString().equals(name)) return v;
                }
            }
        }
        return null;
    }

    /** The top-level statement of the entry method that contains {@code node}; null if none does. */
    Statement topLevelStatement(Node node) {
        Node at = node;
        while (at != null) {
            Node parent = at.getParentNode().orElse(null);
            if (parent == body() && at instanceof Statement statement) return statement;
            at = parent;
        }
        return null;
    }

    /** How often {@code name} is read or assigned in the entry method (declarations do not count). */
    int uses(String name) {
        int n = 0;
        for (NameExpr e : entry.findAll(NameExpr.class)) {
            if (e.getNameAsString().equals(name)) n++;
        }
        return n;
    }

    /** Local, parameter and method names anywhere in the program, so new locals get fresh names. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (MethodDeclaration method : methods) {
            names.add(method.getNameAsString());
            method.getParameters().forEach(p -> names.add(p.getNameAsString()));
            method.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString()));
        }
        allComponents().forEach(c -> names.add(c.name()));
        return names;
    }

    /** {@code base} if no local, parameter, method or component has that name, else base2, base3, ... */
    String freshName(String base) {
        Set<String> taken = names();
        if (!taken.contains(base)) return base;
        for (int i = 2; ; i++) {
            if (!taken.contains(base + i)) return base + i;
        }
    }

    /** The state fields the entry method reads, by name. */
    Set<String> stateFieldsRead() {
        Set<String> read = new LinkedHashSet<>();
        for (FieldAccessExpr access : entry.findAll(FieldAccessExpr.class)) {
            if (isStateAccess(access)) read.add(access.getNameAsString());
        }
        return read;
    }

    boolean isStateAccess(FieldAccessExpr access) {
        return access.getScope() instanceof NameExpr scope
                && scope.getNameAsString().equals(stateName);
    }

    /**
     * The locals a component's value depends on through top-level definitions, the component's own variable
     * first; empty for an inline value.
     */
    Set<String> definitionOf(Component component) {
        Set<String> out = new LinkedHashSet<>();
        if (component.variable() != null) collect(component.variable(), out);
        return out;
    }

    private void collect(String local, Set<String> out) {
        if (!out.add(local)) return;
        VariableDeclarator declarator = topLevelLocal(local);
        if (declarator == null || declarator.getInitializer().isEmpty()) return;
        for (NameExpr e : declarator.getInitializer().get().findAll(NameExpr.class)) {
            if (topLevelLocal(e.getNameAsString()) != null) collect(e.getNameAsString(), out);
        }
    }

    /** For each local, the components whose definitions use it. */
    Map<String, Set<String>> owners() {
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        for (Component component : allComponents()) {
            for (String local : definitionOf(component)) {
                owners.computeIfAbsent(local, k -> new LinkedHashSet<>()).add(component.name());
            }
        }
        return owners;
    }

    /** A sum read as signed terms: {@code a + b - c} is [a, b, -c]; anything else is one term. */
    static List<Term> terms(Expression sum) {
        List<Term> out = new ArrayList<>();
        flatten(sum, false, out);
        return out;
    }

    private static void flatten(Expression e, boolean negative, List<Term> out) {
        if (e instanceof BinaryExpr b
                && (b.getOperator() == BinaryExpr.Operator.PLUS || b.getOperator() == BinaryExpr.Operator.MINUS)) {
            flatten(b.getLeft(), negative, out);
            flatten(b.getRight(), negative ^ (b.getOperator() == BinaryExpr.Operator.MINUS), out);
        } else {
            out.add(new Term(negative, e));
        }
    }

    /** The sum of terms, left to right (terms are cloned); at least one term. */
    static Expression sum(List<Term> terms) {
        Expression result = null;
        for (Term term : terms) {
            Expression e = term.expression().clone();
            if (result == null) {
                result = term.negative() ? new UnaryExpr(parenthesized(e), UnaryExpr.Operator.MINUS) : e;
            } else {
                result = new BinaryExpr(
                        result, e, term.negative() ? BinaryExpr.Operator.MINUS : BinaryExpr.Operator.PLUS);
            }
        }
        if (result == null) throw new IllegalArgumentException("a sum needs at least one term");
        return result;
    }

    /** {@code e} in parentheses when it is an operator expression that would bind differently as an operand. */
    static Expression parenthesized(Expression e) {
        return e instanceof BinaryExpr || e instanceof ConditionalExpr || e instanceof UnaryExpr
                ? new EnclosedExpr(e)
                : e;
    }
}
