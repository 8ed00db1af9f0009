package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContextPrunerTest {

    private final ContextPruner pruner = new ContextPruner();

    @Test
    void removesHiddenMembersFitnessRenderTheirUsesAndTheirImports() {
        String source =
                """
                package demo;

                import dev.rewardsmith.rl.VectorEnv;
                import dev.rewardsmith.task.Frame;
                import dev.rewardsmith.task.HiddenFromContext;
                import java.util.SplittableRandom;

                /** A demo env. */
                public final class DemoEnv {

                    static final double LIMIT = 2.0; // m

                    @HiddenFromContext
                    private final int[] secret = new int[4];
                    final double[] fitnessSum = new double[4];
                    final double[] x = new double[4];

                    /** Steps. */
                    public void step(float[] a) {
                        for (int i = 0; i < 4; i++) {
                            x[i] += a[i]; // move
                            fitnessSum[i] += x[i];
                            this.secret[i]++;
                            count(i);
                        }
                    }

                    /** Counts. */
                    @HiddenFromContext
                    private void count(int i) {
                        secret[i]++;
                    }

                    public double fitnessOf(int i) {
                        return fitnessSum[i];
                    }

                    Frame render() {
                        return null;
                    }
                }
                """;
        String expected =
                """
                package demo;

                /** A demo env. */
                public final class DemoEnv {

                    static final double LIMIT = 2.0; // m

                    final double[] x = new double[4];

                    /** Steps. */
                    public void step(float[] a) {
                        for (int i = 0; i < 4; i++) {
                            x[i] += a[i]; // move
                        }
                    }
                }
                """;
        assertEquals(expected, pruner.prune(source));
    }

    @Test
    void keepsImportsStillInUse() {
        String source =
                """
                package demo;

                import dev.rewardsmith.task.HiddenFromContext;
                import java.util.SplittableRandom;

                final class A {
                    private final SplittableRandom random = new SplittableRandom(1);
                    @HiddenFromContext int hidden;
                }
                """;
        String expected =
                """
                package demo;

                import java.util.SplittableRandom;

                final class A {
                    private final SplittableRandom random = new SplittableRandom(1);
                }
                """;
        assertEquals(expected, pruner.prune(source));
    }

    @Test
    void rejectsSourceThatDoesNotParse() {
        assertThrows(IllegalArgumentException.class, () -> pruner.prune("class {"));
    }

    @Test
    void everyRegisteredTaskHasAParsableContextUnder12KbWithoutTheAnswer() {
        JavaParser parser =
                new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
        for (Task task : new TaskRegistry().all()) {
            String context = pruner.context(task);
            String where = task.id() + ":\n" + context;
            assertTrue(parser.parse(context).isSuccessful(), where);
            int bytes = context.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < ContextPruner.MAX_CONTEXT_BYTES, task.id() + " context is " + bytes + " bytes");
            assertTrue(context.contains("class " + task.stateType().getSimpleName()), where);
            assertFalse(context.contains("HiddenFromContext"), where);
            assertFalse(context.contains("episodeFitness"), where);
            assertFalse(context.contains("render("), where);
            assertFalse(context.contains("import dev.rewardsmith.task.Frame;"), where);
        }
    }

    @Test
    void builtInContextKeepsDynamicsAndDropsFitnessBookkeeping() {
        String context = pruner.context(new dev.rewardsmith.task.pendulum.PendulumTask());
        assertTrue(
                context.startsWith("package dev.rewardsmith.task.pendulum;\n\nimport dev.rewardsmith.rl.VectorEnv;\n"
                        + "import java.util.SplittableRandom;\n\n/**"),
                context);
        assertTrue(context.indexOf("class PendulumState") < context.indexOf("class PendulumEnv"));
        assertTrue(context.contains("public void step(float[] actions)"));
        assertTrue(context.contains("newThetaDot = Math.clamp(newThetaDot, -MAX_SPEED, MAX_SPEED);"));
        assertTrue(context.contains("private void resetCopy(int i)"));
        assertFalse(context.contains("fitnessUprightSteps"), context);
        assertFalse(context.contains("countFitness"), context);
    }

    @Test
    void aTaskWithoutShippedSourceGetsAnOutlineOfItsStateView() {
        String context = pruner.context(new ServiceLoadedTask());
        assertTrue(context.contains("public final class LineState {"), context);
        assertTrue(context.contains("public double position;"), context);
        assertTrue(context.contains("public double[] action;"), context);
        assertTrue(context.contains("public int step;"), context);
    }

    /** The server shares one pruner; concurrent contexts must equal the ones computed alone. */
    @Test
    void oneSharedPrunerGivesTheSameContextsFromManyThreads() throws Exception {
        ContextPruner pruner = new ContextPruner();
        java.util.List<Task> tasks = new TaskRegistry().all();
        java.util.Map<String, String> alone = new java.util.HashMap<>();
        for (Task t : tasks) alone.put(t.id(), pruner.context(t));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Task t : tasks)
                    results.add(pool.submit(() -> alone.get(t.id()).equals(pruner.context(t))));
            }
            for (var r : results) assertTrue(r.get(), "a concurrent context differs from the one computed alone");
        }
    }
}
