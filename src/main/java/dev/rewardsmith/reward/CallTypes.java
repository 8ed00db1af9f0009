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
 * recorded for the recursion and cost check), the whitelisted Math methods and Double's NaN and finiteness tests;
 * every other call is rejected.
 */
final class CallTypes {

    private static final Set<String> MATH_BINARY =
            Set.of("pow", "hypot", "atan2", "min", "max", "floorMod", "IEEEremainder", "copySign");
    static final String MATH_LIST = "Math.abs, min, max, exp, log, log10, log1p, expm1, sqrt, cbrt, pow, hypot,"
            + " sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, signum, floor, ceil, round, toRadians,"
            + " toDegrees, clamp, floorMod, IEEEremainder, copySign";
    private static final String ALLOWED_CALLS = "only " + MATH_LIST
            + ", Double.isNaN, Double.isFinite, Double.isInfinite and the program's own helper methods";
    /** The Double methods a program may call: one number in, a boolean out. */
    static final Set<String> DOUBLE_METHODS = Set.of("isNaN", "isFinite", "isInfinite");

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final Map<String, MethodDeclaration> methods;
    private final MethodDeclaration entry;
    private final ExpressionTypes expressions;
    private final ReferenceTypes references;
    private final StateLayout layout;
    private final Map<Parameter, Integer> arrayLengths;
    private final List<CallSite> sites = new ArrayList<>();

    CallTypes(
            ValidationProblems problems,
            Scopes scopes,
            Map<String, MethodDeclaration> methods,
            MethodDeclaration entry,
            ExpressionTypes expressions,
            ReferenceTypes references,
            StateLayout layout,
            Map<Parameter, Integer> arrayLengths) {
        this.problems = problems;
        this.scopes = scopes;
        this.methods = methods;
        this.entry = entry;
        this.expressions = expressions;
        this.references = references;
        this.layout = layout;
        this.arrayLengths = arrayLengths;
    }

    /** Every helper call with the right number of arguments so far, in the order they were checked. */
    List<CallSite> sites() {
        return sites;
    }

    /** The type of a call: the helper's return type or a Math method's result type. */
    ValueType call(MethodCallExpr call) {
        if (call.getTypeArguments().isPresent()) {
            problems.report(
                    call,
                    "type arguments are not allowed in calls; found " + ValidationProblems.text(call)
                            + ": call helpers and Math without them");
            return ValueType.ERROR;
        }
        if (call.getScope().isEmpty()) {
            if (scopes.method() == null) {
                problems.report(
                        call,
                        "a class constant cannot call " + call.getNameAsString() + "(...): its value may use"
                                + " literals, earlier constants, arithmetic and Math");
                return ValueType.ERROR;
            }
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
                argument(callee, parameters.get(i), call.getArgument(i), i);
            }
            sites.add(new CallSite(scopes.method(), callee, call));
            if (callee.getType().isVoidType()) {
                return ValueType.VOID;
            }
            ValueType result = ProgramChecker.valueType(callee.getType());
            return result == null ? ValueType.ERROR : result;
        }
        Expression scope = call.getScope().get();
        if (scope instanceof NameExpr name && name.getNameAsString().equals("Math") && scopes.lookup("Math") == null) {
            return mathCall(call);
        }
        if (scope instanceof NameExpr name
                && name.getNameAsString().equals("Double")
                && scopes.lookup("Double") == null) {
            return doubleCall(call);
        }
        if (scope instanceof NameExpr name
                && scopes.componentsName() != null
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

    /**
     * One argument of a helper call: the caller's own state view or components for such a parameter, a state array
     * (or an alias of one) for a double[] parameter, whose length the call fixes, else a value of the parameter's
     * type.
     */
    private void argument(MethodDeclaration callee, Parameter parameter, Expression argument, int i) {
        String where = "argument " + (i + 1) + " of " + callee.getNameAsString();
        Signatures.Kind kind = Signatures.kind(parameter, layout);
        if (kind != Signatures.Kind.VALUE) {
            String expected = kind == Signatures.Kind.STATE ? scopes.stateName() : scopes.componentsName();
            String what = kind == Signatures.Kind.STATE ? "the state view" : "the components";
            if (!(Syntax.unparenthesized(argument) instanceof NameExpr name
                    && expected != null
                    && name.getNameAsString().equals(expected)
                    && scopes.lookup(expected) == null)) {
                problems.report(
                        argument,
                        where + " must be " + what
                                + (expected == null
                                        ? ", which " + (scopes.method() == null ? "this place" : "this method")
                                                + " does not have: take it as a parameter"
                                        : " " + expected)
                                + "; found " + ValidationProblems.text(argument));
            }
            return;
        }
        ValueType expected = ProgramChecker.valueType(parameter.getType());
        if (expected != ValueType.ARRAY) {
            expressions.expect(argument, expected == null ? ValueType.ERROR : expected, where);
            return;
        }
        ValueType found = expressions.expression(argument);
        if (found == ValueType.ERROR) {
            return;
        }
        int length = references.arrayLength(argument);
        if (found != ValueType.ARRAY || length < 0) {
            problems.report(
                    argument,
                    where + " must be a state array such as " + (scopes.stateName() == null ? "s" : scopes.stateName())
                            + ".arr (or an alias of one); found " + found.javaName() + " "
                            + ValidationProblems.text(argument));
            return;
        }
        Integer fixed = arrayLengths.putIfAbsent(parameter, length);
        if (fixed != null && fixed != length) {
            problems.report(
                    argument,
                    where + " is an array of length " + length + ", but another call passes length " + fixed
                            + "; a helper's double[] parameter has one length: write one helper per length");
        }
    }

    /** Double.isNaN, isFinite and isInfinite of one number. */
    private ValueType doubleCall(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (!DOUBLE_METHODS.contains(name)) {
            problems.report(call, "Double." + name + " is not allowed: " + ALLOWED_CALLS);
            return ValueType.ERROR;
        }
        if (call.getArguments().size() != 1) {
            problems.report(
                    call,
                    "Double." + name + " takes 1 argument; found "
                            + call.getArguments().size());
            return ValueType.ERROR;
        }
        Expression argument = call.getArgument(0);
        ValueType type = expressions.expression(argument);
        if (type == ValueType.ERROR) {
            return ValueType.ERROR;
        }
        if (!type.numeric()) {
            problems.report(
                    argument,
                    "the argument of Double." + name + " must be a number; found " + type.javaName() + " "
                            + ValidationProblems.text(argument));
            return ValueType.ERROR;
        }
        return ValueType.BOOLEAN;
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
        if (name.equals("floorMod")) {
            if (!allInt) {
                problems.report(
                        call,
                        "Math.floorMod takes two ints; found " + ValidationProblems.text(call)
                                + ": for doubles write x - Math.floor(x / m) * m");
                return ValueType.ERROR;
            }
            expressions.checkIntDivisor(call.getArgument(1), "Math.floorMod");
            return ValueType.INT;
        }
        // abs, min, max and clamp keep int for int arguments, as in Java; round is typed double on purpose
        boolean intPreserving = name.equals("abs") || name.equals("min") || name.equals("max") || name.equals("clamp");
        return intPreserving && allInt ? ValueType.INT : ValueType.DOUBLE;
    }
}
