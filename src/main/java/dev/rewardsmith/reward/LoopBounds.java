package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.type.PrimitiveType;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The constant-bounded for loop: a header {@code for (int i = A; i < B; i++)} (also {@code <=, >, >=}, {@code i--},
 * {@code i += k}, {@code i -= k}) with constants, proved to end within the iteration limit; the loop variable gets
 * the range it provably spans.
 */
final class LoopBounds {

    private static final String SHAPE = "; loops have the form for (int i = A; i < B; i++) with constants A and B,"
            + " at most " + ProgramChecker.MAX_LOOP_ITERATIONS + " iterations";

    /** What a loop header proved so far; valid turns false at the first rule the header breaks. */
    private static final class Header {
        String variable;
        long start;
        boolean valid = true;
        BinaryExpr.Operator comparison;
        long bound;
        long step;
    }

    /** How often a loop runs and the range its variable spans. */
    private record Span(long count, long lo, long hi) {}

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final IntRanges ranges;
    private final ExpressionTypes expressions;
    private final IdentityHashMap<Node, ValueType> types;
    private final IdentityHashMap<Node, Integer> iterations = new IdentityHashMap<>();

    LoopBounds(
            ValidationProblems problems,
            Scopes scopes,
            IntRanges ranges,
            ExpressionTypes expressions,
            IdentityHashMap<Node, ValueType> types) {
        this.problems = problems;
        this.scopes = scopes;
        this.ranges = ranges;
        this.expressions = expressions;
        this.types = types;
    }

    /** How many times each checked loop (for or for-each) runs, at most the limit; for the cost estimate. */
    Map<Node, Integer> iterations() {
        return iterations;
    }

    /** A for-each loop over an array of {@code length} elements runs that many times. */
    void forEach(ForEachStmt loop, int length) {
        iterations.put(loop, Math.max(0, Math.min(length, ProgramChecker.MAX_LOOP_ITERATIONS)));
    }

    /**
     * Checks the header of a loop and declares its variable in the current scope. Returns false for a loop without
     * a condition, whose header is not checked further.
     */
    boolean header(ForStmt loop) {
        if (loop.getCompare().isEmpty()) {
            problems.report(loop, "a for loop without a condition never ends" + SHAPE);
            iterations.put(loop, ProgramChecker.MAX_LOOP_ITERATIONS);
            return false;
        }
        Header header = new Header();
        start(loop, header);
        condition(loop.getCompare().get(), header);
        update(loop, header);
        Span span = span(loop, header);
        if (header.variable != null) {
            VariableDeclarator declarator = ((VariableDeclarationExpr)
                            loop.getInitialization().get(0))
                    .getVariables()
                    .get(0);
            scopes.declare(
                    declarator.getName(),
                    header.variable,
                    new Local(header.variable, ValueType.INT, false, true, span.lo(), span.hi()));
            types.put(loop.getInitialization().get(0), ValueType.INT);
        }
        iterations.put(loop, (int) Math.min(span.count(), ProgramChecker.MAX_LOOP_ITERATIONS));
        return true;
    }

    /** The initialization: one int variable with a constant start. */
    private void start(ForStmt loop, Header header) {
        if (loop.getInitialization().size() == 1
                && loop.getInitialization().get(0) instanceof VariableDeclarationExpr declaration
                && declaration.getVariables().size() == 1
                && (Syntax.isPrimitive(declaration.getVariables().get(0).getType(), PrimitiveType.Primitive.INT)
                        || declaration.getVariables().get(0).getType().isVarType())
                && declaration.getVariables().get(0).getInitializer().isPresent()) {
            VariableDeclarator declarator = declaration.getVariables().get(0);
            Expression initializer = declarator.getInitializer().get();
            expressions.expect(initializer, ValueType.INT, "the loop start");
            long[] range = ranges.interval(initializer);
            header.variable = declarator.getNameAsString();
            if (range == null || range[0] != range[1]) {
                problems.report(initializer, "the loop must start at a constant; found " + initializer + SHAPE);
                header.valid = false;
            } else {
                header.start = range[0];
            }
        } else {
            problems.report(loop, "the loop must declare one int variable with a constant start" + SHAPE);
            header.valid = false;
            for (Expression init : loop.getInitialization()) {
                expressions.expression(init);
            }
        }
    }

