package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import java.util.IdentityHashMap;

/**
 * Local variables as statements declare and change them: declared double, int, boolean (float as double, var
 * inferred) or as a read-only {@code double[]} alias of a state array; assigned only when neither final, a loop
 * variable, an alias nor a class constant, and never the parameters, the state view or any field or array.
 */
final class LocalVariables {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final IntRanges ranges;
    private final ExpressionTypes expressions;
    private final IdentityHashMap<Node, ValueType> types;

    LocalVariables(
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

    /** A declaration statement; a final int initialized with a provable range keeps that range. */
    void declaration(VariableDeclarationExpr declaration) {
        if (!declaration.getAnnotations().isEmpty()) {
            problems.report(
                    declaration.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + declaration.getAnnotations().get(0));
        }
        boolean isFinal = declaration.isFinal();
        for (VariableDeclarator variable : declaration.getVariables()) {
            String name = variable.getNameAsString();
            Local local = declare(variable, isFinal, "variable " + name);
            scopes.declare(variable.getName(), name, local);
        }
    }

    /**
     * Types one declarator (a local, or a class constant) and returns what it declares: {@code var} takes the type
     * of its value, float is double, {@code double[]} is a read-only alias of the state array it is given, and a
     * final int with a provable value keeps that range. The declarator's type is recorded for the emitters.
     */
    Local declare(VariableDeclarator variable, boolean isFinal, String where) {
        String name = variable.getNameAsString();
        Expression initializer = variable.getInitializer().orElse(null);
        ValueType type;
        if (variable.getType().isVarType()) {
            if (initializer == null) {
                problems.report(
                        variable.getType(),
                        "variable " + name + " is declared var without a value; write its type (double, int or"
                                + " boolean) or give it a value");
                type = ValueType.ERROR;
            } else {
                type = expressions.expression(initializer);
                if (type == ValueType.VOID) {
                    problems.report(
                            initializer,
                            "variable " + name + " is given " + ValidationProblems.text(initializer)
                                    + ", which returns void; a void helper can only be called as a statement");
                    type = ValueType.ERROR;
                }
            }
        } else {
            type = ProgramChecker.valueType(variable.getType());
            if (type == null) {
                String found = variable.getType().asString();
                String hint = variable.getType().isArrayType()
                        ? "arrays cannot be created; only double[] aliases of state arrays are allowed, e.g."
                                + " double[] q = s.arr"
                        : "local variables are double, int, boolean (float is read as double) or double[] aliases"
                                + " of state arrays";
                problems.report(variable.getType(), "variable " + name + " has type " + found + ": " + hint);
                type = ValueType.ERROR;
            }
            if (initializer != null) {
                expressions.expect(initializer, type, where);
            }
        }
        types.put(variable, type);
        if (type == ValueType.ARRAY) {
            int length = initializer == null ? -1 : expressions.references().arrayLength(initializer);
            if (length < 0) {
                problems.report(
                        variable.getType(),
                        "array " + name + " must be given a state array, e.g. double[] " + name + " = s.arr;"
                                + " arrays cannot be created, only state arrays aliased (read only)");
            }
            return Local.array(name, length);
        }
        Long lo = null;
        Long hi = null;
        // without an initializer a local starts at 0 / false on both targets (Java would demand an assignment
        // first; a default is as safe and kinder to programs that assign on every branch)
        if (initializer != null && type == ValueType.INT && isFinal) {
            long[] range = ranges.interval(initializer);
            if (range != null) {
                lo = range[0];
                hi = range[1];
            }
        }
        return new Local(name, type, isFinal, false, lo, hi);
    }

    /** An assignment statement: =, or a compound operator on a number. */
    void assignment(AssignExpr assignment) {
        Local local = assignableLocal(assignment.getTarget());
        AssignExpr.Operator operator = assignment.getOperator();
        Expression value = assignment.getValue();
        if (local == null) {
            expressions.expression(value);
            types.put(assignment, ValueType.ERROR);
            return;
        }
        types.put(assignment, local.type());
        switch (operator) {
            case ASSIGN -> expressions.expect(value, local.type(), "variable " + local.name());
            case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                if (local.type() == ValueType.DOUBLE) {
                    expressions.expect(value, ValueType.DOUBLE, "variable " + local.name());
                } else if (local.type() == ValueType.INT) {
                    boolean intValue = expressions.expect(
                            value,
                            ValueType.INT,
                            "int variable " + local.name() + " (declare it double to mix in double values)");
                    if (operator == AssignExpr.Operator.DIVIDE && intValue) {
                        expressions.integerDivision(assignment, assignment.getTarget(), value);
                    } else if (operator == AssignExpr.Operator.REMAINDER) {
                        expressions.checkIntDivisor(value, operator.asString());
                    }
                } else if (local.type() == ValueType.BOOLEAN || local.type() == ValueType.ARRAY) {
                    expressions.expression(value);
                    problems.report(
                            assignment,
                            operator.asString() + " needs a number; " + local.name() + " is "
                                    + local.type().javaName());
                } else {
                    expressions.expression(value);
                }
            }
            default -> {
                expressions.expression(value);
                problems.report(
                        assignment, "operator " + operator.asString() + " is not allowed; use =, +=, -=, *=, /= or %=");
            }
        }
    }

