package dev.rewardsmith.reward;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import java.util.Map;

/**
 * The declaration of each method: no annotations, odd modifiers, type parameters or throws; the reward method has
 * the signature {@code double reward(<Task>State s, Components c)} and binds its two names; helpers return double,
 * int or boolean and take those, read-only state arrays ({@code double[]}), the state view or the components (the
 * caller passes its own, see docs/architecture.md, The reward language); their value parameters become the first
 * locals.
 */
final class Signatures {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final StateLayout layout;
    private final MethodDeclaration entry;
    private final Map<Parameter, Integer> arrayLengths;

    /**
     * @param arrayLengths the length of each helper array parameter, as the calls checked before pass it (see
     *     {@link CallTypes}); the checker checks callers before callees
     */
    Signatures(
            ValidationProblems problems,
            Scopes scopes,
            StateLayout layout,
            MethodDeclaration entry,
            Map<Parameter, Integer> arrayLengths) {
        this.problems = problems;
        this.scopes = scopes;
        this.layout = layout;
        this.entry = entry;
        this.arrayLengths = arrayLengths;
    }

    /** Checks the declaration of the method being checked and declares its parameters. */
    void check(MethodDeclaration method) {
        if (!method.getAnnotations().isEmpty()) {
            problems.report(
                    method.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + method.getAnnotations().get(0));
        }
        for (Modifier modifier : method.getModifiers()) {
            Modifier.Keyword keyword = modifier.getKeyword();
            if (keyword != Modifier.Keyword.PUBLIC
                    && keyword != Modifier.Keyword.PRIVATE
                    && keyword != Modifier.Keyword.PROTECTED
                    && keyword != Modifier.Keyword.STATIC
                    && keyword != Modifier.Keyword.FINAL) {
                problems.report(
                        modifier, "modifier " + keyword.asString() + " is not allowed; use private static for helpers");
            }
        }
        if (!method.getTypeParameters().isEmpty()) {
            problems.report(
                    method.getTypeParameters().get(0),
                    "type parameters are not allowed; found <"
                            + method.getTypeParameters().get(0)
                            + ">: helpers take double, int, boolean, double[], the state view or Components");
        }
        if (!method.getThrownExceptions().isEmpty()) {
            problems.report(
                    method.getThrownExceptions().get(0),
                    "throws clauses are not allowed; found throws "
                            + method.getThrownExceptions().get(0) + ": reward programs cannot throw, remove it");
        }
        if (method == entry) {
            entry(method);
        } else {
            if (method.getNameAsString().equals(POTENTIAL)) {
                potential(method);
            }
            helper(method);
        }
    }

    static final String POTENTIAL = PotentialShaping.METHOD;

    /**
     * The optional potential: a helper with a fixed signature that the trainers also call on each state, for the
     * shaping term gamma * potential(s') - potential(s) (docs/architecture.md, Potential-based shaping). Its
     * parameter is then declared as any helper's.
     */
    private void potential(MethodDeclaration method) {
        String signature = "double potential(" + layout.simpleName() + " s)";
        if (!Syntax.isPrimitive(method.getType(), PrimitiveType.Primitive.DOUBLE)) {
            problems.report(
                    method.getType(),
                    "the potential method must return double; found " + method.getType() + ": write " + signature
                            + " (or rename the helper: potential is reserved for potential-based shaping)");
        }
        NodeList<Parameter> parameters = method.getParameters();
        if (parameters.size() != 1 || kind(parameters.get(0), layout) != Kind.STATE) {
            problems.report(
                    method.getName(),
                    "the potential method takes exactly the state view; write " + signature
                            + " (or rename the helper: potential is reserved for potential-based shaping)");
        }
    }

