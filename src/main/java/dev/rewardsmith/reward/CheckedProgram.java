package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program that passed validation: its syntax tree with the static type of every expression, ready for the JVM
 * and C emitters, which must agree on semantics.
 *
 * @param methods every method in source order, the entry method among them
 * @param entry the entry method {@code double reward(State s, Components c)}
 * @param potential the optional {@code double potential(State s)} for potential-based shaping; null without one
 * @param stateName the entry's state parameter name
 * @param componentsName the entry's components parameter name
 * @param types the static type of every checked expression and declared variable
 * @param lengths the array length behind every {@code .length} and for-each loop
 * @param constants the class constants in source order, each with its value
 * @param componentIndex component name to index, in order of first appearance
 * @param layout the state view
 * @param source the normalized source
 */
record CheckedProgram(
        List<MethodDeclaration> methods,
        MethodDeclaration entry,
        MethodDeclaration potential,
        String stateName,
        String componentsName,
        IdentityHashMap<Node, ValueType> types,
        IdentityHashMap<Node, Integer> lengths,
        List<VariableDeclarator> constants,
        Map<String, Integer> componentIndex,
        StateLayout layout,
        String source) {

    ValueType type(Node expression) {
        ValueType type = types.get(expression);
        if (type == null) {
            throw new IllegalStateException("unchecked expression " + expression);
        }
        return type;
    }

    int length(Node node) {
        Integer length = lengths.get(node);
        if (length == null) {
            throw new IllegalStateException("unchecked array length " + node);
        }
        return length;
    }

    /**
     * The component a trainer records the shaping term {@code gamma * potential(s') - potential(s)} in, after the
     * program's own, when the program declares a potential (docs/architecture.md, Potential-based shaping).
     */
    static final String SHAPING = PotentialShaping.COMPONENT;

    /** The program's components in index order, then {@link #SHAPING} when it declares a potential. */
    List<String> componentNames() {
        if (potential == null) {
            return List.copyOf(componentIndex.keySet());
        }
        List<String> names = new java.util.ArrayList<>(componentIndex.keySet());
        names.add(SHAPING);
        return List.copyOf(names);
    }
}
