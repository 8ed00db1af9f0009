package dev.rewardsmith.reward;

import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;

/**
 * The types of what a name refers to: a local variable, a field or array element of the state view (with the index
 * proved in range), or Math.PI and Math.E; anything else a name could reach is rejected.
 */
final class ReferenceTypes {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final IntRanges ranges;
    private final StateLayout layout;
    private final ExpressionTypes expressions;

    ReferenceTypes(
            ValidationProblems problems,
            Scopes scopes,
            IntRanges ranges,
            StateLayout layout,
            ExpressionTypes expressions) {
        this.problems = problems;
        this.scopes = scopes;
        this.ranges = ranges;
        this.layout = layout;
        this.expressions = expressions;
    }

    /** A bare name: a local variable or helper parameter. */
    ValueType name(NameExpr name) {
        String text = name.getNameAsString();
        Local local = scopes.lookup(text);
        if (local != null) {
            return local.type();
        }
        if (scopes.inEntry() && text.equals(scopes.stateName())) {
            problems.report(
                    name,
                    "the state view " + text + " can only be read field by field, e.g. " + text + "."
                            + firstFieldName());
            return ValueType.ERROR;
        }
        if (scopes.inEntry() && text.equals(scopes.componentsName())) {
            problems.report(name, text + " can only be used as " + text + ".put(\"name\", value)");
            return ValueType.ERROR;
        }
        problems.report(
                name,
                "unknown name " + text + ": declare it as a local variable (double, int or boolean) before" + " use"
                        + (scopes.inEntry() ? "; state fields are read as " + scopes.stateName() + "." + text : ""));
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
            if (scopes.inEntry() && scopeText.equals(scopes.stateName())) {
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
        if (name.equals("length") && scopes.isStateAccess(scope)) {
            ValueType scopeType = expressions.expression(scope);
            if (scopeType == ValueType.ARRAY) {
                return ValueType.INT;
            }
            if (scopeType != ValueType.ERROR) {
                problems.report(field, ".length applies only to state arrays");
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

    /** An element of a state array at an index provably in range. */
    ValueType arrayAccess(ArrayAccessExpr access) {
        ValueType arrayType =
                scopes.isStateAccess(access.getName()) ? expressions.expression(access.getName()) : ValueType.ERROR;
        if (!scopes.isStateAccess(access.getName())) {
            problems.report(
                    access,
                    "only state arrays can be indexed, e.g. " + (scopes.stateName() == null ? "s" : scopes.stateName())
                            + ".arr[i]; found " + access);
            return ValueType.ERROR;
        }
        ValueType indexType = expressions.expression(access.getIndex());
        if (arrayType == ValueType.ERROR || indexType == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        if (arrayType != ValueType.ARRAY) {
            problems.report(access, access.getName() + " is not an array");
            return ValueType.ERROR;
        }
        if (indexType != ValueType.INT) {
            problems.report(
                    access.getIndex(),
                    "an array index must be int; found " + indexType.javaName() + " " + access.getIndex());
            return ValueType.ERROR;
        }
        int length = layout.field(((FieldAccessExpr) Syntax.unparenthesized(access.getName())).getNameAsString())
                .length();
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
