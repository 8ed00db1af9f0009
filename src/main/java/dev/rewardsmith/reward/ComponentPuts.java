package dev.rewardsmith.reward;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reward components a program records with {@code c.put("name", value)}: literal names, at most
 * {@value ProgramChecker#MAX_COMPONENTS}, indexed by first appearance.
 */
final class ComponentPuts {

    private static final Pattern COMPONENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final ExpressionTypes expressions;
    private final IdentityHashMap<Node, ValueType> types;
    /** Each component's first c.put found; methods are checked callers first, so the index sorts by position. */
    private final Map<String, Node> firstPut = new LinkedHashMap<>();

    ComponentPuts(
            ValidationProblems problems,
            Scopes scopes,
            ExpressionTypes expressions,
            IdentityHashMap<Node, ValueType> types) {
        this.problems = problems;
        this.scopes = scopes;
        this.expressions = expressions;
        this.types = types;
    }

    /** Component name to index, in order of first appearance in the source. */
    Map<String, Integer> componentIndex() {
        List<Map.Entry<String, Node>> puts = new ArrayList<>(firstPut.entrySet());
        puts.sort(Comparator.comparing(
                (Map.Entry<String, Node> e) -> e.getValue().getBegin().orElseThrow(), Position::compareTo));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Map.Entry<String, Node> put : puts) {
            index.put(put.getKey(), index.size());
        }
        return index;
    }

    /** Whether the call is on the components parameter of the method being checked (reward or a helper). */
    boolean isComponentsCall(MethodCallExpr call) {
        return call.getScope().isPresent()
                && call.getScope().get() instanceof NameExpr scope
                && scopes.componentsName() != null
                && scope.getNameAsString().equals(scopes.componentsName())
                && scopes.lookup(scopes.componentsName()) == null;
    }

    /** A statement calling the components parameter: only c.put with a literal name and a double value. */
    void check(MethodCallExpr call) {
        if (!call.getNameAsString().equals("put")) {
            problems.report(
                    call,
                    scopes.componentsName() + "." + call.getNameAsString() + " is not allowed; record a component with "
                            + scopes.componentsName() + ".put(\"name\", value)");
            return;
        }
        if (call.getArguments().size() != 2) {
            problems.report(
                    call,
                    scopes.componentsName() + ".put takes 2 arguments (\"name\", value); found "
                            + call.getArguments().size());
            return;
        }
        Expression name = call.getArgument(0);
        Expression value = call.getArgument(1);
        if (!(name instanceof StringLiteralExpr literal)) {
            problems.report(
                    name,
                    "the component name must be a string literal, e.g. " + scopes.componentsName()
                            + ".put(\"upright\", upright); found " + name);
        } else {
            String text = literal.asString();
            if (!COMPONENT_NAME.matcher(text).matches()) {
                problems.report(
                        name,
                        "component name \"" + text + "\" is not allowed: use letters, digits and _ (at most"
                                + " 64, starting with a letter or _)");
            } else if (!firstPut.containsKey(text)) {
                if (firstPut.size() == ProgramChecker.MAX_COMPONENTS) {
                    problems.report(
                            name,
                            "component \"" + text + "\" would be number " + (ProgramChecker.MAX_COMPONENTS + 1)
                                    + "; at most " + ProgramChecker.MAX_COMPONENTS
                                    + " components are allowed: merge some");
                } else {
                    firstPut.put(text, literal);
                }
            }
            types.put(name, ValueType.ERROR);
        }
        expressions.expect(value, ValueType.DOUBLE, "a component value");
        types.put(call, ValueType.DOUBLE);
    }
}
