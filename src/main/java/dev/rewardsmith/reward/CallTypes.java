package dev.rewardsmith.reward;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types of method calls: the program's own helpers (arguments checked against their parameters, each call
 * recorded for the recursion and cost check) and the whitelisted Math methods; every other call is rejected.
 */
final class CallTypes {

    private static final Set<String> MATH_BINARY = Set.of("pow", "hypot", "atan2", "min", "max");
    static final String MATH_LIST = "Math.abs, min, max, exp, log, log1p, expm1, sqrt, cbrt, pow, hypot,"
            + " sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, signum, floor, ceil, round, toRadians,"
            + " toDegrees, clamp";
    private static final String ALLOWED_CALLS = "only " + MATH_LIST + " and the program's own helper methods";

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final Map<String, MethodDeclaration> methods;
    private final MethodDeclaration entry;
    private final ExpressionTypes expressions;
    private final List<CallSite> sites = new ArrayList<>();

    CallTypes(
            ValidationProblems problems,
            Scopes scopes,
            Map<String, MethodDeclaration> methods,
            MethodDeclaration entry,
            ExpressionTypes expressions) {
        this.problems = problems;
        this.scopes = scopes;
        this.methods = methods;
        this.entry = entry;
        this.expressions = expressions;
    }

    /** Every helper call with the right number of arguments so far, in the order they were checked. */
    List<CallSite> sites() {
        return sites;
    }

    /** The type of a call: the helper's return type or a Math method's result type. */
    ValueType call(MethodCallExpr call) {
        if (call.getTypeArguments().isPresent()) {
            problems.report(call, "type arguments are not allowed in calls");
            return ValueType.ERROR;
        }
        if (call.getScope().isEmpty()) {
            MethodDeclaration callee = methods.get(call.getNameAsString());
            if (callee == null) {
                problems.report(call, "unknown method " + call.getNameAsString() + "(...): " + ALLOWED_CALLS);
                return ValueType.ERROR;
            }
            if (callee == entry) {
                problems.report(call, "the reward method cannot be called; move shared code into a helper method");
                return ValueType.ERROR;
            }
            NodeList<Parameter> parameters = callee.getParameters();
            if (parameters.size() != call.getArguments().size()) {
                problems.report(
                        call,
                        callee.getNameAsString() + " takes " + parameters.size() + " arguments; found "
                                + call.getArguments().size());
                for (Expression argument : call.getArguments()) {
                    expressions.expression(argument);
                }
                return ValueType.ERROR;
            }
            for (int i = 0; i < parameters.size(); i++) {
                ValueType expected = ProgramChecker.valueType(parameters.get(i).getType());
                expressions.expect(
                        call.getArgument(i),
                        expected == null ? ValueType.ERROR : expected,
                        "argument " + (i + 1) + " of " + callee.getNameAsString());
            }
            sites.add(new CallSite(scopes.method(), callee, call));
            ValueType result = ProgramChecker.valueType(callee.getType());
            return result == null ? ValueType.ERROR : result;
        }
        Expression scope = call.getScope().get();
        if (scope instanceof NameExpr name && name.getNameAsString().equals("Math") && scopes.lookup("Math") == null) {
            return mathCall(call);
        }
        if (scope instanceof NameExpr name
                && scopes.inEntry()
                && name.getNameAsString().equals(scopes.componentsName())) {
            problems.report(
                    call,
                    scopes.componentsName() + ".put(...) records a component and has no value; write it as its own"
                            + " statement");
            return ValueType.ERROR;
        }
        if (!Syntax.isNameChain(scope) && expressions.expression(scope) == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        problems.report(
                call,
                "call to " + ValidationProblems.text(scope) + "." + call.getNameAsString() + " is not allowed: "
                        + ALLOWED_CALLS);
        return ValueType.ERROR;
    }

    private ValueType mathCall(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (!ProgramChecker.MATH_METHODS.contains(name)) {
            problems.report(call, "Math." + name + " is not allowed: " + ALLOWED_CALLS);
            return ValueType.ERROR;
        }
        int arity = name.equals("clamp") ? 3 : MATH_BINARY.contains(name) ? 2 : 1;
        if (call.getArguments().size() != arity) {
            problems.report(
                    call,
                    "Math." + name + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + "; found "
                            + call.getArguments().size());
            return ValueType.ERROR;
        }
        boolean allInt = true;
        boolean error = false;
        for (int i = 0; i < arity; i++) {
            Expression argument = call.getArgument(i);
            ValueType type = expressions.expression(argument);
            if (type == ValueType.ERROR) {
                error = true;
            } else if (!type.numeric()) {
                problems.report(
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
}
