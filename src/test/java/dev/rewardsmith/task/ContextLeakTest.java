package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * No task tells the model how its fitness F is measured (docs/tasks.md, What the model sees): the pruned context
 * (state view and environment source) and the one-line description show dynamics, observations, actions and
 * termination only. Per task, the words below name what belongs to F alone: its bookkeeping, its thresholds and
 * windows, and the state fields that existed only to compute it.
 */
class ContextLeakTest {

    /** Forbidden in every task's context and description (compared case-insensitively). */
    private static final List<String> EVERY_TASK = List.of(
            "fitness", "episodeFitness", "HiddenFromContext", "task score", "is measured", "F is ", "F counts", "F:");

    /** Forbidden per task, beside {@link #EVERY_TASK}; every built-in task has an entry. */
    private static final Map<String, List<String>> F_ONLY = Map.of(
            "cartpole",
            List.of("counts as balanced", "fraction", "divided by 500"),
            "pendulum",
            List.of(
                    "secondHalf",
                    "second half",
                    "UPRIGHT_TOLERANCE",
                    "0.2 rad",
                    "upright tolerance",
                    "boolean upright"),
            "mountain-car",
            List.of("success rate"),
            "acrobot",
            List.of("FITNESS_STEPS", "within 100 steps", "first 100", "solved", "-100"),
            "reacher",
            List.of("atGoal", "lastStep", "GOAL_TOLERANCE", "2 cm", "0.02", "success is judged"),
            "ball-balance",
            List.of("nearCentre", "CENTRE_RADIUS", "within 0.1 m", "0.1 m of", "centred steps", "counts as centred"),
            "quadcopter",
            List.of(
                    "inFinalWindow",
                    "nearGoal",
                    "FINAL_WINDOW",
                    "GOAL_TOLERANCE",
                    "final window",
                    "last 100",
                    "within 0.1 m",
                    "0.1 m of"),
            "reorient",
            List.of("targets reached in the episode", "not a fraction"),
            "spin",
            List.of("fraction of the 16", "fraction of the waypoints"));

    /** State fields that only F used; none may be readable by a reward program either. */
    private static final Map<String, List<String>> F_ONLY_FIELDS = Map.of(
            "pendulum", List.of("secondHalf", "upright"),
            "reacher", List.of("atGoal", "lastStep"),
            "ball-balance", List.of("nearCentre"),
            "quadcopter", List.of("nearGoal", "inFinalWindow"));

    private final TaskRegistry registry = new TaskRegistry();
    private final ContextPruner pruner = new ContextPruner();

    @Test
    void everyBuiltInTaskHasItsForbiddenWords() {
        List<String> ids = registry.all().stream().map(Task::id).toList();
        assertEquals(
                List.of(
                        "cartpole",
                        "pendulum",
                        "mountain-car",
                        "acrobot",
                        "reacher",
                        "ball-balance",
                        "quadcopter",
                        "reorient",
                        "spin"),
                ids.stream().filter(F_ONLY::containsKey).toList());
    }

    @TestFactory
    Stream<DynamicTest> prunedContextAndDescriptionNameNothingOfF() {
        return F_ONLY.keySet().stream()
                .sorted()
                .map(id -> dynamicTest(id, () -> {
                    Task task = registry.find(id).orElseThrow();
                    String shown = task.description() + "\n" + pruner.context(task);
                    List<String> found = new ArrayList<>();
                    for (String word : forbidden(id)) {
                        if (shown.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT))) found.add(word);
                    }
                    assertEquals(List.of(), found, id + ": the model would read how F is measured");
                }));
    }

    @TestFactory
    Stream<DynamicTest> fOnlyFieldsAreGoneFromTheStateView() {
        return F_ONLY_FIELDS.entrySet().stream()
                .map(e -> dynamicTest(e.getKey(), () -> {
                    Task task = registry.find(e.getKey()).orElseThrow();
                    List<String> fields = new ArrayList<>();
                    for (Field f : task.stateType().getFields()) fields.add(f.getName());
                    for (String name : e.getValue())
                        assertFalse(fields.contains(name), e.getKey() + " still has " + name);
                }));
    }

    /**
     * The check can fail: the unpruned sources of these tasks do carry F's bookkeeping and thresholds, and the
     * pruner is what keeps them out.
     */
    @Test
    void theUnprunedSourcesDoCarryF() {
        assertLeaks("pendulum", "UPRIGHT_TOLERANCE");
        assertLeaks("quadcopter", "FINAL_WINDOW");
        assertLeaks("reacher", "GOAL_TOLERANCE");
        assertLeaks("ball-balance", "CENTRE_RADIUS");
        assertLeaks("acrobot", "FITNESS_STEPS");
        assertLeaks("cartpole", "episodeFitness");
    }

    private void assertLeaks(String id, String word) {
        Task task = registry.find(id).orElseThrow();
        String raw = TaskResources.source(task.createEnv(1, 0).getClass());
        assertTrue(raw.contains(word), id + ": expected the raw source to contain " + word);
        assertTrue(forbidden(id).stream().anyMatch(w -> w.equalsIgnoreCase(word)), id + ": " + word + " listed");
    }

    private static List<String> forbidden(String id) {
        List<String> words = new ArrayList<>(EVERY_TASK);
        words.addAll(F_ONLY.get(id));
        return words;
    }
}
