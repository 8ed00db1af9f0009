package dev.rewardsmith.reward;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole-program pass after typing: no helper may reach itself through calls, and the estimated operations per
 * evaluation (loops multiplied out, helper calls inlined) must stay under the limit, so no accepted program can hang.
 */
final class EvaluationCost {

    private final ValidationProblems problems;
    private final Map<String, MethodDeclaration> methods;
    private final Map<Node, Integer> iterations;

    EvaluationCost(ValidationProblems problems, Map<String, MethodDeclaration> methods, Map<Node, Integer> iterations) {
        this.problems = problems;
        this.methods = methods;
        this.iterations = iterations;
    }

    /**
     * Runs the pass once the program is otherwise free of problems. A step evaluates the reward and, when the
     * program declares one, the potential once each: their costs add up.
     *
     * @param potential the potential method, or null
     */
    void check(List<CallSite> callSites, MethodDeclaration entry, MethodDeclaration potential) {
        if (recursive(callSites)) {
            return;
        }
        Map<MethodDeclaration, Long> costs = new IdentityHashMap<>();
        long cost = methodCost(entry, costs);
        if (potential != null) {
            cost = saturate(cost + methodCost(potential, costs));
        }
        if (cost > ProgramChecker.MAX_COST) {
            problems.report(
                    entry.getName(),
                    "the program would run about " + cost + " operations per evaluation"
                            + (potential == null ? "" : " (reward and potential together)") + "; at most "
                            + ProgramChecker.MAX_COST + " are allowed: nest fewer loops or call helpers fewer times");
        }
    }

    /** Reports every call that closes a cycle of helper calls; true when there is one. */
    private boolean recursive(List<CallSite> callSites) {
        Map<MethodDeclaration, List<MethodDeclaration>> graph = new IdentityHashMap<>();
        for (CallSite site : callSites) {
            graph.computeIfAbsent(site.caller(), k -> new ArrayList<>()).add(site.callee());
        }
        boolean recursive = false;
        for (CallSite site : callSites) {
            List<String> path = pathTo(graph, site.callee(), site.caller(), new HashSet<>());
            if (path != null) {
                recursive = true;
                String chain = site.caller().getNameAsString() + " -> " + String.join(" -> ", path);
                problems.report(
                        site.call(), "recursion is not allowed (" + chain + "); compute it with a bounded for loop");
            }
        }
        return recursive;
    }

    private static List<String> pathTo(
            Map<MethodDeclaration, List<MethodDeclaration>> graph,
            MethodDeclaration from,
            MethodDeclaration to,
            Set<String> seen) {
        if (from == to) {
            return new ArrayList<>(List.of(from.getNameAsString()));
        }
        if (!seen.add(from.getNameAsString())) {
            return null;
        }
        for (MethodDeclaration next : graph.getOrDefault(from, List.of())) {
            List<String> rest = pathTo(graph, next, to, seen);
            if (rest != null) {
                rest.add(0, from.getNameAsString());
                return rest;
            }
        }
        return null;
    }

    private long methodCost(MethodDeclaration method, Map<MethodDeclaration, Long> costs) {
        Long known = costs.get(method);
        if (known != null) {
            return known;
        }
        long cost = 1 + nodeCost(method.getBody().orElseThrow(), costs);
        costs.put(method, cost);
        return cost;
    }

    /** Saturating estimate: every node costs 1, loops multiply their body, calls add their callee. */
    private long nodeCost(Node node, Map<MethodDeclaration, Long> costs) {
        long cost = 1;
        if (node instanceof ForStmt loop) {
            long body = nodeCost(loop.getBody(), costs);
            long condition = loop.getCompare().map(c -> nodeCost(c, costs)).orElse(1L) + 2;
            return saturate(cost
                    + (iterations.getOrDefault(loop, ProgramChecker.MAX_LOOP_ITERATIONS) + 1L)
                            * Math.min(body + condition, ProgramChecker.MAX_COST + 1));
        }
        if (node instanceof ForEachStmt loop) {
            long body = nodeCost(loop.getBody(), costs) + 3;
            return saturate(cost
                    + (iterations.getOrDefault(loop, ProgramChecker.MAX_LOOP_ITERATIONS) + 1L)
                            * Math.min(body, ProgramChecker.MAX_COST + 1));
        }
        if (node instanceof MethodCallExpr call && call.getScope().isEmpty()) {
            MethodDeclaration callee = methods.get(call.getNameAsString());
            if (callee != null) {
                cost = saturate(cost + methodCost(callee, costs));
            }
        }
        for (Node child : node.getChildNodes()) {
            cost = saturate(cost + nodeCost(child, costs));
        }
        return cost;
    }

    private static long saturate(long value) {
        return Math.min(value, Long.MAX_VALUE / 4);
    }
}
