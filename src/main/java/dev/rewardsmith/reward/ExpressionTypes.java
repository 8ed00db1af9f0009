package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static type of every expression, recorded for the emitters: literals, operators, ?:, casts and the whitelist
 * of expression kinds; names and state reads go to {@link ReferenceTypes}, calls to {@link CallTypes}.
 */
final class ExpressionTypes {

    private final ValidationProblems problems;
    private final IntRanges ranges;
    private final IdentityHashMap<Node, ValueType> types;
    private final ReferenceTypes references;
    private final CallTypes calls;
    private int nesting;

    ExpressionTypes(
            ValidationProblems problems,
            Scopes scopes,
            IntRanges ranges,
            IdentityHashMap<Node, ValueType> types,
            StateLayout layout,
            Map<String, MethodDeclaration> methods,
            MethodDeclaration entry,
            Map<Parameter, Integer> arrayLengths,
            IdentityHashMap<Node, Integer> lengths) {
        this.problems = problems;
        this.ranges = ranges;
        this.types = types;
        this.references = new ReferenceTypes(problems, scopes, ranges, layout, this, lengths);
        this.calls = new CallTypes(problems, scopes, methods, entry, this, references, layout, arrayLengths);
    }

    ReferenceTypes references() {
        return references;
    }

    /** The helper calls found so far, for the recursion and cost check. */
    List<CallSite> callSites() {
        return calls.sites();
    }

    /**
     * Types the expression and reports it when a value of the expected type cannot be stored from it; returns
     * whether the expression has exactly the expected type.
     */
    boolean expect(Expression expression, ValueType expected, String where) {
        ValueType found = expression(expression);
        if (found == expected) {
            return true;
        }
        if (!expected.accepts(found)) {
            String hint = found == ValueType.VOID
                    ? ": a void helper has no value; call it as a statement"
                    : expected == ValueType.INT && found == ValueType.DOUBLE
                            ? ": declare it double, or convert with (int) (truncates toward zero)"
                            : expected == ValueType.BOOLEAN
                                    ? ": use a comparison such as x > 0"
                                    : found == ValueType.BOOLEAN
                                            ? ": booleans are not numbers; use b ? 1.0 : 0.0"
                                            : found == ValueType.ARRAY
                                                    ? ": read one element, e.g. " + expression + "[0]"
                                                    : "";
            problems.report(
                    expression,
                    where + " must be " + expected.javaName() + "; found " + found.javaName() + " "
                            + ValidationProblems.text(expression) + hint);
        }
        return false;
    }

