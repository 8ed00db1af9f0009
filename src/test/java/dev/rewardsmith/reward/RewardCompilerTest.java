package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardCompilerTest {

    private static final String DESIGN_EXAMPLE =
            """
            double reward(CartPoleState s, Components c) {
                double uprightTemperature = 4.0;
                double upright = Math.exp(-uprightTemperature * s.poleAngle * s.poleAngle);
                double centred = -0.1 * s.cartPosition * s.cartPosition;
                c.put("upright", upright);
                c.put("centred", centred);
                return upright + centred;
            }
            """;

    private final RewardCompiler compiler = new RewardCompiler();

    @Test
    void compilesTheDesignExampleAndEvaluatesIt() {
        CompiledReward reward = compiled(compiler.compile(DESIGN_EXAMPLE, CartPoleState.class));
        assertEquals(List.of("upright", "centred"), reward.componentNames());
        assertEquals(List.of("upright", "centred"), reward.function().componentNames());
        CartPoleState state = new CartPoleState();
        state.poleAngle = 0.3;
        state.cartPosition = -2.0;
        double[] components = {7, 7};
        double total = reward.function().evaluate(state, components);
        double upright = Math.exp(-4.0 * 0.3 * 0.3);
        double centred = -0.1 * -2.0 * -2.0;
        assertEquals(upright, components[0], 0.0);
        assertEquals(centred, components[1], 0.0);
        assertEquals(upright + centred, total, 0.0);
    }

    @Test
    void theSameProgramCompilesOnceWhateverProseSurroundsIt() {
        RewardCompiler fresh = new RewardCompiler();
        CompiledReward first = compiled(fresh.compile(DESIGN_EXAMPLE, CartPoleState.class));
        CompiledReward second = compiled(fresh.compile(
                "Here it is:\n```java\n" + DESIGN_EXAMPLE + "```\nThe upright term dominates.", CartPoleState.class));
        assertEquals(1, fresh.compilations());
        assertSame(first.function(), second.function());
        assertEquals(first.source(), second.source());
    }

    @Test
    void normalizedSourceRecompilesToTheSameSource() {
        CompiledReward first = compiled(compiler.compile(DESIGN_EXAMPLE, CartPoleState.class));
        CompiledReward second = compiled(compiler.compile(first.source(), CartPoleState.class));
        assertEquals(first.source(), second.source());
    }

    @Test
    void rejectsAnUnknownFieldAtItsPosition() {
        String text =
                """
                double reward(CartPoleState s, Components c) {
                    return s.angle;
                }
                """;
        List<Problem> problems = rejected(compiler.compile(text, CartPoleState.class));
        assertEquals(
                new Problem(
                        Stage.VALIDATE,
                        2,
                        12,
                        "unknown field s.angle: CartPoleState has cartPosition,"
                                + " cartVelocity, poleAngle, poleAngularVelocity, step, terminated"),
                problems.get(0));
    }

    @Test
    void generatedClassesCannotSeeTheServer() throws Exception {
        CompiledReward reward = compiled(compiler.compile(DESIGN_EXAMPLE, CartPoleState.class));
        ClassLoader parent = reward.function().getClass().getClassLoader().getParent();
        assertSame(CartPoleState.class, parent.loadClass(CartPoleState.class.getName()));
        assertSame(RewardFunction.class, parent.loadClass(RewardFunction.class.getName()));
        assertSame(Math.class, parent.loadClass("java.lang.Math"));
        for (String hidden : List.of(
                "java.lang.Runtime",
                "java.lang.ProcessBuilder",
                "java.lang.Thread",
                "java.io.File",
                "java.nio.file.Files",
                "java.lang.reflect.Method",
                RewardCompiler.class.getName())) {
            assertThrows(ClassNotFoundException.class, () -> parent.loadClass(hidden), hidden);
        }
    }

    @Test
    void nestedStateViewsCompile() {
        String text = DESIGN_EXAMPLE.replace("CartPoleState", "BenchState");
        CompiledReward reward = compiled(compiler.compile(text, RewardBenchmark.BenchState.class));
        RewardBenchmark.BenchState state = new RewardBenchmark.BenchState();
        state.poleAngle = 0.5;
        double[] components = new double[2];
        assertEquals(Math.exp(-4.0 * 0.5 * 0.5), reward.function().evaluate(state, components), 0.0);
    }

    @Test
    void positionsInsideAClassWrapperAreThoseOfTheTextSent() {
        String text = "Sure.\n```java\nimport java.util.List;\n\npublic class R {\n    @Override\n"
                + "    public double reward(CartPoleState s, Components c) {\n"
                + "\tdouble x = s.poleAngle;\n        return x + s.velocity;\n    }\n}\n```\n";
        List<Problem> problems = rejected(compiler.compile(text, CartPoleState.class));
        assertEquals(
                List.of(new Problem(
                        Stage.VALIDATE,
                        9,
                        20,
                        "unknown field s.velocity: CartPoleState has"
                                + " cartPosition, cartVelocity, poleAngle, poleAngularVelocity, step, terminated")),
                problems);
    }

    @Test
    void reportsSeveralProblemsInSourceOrder() {
        String text =
                """
                double reward(CartPoleState s, Components c) {
                    int n = 2.5;
                    s.step = 3;
                    while (n > 0) {
                        n -= 0.5;
                    }
                    return new Object();
                }
                """;
        List<Problem> problems = rejected(compiler.compile(text, CartPoleState.class));
        assertEquals(
                List.of("validate 2:13", "validate 3:5", "validate 4:5", "validate 5:14", "validate 7:12"),
                problems.stream()
                        .map(p -> p.stage().label() + " " + p.line() + ":" + p.column())
                        .toList());
    }

    @Test
    void extractionPrefersTheLastFenceWithTheRewardMethod() {
        String text = "```java\ndouble reward(CartPoleState s, Components c) {\n    return 1.0;\n}\n```\n"
                + "Then use it:\n```java\nComponents components = new Components();\n"
                + "double r = reward(state, components);\n```\n";
        CompiledReward reward = compiled(compiler.compile(text, CartPoleState.class));
        assertEquals("double reward(CartPoleState s, Components c) {\n    return 1.0;\n}\n", reward.source());
    }

    @Test
    void neverThrowsOnGarbage() {
        List<String> garbage = List.of(
                "",
                "   ",
                "}}}{{{",
                "double reward(",
                "double reward(CartPoleState s, " + "Components c) {",
                "double reward(CartPoleState s, Components c) { return " + "(".repeat(3000) + "1" + ")".repeat(3000)
                        + "; }",
                "```\n```",
                "\u0000\uFFFF",
                "x".repeat(300_000));
        for (String text : garbage) {
            CompileResult result = compiler.compile(text, CartPoleState.class);
            assertInstanceOf(
                    CompileResult.Rejected.class, result, () -> text.length() > 80 ? text.substring(0, 80) : text);
        }
    }

    @Test
    void compilesConcurrentlyToOneFunctionPerProgram() throws Exception {
        RewardCompiler shared = new RewardCompiler();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<CompiledReward>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String text = DESIGN_EXAMPLE.replace("4.0", i % 2 == 0 ? "4.0" : "5.0");
                futures.add(pool.submit(() -> compiled(shared.compile(text, CartPoleState.class))));
            }
            java.util.Set<RewardFunction> functions =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (var future : futures) {
                functions.add(future.get().function());
            }
            assertEquals(2, functions.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hexLiteralsKeepTheirValueAndWrapLikeJava() {
        String text =
                """
                double reward(CartPoleState s, Components c) {
                    int a = -0xFFFFFFFF;
                    int b = 0x80000000;
                    int d = -b - a;
                    return a * 10 + d + s.step * 0x7FFFFFFF;
                }
                """;
        CompiledReward reward = compiled(compiler.compile(text, CartPoleState.class));
        CartPoleState state = new CartPoleState();
        state.step = 3;
        int a = -0xFFFFFFFF;
        int b = 0x80000000;
        int d = -b - a;
        assertEquals(a * 10 + d + 3 * 0x7FFFFFFF, reward.function().evaluate(state, new double[0]), 0.0);
    }

    @Test
    void windowsLineEndingsKeepPositions() {
        String text = "Reward:\r\n```java\r\ndouble reward(CartPoleState s, Components c) {\r\n"
                + "    return s.poleAngle + s.spin;\r\n}\r\n```\r\n";
        List<Problem> problems = rejected(compiler.compile(text, CartPoleState.class));
        assertEquals(4, problems.get(0).line());
        assertEquals(26, problems.get(0).column());
        CompiledReward reward =
                compiled(compiler.compile(text.replace("s.spin", "s.cartVelocity"), CartPoleState.class));
        assertEquals(
                "double reward(CartPoleState s, Components c) {\n    return s.poleAngle + s.cartVelocity;\n}\n",
                reward.source());
    }

    static CompiledReward compiled(CompileResult result) {
        if (result instanceof CompileResult.Rejected rejected) {
            throw new AssertionError("rejected: " + rejected.problems());
        }
        return ((CompileResult.Compiled) result).reward();
    }

    static List<Problem> rejected(CompileResult result) {
        return assertInstanceOf(CompileResult.Rejected.class, result, () -> "compiled: " + result)
                .problems();
    }
}
