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
 * What a name means at the current point of the method being checked: a local variable, helper parameter or class
 * constant in one of the nested scopes, or the state view or components parameter of the method (the reward
 * method's, or a helper's that takes them).
 */
final class Scopes {

    /** A name that is also a C identifier. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ValidationProblems problems;
    private final MethodDeclaration entry;
    private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    /** The class constants, the outermost scope of every method. */
    private final Map<String, Local> constants = new HashMap<>();

    private MethodDeclaration current;
    private String stateName;
    private String componentsName;
    private String entryStateName;
    private String entryComponentsName;

    Scopes(ValidationProblems problems, MethodDeclaration entry) {
        this.problems = problems;
        this.entry = entry;
    }

    /** Starts checking the class constants: no method, no state, only earlier constants in scope. */
    void enterConstants() {
        current = null;
        stateName = null;
        componentsName = null;
        scopes.clear();
        scopes.push(constants);
    }

    /** Starts checking a method: the constants, then one empty scope for its parameters. */
    void enter(MethodDeclaration method) {
        current = method;
        stateName = null;
        componentsName = null;
        scopes.clear();
        scopes.push(constants);
        scopes.push(new HashMap<>());
    }

    /** The method being checked; null while the class constants are checked. */
    MethodDeclaration method() {
        return current;
    }

    /** Whether the method being checked is the reward method. */
    boolean inEntry() {
        return current == entry;
    }

    /**
     * The name of the state view parameter of the method being checked (the reward method's, or a helper's that
     * takes the state view); null when it has none.
     */
    String stateName() {
        return stateName;
    }

    /** The name of the Components parameter of the method being checked; null when it has none. */
    String componentsName() {
        return componentsName;
    }

    /** The reward method's parameter names, for the checked program. */
    String entryStateName() {
        return entryStateName;
    }

    String entryComponentsName() {
        return entryComponentsName;
    }

    /** Binds the state view parameter name of the method being checked. */
    void bindState(String name) {
        stateName = name;
        if (current == entry) {
            entryStateName = name;
        }
    }

    /** Binds the Components parameter name of the method being checked. */
    void bindComponents(String name) {
        componentsName = name;
        if (current == entry) {
            entryComponentsName = name;
        }
    }

    /** Whether {@code name} is a class constant. */
    boolean isConstant(String name) {
        return constants.containsKey(name);
    }

    void push() {
        scopes.push(new HashMap<>());
    }

    void pop() {
        scopes.pop();
    }

    /** Declares a local in the innermost scope, reporting a name that is not allowed or already taken. */
    void declare(Node at, String name, Local local) {
        boolean parameterName = name.equals(stateName) || name.equals(componentsName);
        if (!IDENTIFIER.matcher(name).matches()) {
            problems.report(
                    at,
                    "name " + name + " is not allowed: use ASCII letters, digits and _ (the program is also"
                            + " emitted as C)");
        }
        if (constants.containsKey(name) && current != null) {
            problems.report(at, "variable " + name + " is already a class constant; choose another name");
        } else if (parameterName || lookup(name) != null) {
            problems.report(at, "variable " + name + " is already defined; choose another name");
        } else if (name.equals("Math")) {
            problems.report(at, "a variable cannot be named Math (it would hide java.lang.Math); choose another name");
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
                && stateName != null
                && name.getNameAsString().equals(stateName)
                && lookup(stateName) == null;
    }
}
