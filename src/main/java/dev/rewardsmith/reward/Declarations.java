package dev.rewardsmith.reward;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a program: only methods, each with a C-compatible name declared once, and among them the entry
 * method (reward, or else the first method taking Components).
 */
final class Declarations {

    private final ValidationProblems problems;
    private final List<MethodDeclaration> declared = new ArrayList<>();
    private final Map<String, MethodDeclaration> methods = new LinkedHashMap<>();

    Declarations(ValidationProblems problems) {
        this.problems = problems;
    }

    /** Collects the program's methods, reporting any other member, names that are not allowed and overloads. */
    void collect(CompilationUnit unit) {
        for (TypeDeclaration<?> type : unit.getTypes()) {
            for (BodyDeclaration<?> member : type.getMembers()) {
                if (member instanceof MethodDeclaration method) {
                    declared.add(method);
                } else {
                    problems.report(
                            member,
                            "only methods are allowed in a reward program; found " + ValidationProblems.describe(member)
                                    + ": declare constants as local variables");
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
