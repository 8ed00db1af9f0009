package dev.rewardsmith.reward;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.type.PrimitiveType;

/**
 * The provable value range of an int expression, built from literals, array lengths, constant locals and class
 * constants, {@code (int)} of those and {@code + - *}; it is what loop bounds, array indexes and int divisors must be proved with.
 */
final class IntRanges {

    private final Scopes scopes;
    private final StateLayout layout;

    IntRanges(Scopes scopes, StateLayout layout) {
        this.scopes = scopes;
        this.layout = layout;
    }

    /** The provable value range of an int expression, or null when it is not known statically. */
    long[] interval(Expression expression) {
        Expression e = Syntax.unparenthesized(expression);
        if (e instanceof IntegerLiteralExpr literal) {
            try {
                long v = literal.asInt();
                return new long[] {v, v};
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        if (e instanceof NameExpr name) {
            Local local = scopes.lookup(name.getNameAsString());
            return local != null && local.lo() != null ? new long[] {local.lo(), local.hi()} : null;
        }
        if (e instanceof FieldAccessExpr field
                && field.getNameAsString().equals("length")
                && field.getScope() instanceof FieldAccessExpr array
                && scopes.isStateAccess(array)) {
            StateLayout.StateField stateField = layout.field(array.getNameAsString());
            return stateField != null && stateField.kind() == StateLayout.Kind.DOUBLE_ARRAY
                    ? new long[] {stateField.length(), stateField.length()}
                    : null;
        }
        if (e instanceof FieldAccessExpr field
                && field.getNameAsString().equals("length")
                && Syntax.unparenthesized(field.getScope()) instanceof NameExpr name) {
            Local local = scopes.lookup(name.getNameAsString());
            return local != null && local.type() == ValueType.ARRAY && local.length() >= 0
                    ? new long[] {local.length(), local.length()}
                    : null;
        }
        if (e instanceof CastExpr cast && Syntax.isPrimitive(cast.getType(), PrimitiveType.Primitive.INT)) {
            // (int) of an int is the int; of a double it is not known statically
            return interval(cast.getExpression());
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
}
