package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.IdentityHashMap;

/**
 * The types of what a name refers to: a local variable or class constant, a field or array element of the state
 * view or of a read-only alias of a state array (with the index proved in range), or Math.PI and Math.E; anything
 * else a name could reach is rejected.
 */
final class ReferenceTypes {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final IntRanges ranges;
    private final StateLayout layout;
    private final ExpressionTypes expressions;
    private final IdentityHashMap<Node, Integer> lengths;

    /** @param lengths receives the length behind every checked {@code .length}, for the emitters */
    ReferenceTypes(
            ValidationProblems problems,
            Scopes scopes,
            IntRanges ranges,
            StateLayout layout,
            ExpressionTypes expressions,
            IdentityHashMap<Node, Integer> lengths) {
        this.problems = problems;
        this.scopes = scopes;
        this.ranges = ranges;
        this.layout = layout;
        this.expressions = expressions;
        this.lengths = lengths;
    }

    /**
     * The length of the array an expression denotes: a state array {@code s.arr}, or a local alias or helper
     * parameter of one; -1 when it is no array or its length is not known.
     */
    int arrayLength(Expression expression) {
        Expression e = Syntax.unparenthesized(expression);
        if (e instanceof FieldAccessExpr field && scopes.isStateAccess(field)) {
            StateLayout.StateField stateField = layout.field(field.getNameAsString());
            return stateField != null && stateField.kind() == StateLayout.Kind.DOUBLE_ARRAY ? stateField.length() : -1;
        }
        if (e instanceof NameExpr name) {
            Local local = scopes.lookup(name.getNameAsString());
            return local != null && local.type() == ValueType.ARRAY ? local.length() : -1;
        }
        return -1;
    }

    /** Whether the expression names an array local (an alias or a helper's array parameter). */
    private boolean isArrayLocal(Expression expression) {
        return Syntax.unparenthesized(expression) instanceof NameExpr name
                && scopes.lookup(name.getNameAsString()) != null
                && scopes.lookup(name.getNameAsString()).type() == ValueType.ARRAY;
    }

    /** A bare name: a local variable or helper parameter. */
    ValueType name(NameExpr name) {
        String text = name.getNameAsString();
        Local local = scopes.lookup(text);
        if (local != null) {
            return local.type();
        }
        if (text.equals(scopes.stateName())) {
            problems.report(
                    name,
                    "the state view " + text + " can only be read field by field, e.g. " + text + "."
                            + firstFieldName());
            return ValueType.ERROR;
        }
        if (text.equals(scopes.componentsName())) {
            problems.report(name, text + " can only be used as " + text + ".put(\"name\", value)");
            return ValueType.ERROR;
        }
        problems.report(
                name,
                "unknown name " + text + ": declare it as a local variable (double, int or boolean) before" + " use"
                        + (scopes.stateName() != null
                                ? "; state fields are read as " + scopes.stateName() + "." + text
                                : scopes.method() == null
                                        ? "; a class constant may use only earlier constants"
                                        : "; to read the state in a helper, take " + layout.simpleName()
                                                + " s as a parameter"));
        return ValueType.ERROR;
    }

    private String firstFieldName() {
        return layout.fields().isEmpty() ? "x" : layout.fields().get(0).name();
    }

    /** A state field, the length of a state array, Math.PI or Math.E. */
    ValueType fieldAccess(FieldAccessExpr field) {
        Expression scope = field.getScope();
        String name = field.getNameAsString();
        if (scope instanceof NameExpr scopeName && scopes.lookup(scopeName.getNameAsString()) == null) {
            String scopeText = scopeName.getNameAsString();
            if (scopeText.equals(scopes.stateName())) {
                StateLayout.StateField stateField = layout.field(name);
                if (stateField == null) {
                    StringBuilder known = new StringBuilder();
                    for (StateLayout.StateField f : layout.fields()) {
                        known.append(known.isEmpty() ? "" : ", ").append(f.name());
                    }
                    problems.report(field, "unknown field " + field + ": " + layout.simpleName() + " has " + known);
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
        if (name.equals("length") && (scopes.isStateAccess(scope) || isArrayLocal(scope))) {
            ValueType scopeType = expressions.expression(scope);
            if (scopeType == ValueType.ARRAY) {
                int length = arrayLength(scope);
                if (length < 0) {
                    problems.report(
                            field,
                            "the length of " + scope + " is not known: no call passes it a state array; call "
                                    + (scopes.method() == null
                                            ? "it"
                                            : scopes.method().getNameAsString()) + " with s.arr or remove it");
                    return ValueType.ERROR;
                }
                lengths.put(field, length);
                return ValueType.INT;
            }
            if (scopeType != ValueType.ERROR) {
                problems.report(
                        field,
                        ".length applies only to state arrays; found " + scope + " of type " + scopeType.javaName());
            }
            return ValueType.ERROR;
        }
        if (!Syntax.isNameChain(scope) && expressions.expression(scope) == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        problems.report(
                field,
                "field access " + ValidationProblems.text(field) + " is not allowed; read state fields as "
                        + (scopes.stateName() == null ? "s" : scopes.stateName())
                        + ".field (in the reward method) and Math.PI, Math.E");
        return ValueType.ERROR;
    }

    /** An element of a state array (or of an alias of one) at an index provably in range. */
    ValueType arrayAccess(ArrayAccessExpr access) {
        boolean array = scopes.isStateAccess(access.getName()) || isArrayLocal(access.getName());
        if (!array) {
            expressions.expression(access.getIndex());
            problems.report(
                    access,
                    "only state arrays and read-only aliases of them can be indexed, e.g. "
                            + (scopes.stateName() == null ? "s" : scopes.stateName()) + ".arr[i]; found " + access);
            return ValueType.ERROR;
        }
        ValueType arrayType = expressions.expression(access.getName());
        ValueType indexType = expressions.expression(access.getIndex());
        if (arrayType == ValueType.ERROR || indexType == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        if (arrayType != ValueType.ARRAY) {
            problems.report(
                    access,
                    access.getName() + " is " + arrayType.javaName() + ", not an array; only state arrays can be"
                            + " indexed");
            return ValueType.ERROR;
        }
        if (indexType != ValueType.INT) {
            problems.report(
                    access.getIndex(),
                    "an array index must be int; found " + indexType.javaName() + " " + access.getIndex()
                            + ": use a loop variable or a constant");
            return ValueType.ERROR;
        }
        int length = arrayLength(access.getName());
        if (length < 0) {
            problems.report(
                    access,
                    "the length of " + access.getName() + " is not known: no call passes it a state array; call "
                            + (scopes.method() == null ? "it" : scopes.method().getNameAsString())
                            + " with s.arr or remove it");
            return ValueType.ERROR;
        }
        long[] range = ranges.interval(access.getIndex());
        if (range == null || range[0] < 0 || range[1] >= length) {
            problems.report(
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
}
