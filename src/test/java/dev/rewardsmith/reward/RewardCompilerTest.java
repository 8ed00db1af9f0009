package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardCompilerTest {

    private static final String DESIGN_EXAMPLE = """
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
        CompiledReward second = compiled(fresh.compile("Here it is:\n```java\n" + DESIGN_EXAMPLE
                + "```\nThe upright term dominates.", CartPoleState.class));
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
        String text = """
                double reward(CartPoleState s, Components c) {
                    return s.angle;
                }
                """;
        List<Problem> problems = rejected(compiler.compile(text, CartPoleState.class));
        assertEquals(new Problem(Stage.VALIDATE, 2, 12, "unknown field s.angle: CartPoleState has cartPosition,"
                + " cartVelocity, poleAngle, poleAngularVelocity, step, terminated"), problems.get(0));
    }

    static CompiledReward compiled(CompileResult result) {
        if (result instanceof CompileResult.Rejected rejected) {
            throw new AssertionError("rejected: " + rejected.problems());
        }
        return ((CompileResult.Compiled) result).reward();
    }

    static List<Problem> rejected(CompileResult result) {
        return assertInstanceOf(CompileResult.Rejected.class, result, () -> "compiled: " + result).problems();
    }
}
