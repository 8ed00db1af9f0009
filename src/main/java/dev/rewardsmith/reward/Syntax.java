package dev.rewardsmith.reward;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;

/** Questions about the shape of a syntax node that several passes ask, answered without names or types. */
final class Syntax {

    private Syntax() {}

    static boolean isIncrement(UnaryExpr.Operator operator) {
        return operator == UnaryExpr.Operator.PREFIX_INCREMENT
                || operator == UnaryExpr.Operator.PREFIX_DECREMENT
                || operator == UnaryExpr.Operator.POSTFIX_INCREMENT
                || operator == UnaryExpr.Operator.POSTFIX_DECREMENT;
    }

    static boolean isComparison(BinaryExpr.Operator operator) {
        return operator == BinaryExpr.Operator.LESS
                || operator == BinaryExpr.Operator.LESS_EQUALS
                || operator == BinaryExpr.Operator.GREATER
                || operator == BinaryExpr.Operator.GREATER_EQUALS;
    }

    static boolean isPrimitive(Type type, PrimitiveType.Primitive primitive) {
        return type instanceof PrimitiveType p && p.getType() == primitive;
    }

    /** A name or a chain of field accesses on a name, such as {@code a.b.c}. */
    static boolean isNameChain(Expression expression) {
        return expression instanceof NameExpr
                || (expression instanceof FieldAccessExpr field && isNameChain(field.getScope()));
    }

    static Expression unparenthesized(Expression expression) {
        Expression e = expression;
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        return e;
    }
}