    /** An increment or decrement statement of a number variable. */
    void increment(UnaryExpr unary) {
        Local local = assignableLocal(unary.getExpression());
        if (local != null && !local.type().numeric()) {
            problems.report(
                    unary,
                    unary.getOperator().asString() + " needs a double or int variable; " + local.name() + " is "
                            + local.type().javaName());
        }
        types.put(unary, local == null ? ValueType.ERROR : local.type());
    }

    /** The local the target names, if it may be assigned; otherwise reports why and returns null. */
    private Local assignableLocal(Expression target) {
        if (target instanceof NameExpr name) {
            Local local = scopes.lookup(name.getNameAsString());
            if (local == null) {
                if (name.getNameAsString().equals(scopes.stateName())
                        || name.getNameAsString().equals(scopes.componentsName())) {
                    problems.report(target, "parameter " + name + " cannot be assigned");
                } else {
                    problems.report(
                            target, "unknown variable " + name + ": declare it first, e.g. double " + name + " = 0.0;");
                }
                return null;
            }
            if (local.type() == ValueType.ARRAY) {
                problems.report(
                        target,
                        "array " + name + " is a read-only alias of a state array and cannot be assigned; declare"
                                + " another alias");
                return null;
            }
            if (scopes.isConstant(name.getNameAsString()) && scopes.lookup(name.getNameAsString()) == local) {
                problems.report(target, "class constant " + name + " cannot be assigned; copy it into a local");
                return null;
            }
            if (local.loopVariable()) {
                problems.report(target, "loop variable " + name + " cannot be changed inside its loop");
                return null;
            }
            if (local.isFinal()) {
                problems.report(target, "variable " + name + " is final and cannot be assigned");
                return null;
            }
            return local;
        }
        if (scopes.isStateAccess(target)) {
            problems.report(
                    target,
                    "writes to the state view are not allowed (" + target
                            + "); copy the value into a local variable and change that");
            return null;
        }
        if (target instanceof ArrayAccessExpr access && expressions.references().arrayLength(access.getName()) >= 0) {
            problems.report(
                    target,
                    "writes to state arrays are not allowed (" + target + " is read only); copy the value into a"
                            + " local variable and change that");
            return null;
        }
        if (target instanceof FieldAccessExpr || target instanceof ArrayAccessExpr) {
            problems.report(
                    target, "field and array writes are not allowed (" + target + "); assign local variables only");
            return null;
        }
        problems.report(target, "cannot assign to " + target + "; assign local variables only");
        return null;
    }
}
