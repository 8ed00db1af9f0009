package dev.rewardsmith.reward;

import static dev.rewardsmith.reward.RewardCompilerTest.compiled;
import static dev.rewardsmith.reward.RewardCompilerTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reward language's optional potential: {@code double potential(<Task>State s)} (potential-based shaping). */
class PotentialProgramTest {

    static final String SHAPED =
            """
            double reward(CartPoleState s, Components c) {
                double upright = Math.exp(-4.0 * s.poleAngle * s.poleAngle);
                c.put("upright", upright);
                return upright;
            }

            private static double potential(CartPoleState s) {
                return -Math.abs(s.cartPosition) / 2.4;
            }
            """;

    private final RewardCompiler compiler = new RewardCompiler();

    @Test
    void aPotentialAddsTheShapingComponentAndIsCallable() {
        CompiledReward reward = compiled(compiler.compile(SHAPED, CartPoleState.class));
        assertEquals(List.of("upright", "potential_shaping"), reward.componentNames());
        assertEquals(reward.componentNames(), reward.function().componentNames());
        assertTrue(reward.function().hasPotential());
        CartPoleState state = new CartPoleState();
        state.poleAngle = 0.3;
        state.cartPosition = -1.2;
        double[] components = {7, 7};
        double total = reward.function().evaluate(state, components);
        // the program's own reward only; the trainer adds the shaping term and writes its component
        assertEquals(Math.exp(-4.0 * 0.3 * 0.3), total, 0.0);
        assertEquals(Math.exp(-4.0 * 0.3 * 0.3), components[0], 0.0);
        assertEquals(0.0, components[1], 0.0);
        assertEquals(-1.2 / 2.4, reward.function().potential(state), 0.0);
        assertTrue(reward.source().contains("private static double potential(CartPoleState s)"), reward.source());
    }

    @Test
    void withoutAPotentialNothingChanges() {
        CompiledReward reward = compiled(compiler.compile(
                SHAPED.substring(0, SHAPED.indexOf("private static double potential")), CartPoleState.class));
        assertEquals(List.of("upright"), reward.componentNames());
        assertFalse(reward.function().hasPotential());
        assertThrows(
                UnsupportedOperationException.class, () -> reward.function().potential(new CartPoleState()));
    }

    private String firstProblem(String program) {
        return rejected(compiler.compile(program, CartPoleState.class)).get(0).message();
    }

    @Test
    void theReservedNameNeedsItsSignature() {
        String wrongParameters = "the potential method takes exactly the state view; write double"
                + " potential(CartPoleState s) (or rename the helper: potential is reserved for potential-based shaping)";
        assertEquals(
                wrongParameters,
                firstProblem(SHAPED.replace("potential(CartPoleState s)", "potential(CartPoleState s, double k)")));
        assertEquals(
                wrongParameters,
                firstProblem(SHAPED.replace("potential(CartPoleState s)", "potential(Components c)")
                        .replace("s.cartPosition", "1.0")));
        assertEquals(
                "the potential method must return double; found int: write double potential(CartPoleState s) (or"
                        + " rename the helper: potential is reserved for potential-based shaping)",
                firstProblem(SHAPED.replace("private static double potential", "private static int potential")
                        .replace("return -Math.abs(s.cartPosition) / 2.4;", "return 1;")));
    }

    @Test
    void theShapingComponentsNameIsTakenAndCounts() {
        String clash = SHAPED.replace("c.put(\"upright\"", "c.put(\"potential_shaping\"");
        assertEquals(
                "component potential_shaping is recorded by the trainer when a program declares potential (gamma *"
                        + " potential(s') - potential(s)); rename the program's own component",
                firstProblem(clash));
        StringBuilder sixteen = new StringBuilder("double reward(CartPoleState s, Components c) {\n");
        for (int i = 0; i < 16; i++)
            sixteen.append("    c.put(\"k").append(i).append("\", ").append(i).append(".0);\n");
        sixteen.append("    return 0.0;\n}\n");
        String full = sixteen.toString();
        assertEquals(
                16,
                compiled(compiler.compile(full, CartPoleState.class))
                        .componentNames()
                        .size());
        String fullAndShaped = full + SHAPED.substring(SHAPED.indexOf("private static double potential"));
        assertEquals(
                "the program records 16 components and the potential's shaping term takes one more; at most 16 in"
                        + " all: record fewer",
                firstProblem(fullAndShaped));
    }

    /** Each step evaluates both: a program whose reward and potential fit alone but not together is refused. */
    @Test
    void theCostCountsTheRewardAndThePotentialTogether() {
        String heavy =
                """
                private static double heavy(CartPoleState s) {
                    double x = 0.0;
                    for (int i = 0; i < 64; i++) {
                        for (int j = 0; j < 64; j++) {
                            x += s.poleAngle * i + s.cartPosition * j + s.cartVelocity * (i - j) + 1.0;
                        }
                    }
                    return x;
                }
                """;
        String rewardOnly = "double reward(CartPoleState s, Components c) {\n    double h = heavy(s);\n"
                + "    c.put(\"h\", h);\n    return h;\n}\n\n" + heavy;
        compiled(compiler.compile(rewardOnly, CartPoleState.class));
        String both = rewardOnly + "\nprivate static double potential(CartPoleState s) {\n    return heavy(s);\n}\n";
        String message = firstProblem(both);
        assertTrue(
                message.contains("operations per evaluation (reward and potential together); at most 200000"), message);
    }

    @Test
    void theCudaEmitterRefusesAPotential() {
        CompiledReward reward = compiled(compiler.compile(SHAPED, CartPoleState.class));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new CudaEmitter().emit(reward, CartPoleState.class));
        assertEquals("a program with a potential has no CUDA form: it trains on the CPU", e.getMessage());
    }
}