    /** The condition: the loop variable compared with a constant bound. */
    private void condition(Expression condition, Header header) {
        if (header.variable != null
                && condition instanceof BinaryExpr compare
                && compare.getLeft() instanceof NameExpr left
                && left.getNameAsString().equals(header.variable)
                && Syntax.isComparison(compare.getOperator())) {
            types.put(left, ValueType.INT);
            expressions.expect(compare.getRight(), ValueType.INT, "the loop bound");
            long[] range = ranges.interval(compare.getRight());
            types.put(compare, ValueType.BOOLEAN);
            if (range == null || range[0] != range[1]) {
                problems.report(
                        compare.getRight(),
                        "the loop bound must be a constant (a number or s.arr.length); found " + compare.getRight()
                                + SHAPE);
                header.valid = false;
            } else {
                header.bound = range[0];
                header.comparison = compare.getOperator();
            }
        } else {
            problems.report(
                    condition,
                    "the loop condition must compare the loop variable with a constant," + " e.g. i < 8; found "
                            + condition + SHAPE);
            header.valid = false;
        }
    }

    /** The update: exactly one i++, i--, i += k or i -= k with a positive constant k. */
    private void update(ForStmt loop, Header header) {
        String variable = header.variable;
        if (variable != null && loop.getUpdate().size() == 1) {
            Expression update = loop.getUpdate().get(0);
            if (update instanceof UnaryExpr unary
                    && unary.getExpression() instanceof NameExpr name
                    && name.getNameAsString().equals(variable)
                    && Syntax.isIncrement(unary.getOperator())) {
                boolean up = unary.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                        || unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT;
                header.step = up ? 1 : -1;
                types.put(name, ValueType.INT);
                types.put(unary, ValueType.INT);
            } else if (update instanceof AssignExpr assign
                    && assign.getTarget() instanceof NameExpr name
                    && name.getNameAsString().equals(variable)
                    && (assign.getOperator() == AssignExpr.Operator.PLUS
                            || assign.getOperator() == AssignExpr.Operator.MINUS)) {
                expressions.expect(assign.getValue(), ValueType.INT, "the loop step");
                long[] range = ranges.interval(assign.getValue());
                types.put(name, ValueType.INT);
                types.put(assign, ValueType.INT);
                if (range == null || range[0] != range[1] || range[0] < 1) {
                    problems.report(
                            assign.getValue(),
                            "the loop step must be a positive constant; found " + assign.getValue() + SHAPE);
                    header.valid = false;
                } else {
                    header.step = assign.getOperator() == AssignExpr.Operator.PLUS ? range[0] : -range[0];
                }
            } else {
                problems.report(
                        update,
                        "the loop update must be " + variable + "++, " + variable + "--, " + variable + " += k or "
                                + variable + " -= k; found " + update + SHAPE);
                header.valid = false;
            }
        } else if (variable != null) {
            problems.report(
                    loop, "the loop needs exactly one update of " + variable + " such as " + variable + "++" + SHAPE);
            header.valid = false;
        }
    }

    /**
     * How many times a valid header runs: it must go towards its bound, stay within the limit and keep its variable
     * in int. An invalid header counts 0 iterations, and its variable spans only its start.
     */
    private Span span(ForStmt loop, Header header) {
        long start = header.start;
        long step = header.step;
        long bound = header.bound;
        BinaryExpr.Operator comparison = header.comparison;
        if (!header.valid || comparison == null || step == 0) {
            return new Span(0, start, start);
        }
        boolean up = comparison == BinaryExpr.Operator.LESS || comparison == BinaryExpr.Operator.LESS_EQUALS;
        if (up != step > 0) {
            problems.report(
                    loop.getUpdate().get(0),
                    "the loop update goes the wrong way for the condition "
                            + loop.getCompare().get() + ", so it would never end" + SHAPE);
            return new Span(0, start, start);
        }
        long last =
                switch (comparison) {
                    case LESS -> bound - 1;
                    case LESS_EQUALS, GREATER_EQUALS -> bound;
                    default -> bound + 1;
                };
        long span = up ? last - start : start - last;
        long stride = Math.abs(step);
        long count = span < 0 ? 0 : span / stride + 1;
        long end = start + count * step;
        if (count > ProgramChecker.MAX_LOOP_ITERATIONS) {
            problems.report(
                    loop,
                    "the loop runs " + count + " times; at most " + ProgramChecker.MAX_LOOP_ITERATIONS
                            + " iterations are allowed");
        } else if (end > Integer.MAX_VALUE || end < Integer.MIN_VALUE) {
            problems.report(loop, "the loop variable would overflow int; keep loop constants small");
        } else if (count > 0) {
            long lastValue = start + (count - 1) * step;
            return new Span(count, Math.min(start, lastValue), Math.max(start, lastValue));
        }
        return new Span(count, start, start);
    }
}