    private void entry(MethodDeclaration method) {
        String signature = "double reward(" + layout.simpleName() + " s, Components c)";
        if (!Syntax.isPrimitive(method.getType(), PrimitiveType.Primitive.DOUBLE)) {
            problems.report(
                    method.getType(),
                    "the reward method must return double; found " + method.getType() + ": write " + signature);
        }
        NodeList<Parameter> parameters = method.getParameters();
        if (parameters.size() != 2) {
            problems.report(
                    method.getName(),
                    "the reward method has " + parameters.size() + " parameters; expected " + signature);
        } else {
            Parameter state = parameters.get(0);
            Parameter components = parameters.get(1);
            if (!(state.getType() instanceof ClassOrInterfaceType t
                    && t.getNameAsString().equals(layout.simpleName())
                    && !state.isVarArgs())) {
                problems.report(
                        state.getType(),
                        "the first parameter must be the task's state view " + layout.simpleName() + "; found "
                                + state.getType() + ": write " + signature);
            }
            if (!(components.getType() instanceof ClassOrInterfaceType t
                    && t.getNameAsString().equals("Components")
                    && !components.isVarArgs())) {
                problems.report(
                        components.getType(),
                        "the second parameter must be Components; found " + components.getType() + ": write "
                                + signature);
            }
            scopes.bindState(state.getNameAsString());
            scopes.bindComponents(components.getNameAsString());
            checkParameterDecorations(state);
            checkParameterDecorations(components);
            if (scopes.stateName().equals(scopes.componentsName())) {
                problems.report(
                        components.getName(),
                        "both parameters are named " + components.getNameAsString() + "; they need distinct names,"
                                + " e.g. s and c");
            }
        }
    }

    private void helper(MethodDeclaration method) {
        ValueType returned = ProgramChecker.valueType(method.getType());
        if (!method.getType().isVoidType() && (returned == null || returned == ValueType.ARRAY)) {
            problems.report(
                    method.getType(),
                    "helper " + method.getNameAsString() + " returns " + method.getType()
                            + "; helpers return double, int, boolean or void (a void helper records components)");
        }
        for (Parameter parameter : method.getParameters()) {
            checkParameterDecorations(parameter);
            String name = parameter.getNameAsString();
            Kind kind = kind(parameter, layout);
            if (kind == Kind.STATE || kind == Kind.COMPONENTS) {
                boolean twice = kind == Kind.STATE ? scopes.stateName() != null : scopes.componentsName() != null;
                if (twice) {
                    problems.report(
                            parameter.getType(),
                            "helper " + method.getNameAsString() + " takes " + parameter.getType()
                                    + " twice; a helper takes at most one state view and one Components");
                } else if (kind == Kind.STATE) {
                    scopes.declare(parameter.getName(), name, null);
                    scopes.bindState(name);
                } else {
                    scopes.declare(parameter.getName(), name, null);
                    scopes.bindComponents(name);
                }
                continue;
            }
            ValueType type = ProgramChecker.valueType(parameter.getType());
            if (type == null || parameter.isVarArgs()) {
                problems.report(
                        parameter.getType(),
                        "helper parameter " + name + " has type "
                                + parameter.getType() + (parameter.isVarArgs() ? "..." : "")
                                + "; helper parameters are double, int, boolean, double[] (a state array, read"
                                + " only), the state view " + layout.simpleName() + " or Components");
                type = ValueType.ERROR;
            }
            Local local = type == ValueType.ARRAY
                    ? Local.array(name, arrayLengths.getOrDefault(parameter, -1))
                    : new Local(name, type, parameter.isFinal(), false, null, null);
            scopes.declare(parameter.getName(), name, local);
        }
    }

    /** What a helper parameter receives: the state view, the components, or a value (a number or an array). */
    enum Kind {
        STATE,
        COMPONENTS,
        VALUE
    }

    static Kind kind(Parameter parameter, StateLayout layout) {
        if (parameter.getType() instanceof ClassOrInterfaceType t && !parameter.isVarArgs()) {
            if (t.getNameAsString().equals(layout.simpleName())) {
                return Kind.STATE;
            }
            if (t.getNameAsString().equals("Components")) {
                return Kind.COMPONENTS;
            }
        }
        return Kind.VALUE;
    }

    private void checkParameterDecorations(Parameter parameter) {
        if (!parameter.getAnnotations().isEmpty()) {
            problems.report(
                    parameter.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + parameter.getAnnotations().get(0));
        }
    }
}
