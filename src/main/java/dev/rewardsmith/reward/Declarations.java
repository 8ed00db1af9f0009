package dev.rewardsmith.reward;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a program: methods, each with a C-compatible name declared once, and among them the entry method
 * (reward, or else the first method taking Components); and class constants ({@code static final}).
 */
final class Declarations {

    private final ValidationProblems problems;
    private final List<MethodDeclaration> declared = new ArrayList<>();
    private final Map<String, MethodDeclaration> methods = new LinkedHashMap<>();
    private final List<VariableDeclarator> constants = new ArrayList<>();

    Declarations(ValidationProblems problems) {
        this.problems = problems;
    }

    /** Collects the program's methods, reporting any other member, names that are not allowed and overloads. */
    void collect(CompilationUnit unit) {
        for (TypeDeclaration<?> type : unit.getTypes()) {
            for (BodyDeclaration<?> member : type.getMembers()) {
                if (member instanceof MethodDeclaration method) {
                    declared.add(method);
                } else if (member instanceof FieldDeclaration field) {
                    constant(field);
                } else {
                    problems.report(
                            member,
                            "only methods and static final constants are allowed in a reward program; found "
                                    + ValidationProblems.describe(member) + ": write helper methods instead");
                }
            }
        }
        for (MethodDeclaration method : declared) {
            if (!Scopes.IDENTIFIER.matcher(method.getNameAsString()).matches()) {
                problems.report(
                        method.getName(),
                        "name " + method.getNameAsString() + " is not allowed: use ASCII letters,"
                                + " digits and _ (the program is also emitted as C)");
            }
            if (methods.containsKey(method.getNameAsString())) {
                problems.report(
                        method.getName(),
                        "method " + method.getNameAsString()
                                + " is declared twice; helper methods need distinct names (no overloads)");
            } else {
                methods.put(method.getNameAsString(), method);
            }
        }
    }

    /**
     * A class-level field: a constant (final, static or not) with a value; its type and value are checked with the
     * methods' locals ({@link LocalVariables#declare}).
     */
    private void constant(FieldDeclaration field) {
        if (!field.getAnnotations().isEmpty()) {
            problems.report(
                    field.getAnnotations().get(0),
                    "annotations are not allowed; remove "
                            + field.getAnnotations().get(0));
        }
        for (Modifier modifier : field.getModifiers()) {
            Modifier.Keyword keyword = modifier.getKeyword();
            if (keyword != Modifier.Keyword.PUBLIC
                    && keyword != Modifier.Keyword.PRIVATE
                    && keyword != Modifier.Keyword.PROTECTED
                    && keyword != Modifier.Keyword.STATIC
                    && keyword != Modifier.Keyword.FINAL) {
                problems.report(
                        modifier,
                        "modifier " + keyword.asString() + " is not allowed on a constant; write private static final");
            }
        }
        if (!field.isFinal()) {
            problems.report(
                    field.getVariables().get(0).getName(),
                    "class field " + field.getVariables().get(0).getNameAsString() + " is not final; class fields"
                            + " must be constants: write private static final, or make it a local variable");
        }
        for (VariableDeclarator variable : field.getVariables()) {
            if (variable.getInitializer().isEmpty()) {
                problems.report(
                        variable.getName(),
                        "constant " + variable.getNameAsString() + " needs a value, e.g. static final double "
                                + variable.getNameAsString() + " = 1.0;");
            }
            constants.add(variable);
        }
    }

    /** The class constants in source order. */
    List<VariableDeclarator> constants() {
        return constants;
    }

    /** Each name's first declaration, in source order; later ones with the same name are not checked further. */
    Map<String, MethodDeclaration> methods() {
        return methods;
    }

    /** The reward method, or else the first method with a Components parameter; null when there is none. */
    MethodDeclaration entry() {
        MethodDeclaration entry = methods.get("reward");
        if (entry == null) {
            for (MethodDeclaration method : declared) {
                if (method.getParameters().stream()
                        .anyMatch(p -> p.getType().asString().equals("Components"))) {
                    return method;
                }
            }
        }
        return entry;
    }
}