    /** Types the expression and its parts, records the type and returns it; ERROR when a problem was reported. */
    ValueType expression(Expression expression) {
        nesting++;
        try {
            if (nesting > ProgramChecker.MAX_NESTING) {
                problems.report(
                        expression,
                        "expression nested more than " + ProgramChecker.MAX_NESTING + " levels deep; split it into"
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
                problems.report(literal, "integer literal " + literal + " is out of int range; write it as a double");
                return ValueType.ERROR;
            }
        }
        if (expression instanceof DoubleLiteralExpr literal) {
            // a float literal is read as the double of the same digits (0.1f is 0.1), see package-info
            String text = literal.getValue();
            double value = ProgramChecker.doubleValue(literal);
            if (!Double.isFinite(value) || Math.abs(value) > ProgramChecker.MAX_LITERAL) {
                problems.report(
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
            problems.report(literal, "long literal " + literal + " is not allowed; use int or double");
            return ValueType.ERROR;
        }
        if (expression instanceof StringLiteralExpr
                || expression instanceof TextBlockLiteralExpr
                || expression instanceof CharLiteralExpr) {
            problems.report(
                    expression,
                    "strings are not allowed (found " + expression + "); the only string allowed is the"
                            + " literal component name in c.put(\"name\", value)");
            return ValueType.ERROR;
        }
        if (expression instanceof NullLiteralExpr) {
            problems.report(expression, "null is not allowed; use a number or boolean");
            return ValueType.ERROR;
        }
        if (expression instanceof NameExpr name) {
            return references.name(name);
        }
        if (expression instanceof FieldAccessExpr field) {
            return references.fieldAccess(field);
        }
        if (expression instanceof ArrayAccessExpr array) {
            return references.arrayAccess(array);
        }
        if (expression instanceof MethodCallExpr call) {
            return calls.call(call);
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
            problems.report(
                    conditional,
                    "both branches of ?: must be numbers or both booleans; found " + a.javaName() + " and "
                            + b.javaName());
            return ValueType.ERROR;
        }
        if (expression instanceof CastExpr cast) {
            ValueType operand = expression(cast.getExpression());
            ValueType target = ProgramChecker.valueType(cast.getType());
            if (target == ValueType.DOUBLE || target == ValueType.INT) {
                if (operand.numeric() || operand == ValueType.ERROR) {
                    return target;
                }
                problems.report(
                        cast,
                        "cannot cast " + operand.javaName() + " " + ValidationProblems.text(cast.getExpression())
                                + " to " + cast.getType() + ": casts convert numbers only; for a boolean b write"
                                + " b ? 1.0 : 0.0");
                return ValueType.ERROR;
            }
            problems.report(
                    cast,
                    "cast to " + cast.getType() + " is not allowed; only (double), (float) (read as double) and"
                            + " (int) are");
            return ValueType.ERROR;
        }
        if (expression instanceof AssignExpr) {
            problems.report(expression, "an assignment cannot be used as a value; write it as its own statement");
            return ValueType.ERROR;
        }
        if (expression instanceof ObjectCreationExpr creation) {
            problems.report(
                    expression,
                    "object creation (new " + ValidationProblems.text(creation.getType())
                            + "(...)) is not allowed; a reward "
                            + "program only computes with double, int and boolean values");
            return ValueType.ERROR;
        }
        if (expression instanceof ArrayCreationExpr || expression instanceof ArrayInitializerExpr) {
            problems.report(expression, "arrays cannot be created; read state arrays directly, e.g. s.arr[i]");
            return ValueType.ERROR;
        }
        if (expression instanceof LambdaExpr || expression instanceof MethodReferenceExpr) {
            problems.report(expression, "lambdas and method references are not allowed; write a helper method");
            return ValueType.ERROR;
        }
        if (expression instanceof ClassExpr) {
            problems.report(
                    expression,
                    "class literals (reflection) are not allowed; found " + expression
                            + ": read state fields as s.field");
            return ValueType.ERROR;
        }
        if (expression instanceof VariableDeclarationExpr) {
            problems.report(
                    expression,
                    "a variable declaration is not allowed inside an expression; declare it as its own statement");
            return ValueType.ERROR;
        }
        problems.report(
                expression,
                "expression not allowed: " + ValidationProblems.describe(expression) + " "
                        + ValidationProblems.text(expression)
                        + "; allowed are arithmetic, comparisons, &&, ||, !, ?:, state fields and "
                        + CallTypes.MATH_LIST);
        return ValueType.ERROR;
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
                    problems.report(
                            bad,
                            "operator " + operator.asString() + " needs numbers; found " + badType.javaName()
                                    + " " + bad
                                    + (badType == ValueType.BOOLEAN
                                            ? " (booleans are not numbers; use b ? 1.0" + " : 0.0)"
                                            : ""));
                    return ValueType.ERROR;
                }
                if (a == ValueType.INT && b == ValueType.INT) {
                    if (operator == BinaryExpr.Operator.DIVIDE) {
                        integerDivision(binary, binary.getLeft(), binary.getRight());
                    } else if (operator == BinaryExpr.Operator.REMAINDER) {
                        checkIntDivisor(binary.getRight(), "%");
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
                    problems.report(
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
                problems.report(
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
                problems.report(
                        binary,
                        "operator " + operator.asString() + " is not allowed; use arithmetic (+ - * / %),"
                                + " comparisons, && and ||");
                return ValueType.ERROR;
            }
        }
    }

    /**
     * Int {@code %} and {@code Math.floorMod} need a constant divisor other than 0 and -1, so they can neither trap
     * nor overflow.
     */
    void checkIntDivisor(Expression divisor, String operator) {
        long[] range = ranges.interval(divisor);
        if (range == null || range[0] != range[1] || range[0] == 0 || range[0] == -1) {
            problems.report(
                    divisor,
                    "int " + operator + " needs a constant divisor other than 0 and -1; found " + divisor
                            + ": use a constant such as 2, or compute with doubles");
        }
    }

    /**
     * Division of two ints drops the fraction (s.waypointsReached / 16 is 0 until 16), which a reward almost never
     * means; it is a problem whose hint divides as double.
     */
    void integerDivision(Node at, Expression left, Expression right) {
        String hint;
        String r = Syntax.unparenthesized(right).toString();
        String l0 = Syntax.unparenthesized(left).toString();
        if (r.matches("-?[0-9]+")) {
            hint = ValidationProblems.text(left) + " / " + r + ".0";
        } else if (l0.matches("-?[0-9]+")) {
            hint = l0 + ".0 / " + ValidationProblems.text(right);
        } else {
            String l = left instanceof BinaryExpr ? "(" + left + ")" : left.toString();
            hint = "(double) " + ValidationProblems.text(l) + " / " + ValidationProblems.text(right);
        }
        problems.report(
                at,
                "integer division " + ValidationProblems.text(left) + " / " + ValidationProblems.text(right)
                        + " drops the fraction (both operands are int); divide as double: " + hint,
                "divide as double: " + hint);
    }

    private ValueType unary(UnaryExpr unary) {
        UnaryExpr.Operator operator = unary.getOperator();
        if (Syntax.isIncrement(operator)) {
            expression(unary.getExpression());
            problems.report(unary, operator.asString() + " can only be used as a statement or a loop update");
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
                problems.report(unary, "unary " + operator.asString() + " needs a number; found " + operand.javaName());
                return ValueType.ERROR;
            }
            case LOGICAL_COMPLEMENT -> {
                if (operand == ValueType.BOOLEAN) {
                    return ValueType.BOOLEAN;
                }
                problems.report(unary, "! needs a boolean; found " + operand.javaName() + " " + unary.getExpression());
                return ValueType.ERROR;
            }
            default -> {
                problems.report(
                        unary, "operator " + operator.asString() + " is not allowed; unary operators are -, + and !");
                return ValueType.ERROR;
            }
        }
    }
}
