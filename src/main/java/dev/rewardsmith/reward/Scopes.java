package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a name means at the current point of the method being checked: a local variable or helper parameter in one
 * of the nested scopes, or (in the reward method only) the state view or the components parameter.
 */
final class Scopes {

    /** A name that is also a C identifier. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ValidationProblems problems;
    private final MethodDeclaration entry;
    private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    private MethodDeclaration current;
    private String stateName;
    private String componentsName;

    Scopes(ValidationProblems problems, MethodDeclaration entry) {
        this.problems = problems;
        this.entry = entry;
    }

    /** Starts checking a method: one empty scope for its parameters. */
    void enter(MethodDeclaration method) {
        current = method;
        scopes.clear();
        scopes.push(new HashMap<>());
    }

    MethodDeclaration method() {
        return current;
    }

    /** Whether the method being checked is the reward method, where the state and components names are bound. */
    boolean inEntry() {
        return current == entry;
    }

    /** The reward method's parameter names; null until its signature has been checked. */
    String stateName() {
        return stateName;
    }

    String componentsName() {
        return componentsName;
    }

    void parameters(String stateName, String componentsName) {
        this.stateName = stateName;
        this.componentsName = componentsName;
    }

    void push() {
        scopes.push(new HashMap<>());
    }

    void pop() {
        scopes.pop();
    }

    /** Declares a local in the innermost scope, reporting a name that is not allowed or already taken. */
    void declare(Node at, String name, Local local) {
        boolean parameterName = current == entry && (name.equals(stateName) || name.equals(componentsName));
        if (!IDENTIFIER.matcher(name).matches()) {
            problems.report(
                    at,
                    "name " + name + " is not allowed: use ASCII letters, digits and _ (the program is also"
                            + " emitted as C)");
        }
        if (parameterName || lookup(name) != null) {
            problems.report(at, "variable " + name + " is already defined; choose another name");
        } else if (name.equals("Math")) {
            problems.report(at, "a variable cannot be named Math");
        }
        scopes.peek().put(name, local);
    }

    /** The local a name denotes, innermost first, or null. */
    Local lookup(String name) {
        for (Map<String, Local> scope : scopes) {
            Local local = scope.get(name);
            if (local != null) {
                return local;
            }
        }
        return null;
    }

    /** Whether the expression reads the state view: s.x, s.arr, s.arr[i] (possibly parenthesized). */
    boolean isStateAccess(Expression expression) {
        Expression e = expression;
        while (true) {
            if (e instanceof FieldAccessExpr field) {
                e = field.getScope();
            } else if (e instanceof ArrayAccessExpr array) {
                e = array.getName();
            } else if (e instanceof EnclosedExpr enclosed) {
                e = enclosed.getInner();
            } else {
                break;
            }
        }
        return e instanceof NameExpr name
                && name.getNameAsString().equals(stateName)
                && current == entry
                && lookup(stateName) == null;
    }
}
