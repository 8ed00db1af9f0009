package dev.rewardsmith.reward;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;

/**
 * The declaration of each method: no annotations, odd modifiers, type parameters or throws; the reward method has
 * the signature {@code double reward(<Task>State s, Components c)} and binds its two names, helpers take and return
 * double, int or boolean and their parameters become the first locals.
 */
final class Signatures {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final StateLayout layout;
    private final MethodDeclaration entry;

    Signatures(ValidationProblems problems, Scopes scopes, StateLayout layout, MethodDeclaration entry) {
        this.problems = problems;
        this.scopes = scopes;
        this.layout = layout;
        this.entry = entry;
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
            problems.report(method.getTypeParameters().get(0), "type parameters are not allowed");
        }
        if (!method.getThrownExceptions().isEmpty()) {
            problems.report(method.getThrownExceptions().get(0), "throws clauses are not allowed");
        }
        if (method == entry) {
            entry(method);
        } else {
            helper(method);
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
            scopes.parameters(state.getNameAsString(), components.getNameAsString());
            checkParameterDecorations(state);
            checkParameterDecorations(components);
            if (scopes.stateName().equals(scopes.componentsName())) {
                problems.report(components.getName(), "parameters need distinct names");
            }
        }
    }

    private void helper(MethodDeclaration method) {
        if (ProgramChecker.valueType(method.getType()) == null) {
            problems.report(
                    method.getType(),
                    "helper " + method.getNameAsString() + " returns " + method.getType()
                            + "; helpers return double, int or boolean");
        }
        for (Parameter parameter : method.getParameters()) {
            ValueType type = ProgramChecker.valueType(parameter.getType());
            checkParameterDecorations(parameter);
            if (type == null || parameter.isVarArgs()) {
                problems.report(
                        parameter.getType(),
                        "helper parameter " + parameter.getNameAsString() + " has type "
                                + parameter.getType() + (parameter.isVarArgs() ? "..." : "")
                                + "; helper parameters are double, int or boolean (pass s.x, not s)");
                type = ValueType.ERROR;
            }
            scopes.declare(
                    parameter.getName(),
                    parameter.getNameAsString(),
                    new Local(parameter.getNameAsString(), type, parameter.isFinal(), false, null, null));
        }
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
