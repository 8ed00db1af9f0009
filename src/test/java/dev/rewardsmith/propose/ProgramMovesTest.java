package dev.rewardsmith.propose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.cartpole.CartPoleState;
import dev.rewardsmith.task.reacher.ReacherState;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each move on a small known program, compared with the exact normalized source it must produce. */
class ProgramMovesTest {

    /** The example program of docs/architecture.md, The reward language. */
    static final String DESIGN_EXAMPLE =
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

    private static final RewardCompiler COMPILER = new RewardCompiler();
    private static final List<StateField> CARTPOLE = StateField.of(CartPoleState.class);

    static String normalized(String text, Class<?> stateType) {
        CompileResult result = COMPILER.compile(text, stateType);
        if (result instanceof CompileResult.Compiled c) return c.reward().source();
        throw new AssertionError("rejected: " + result + "\n" + text);
    }

    /** Applies the move to the normalized program; checks the summary and returns the normalized result. */
    private static String moved(
            String program, Class<?> stateType, Function<ParsedProgram, String> move, String expectedSummary) {
        ParsedProgram parsed = ParsedProgram.parse(normalized(program, stateType));
        assertEquals(expectedSummary, move.apply(parsed));
        return normalized(parsed.print(), stateType);
    }

    @Test
    void theDesignExampleIsAlreadyNormalized() {
        assertEquals(DESIGN_EXAMPLE, normalized(DESIGN_EXAMPLE, CartPoleState.class));
    }

    @Test
    void scalingATemperatureLocal() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.scaleLiteral(p, 0, 0.5),
                "upright: uprightTemperature 4.0 -> 2.0");
        assertEquals(DESIGN_EXAMPLE.replace("= 4.0;", "= 2.0;"), out);
    }

    @Test
    void scalingALiteralInAnExpressionKeepsItsSign() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.scaleLiteral(p, 1, 0.8),
                "centred: constant -0.1 -> -0.08");
        assertEquals(DESIGN_EXAMPLE.replace("-0.1 *", "-0.08 *"), out);
    }

    @Test
    void retuningAComponentChangesItsTemperature() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.retune(p, "upright", 0.25),
                "upright: uprightTemperature 4.0 -> 1.0");
        assertEquals(DESIGN_EXAMPLE.replace("= 4.0;", "= 1.0;"), out);
    }

    @Test
    void retuningAComponentWithoutTemperatureRescalesIt() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.retune(p, "centred", 4.0),
                "centred: scaled x4.0");
        assertEquals(DESIGN_EXAMPLE.replace("-0.1 *", "-0.4 *"), out);
    }

    @Test
    void rescalingALeadingLiteral() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.rescale(p, "centred", 0.03),
                "centred: scaled x0.03");
        assertEquals(DESIGN_EXAMPLE.replace("-0.1 *", "-0.003 *"), out);
    }

    @Test
    void rescalingAnExpressionWithoutLeadingLiteralWrapsIt() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.rescale(p, "upright", 0.5),
                "upright: scaled x0.5");
        assertEquals(DESIGN_EXAMPLE.replace("= Math.exp(", "= 0.5 * Math.exp("), out);
    }

    @Test
    void rescalingAConditionalScalesItsBranches() {
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    double failure = s.failed ? -1.0 : 0.0;
                    c.put("failure", failure);
                    return failure;
                }
                """;
        String out = moved(
                program, CartPoleState.class, p -> ProgramMoves.rescale(p, "failure", 10.0), "failure: scaled x10.0");
        assertEquals(program.replace("-1.0", "-10.0"), out);
    }

    @Test
    void reweightingATermOfTheTotal() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.reweight(p, "upright", 2.0),
                "upright: weight 1.0 -> 2.0 in the total");
        assertEquals(DESIGN_EXAMPLE.replace("return upright", "return 2.0 * upright"), out);
    }

    @Test
    void reshapingAnExpBonusIntoAQuadraticPenalty() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.reshape(p, "upright", Shape.QUADRATIC, 0.1, CARTPOLE),
                "upright: exp bonus -> quadratic penalty, -0.1 * s.poleAngle^2");
        assertEquals(
                """
                double reward(CartPoleState s, Components c) {
                    double uprightWeight = 0.1;
                    double upright = -uprightWeight * s.poleAngle * s.poleAngle;
                    double centred = -0.1 * s.cartPosition * s.cartPosition;
                    c.put("upright", upright);
                    c.put("centred", centred);
                    return upright + centred;
                }
                """,
                out);
    }

    @Test
    void reshapingKeepsAConstantAnotherComponentStillReads() {
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    double sharpness = 4.0;
                    double upright = Math.exp(-sharpness * s.poleAngle * s.poleAngle);
                    double centred = -sharpness * s.cartPosition * s.cartPosition;
                    c.put("upright", upright);
                    c.put("centred", centred);
                    return upright + centred;
                }
                """;
        String out = moved(
                program,
                CartPoleState.class,
                p -> ProgramMoves.reshape(p, "upright", Shape.QUADRATIC, 0.1, CARTPOLE),
                "upright: exp bonus -> quadratic penalty, -0.1 * s.poleAngle^2");
        assertEquals(
                program.replace(
                        "    double upright = Math.exp(-sharpness * s.poleAngle * s.poleAngle);\n",
                        "    double uprightWeight = 0.1;\n"
                                + "    double upright = -uprightWeight * s.poleAngle * s.poleAngle;\n"),
                out);
    }

    @Test
    void reshapingAQuadraticPenaltyIntoATanhBonus() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.reshape(p, "centred", Shape.TANH, 2.0, CARTPOLE),
                "centred: quadratic penalty -> tanh bonus, 1 - tanh(2.0 * |s.cartPosition|)");
        assertEquals(
                DESIGN_EXAMPLE.replace(
                        "    double centred = -0.1 * s.cartPosition * s.cartPosition;\n",
                        "    double centredTemperature = 2.0;\n"
                                + "    double centred = 1.0 - Math.tanh(centredTemperature * Math.abs(s.cartPosition));\n"),
                out);
    }

    @Test
    void reshapingIntoTheCurrentShapeDoesNotApply() {
        ParsedProgram parsed = ParsedProgram.parse(DESIGN_EXAMPLE);
        assertNull(ProgramMoves.reshape(parsed, "upright", Shape.EXP, 1.0, CARTPOLE));
        assertEquals(DESIGN_EXAMPLE, parsed.print());
    }

    @Test
    void addingAQuadraticPenaltyOnAnUnusedField() {
        StateField field = new StateField("cartVelocity", StateField.Kind.DOUBLE, 0);
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.add(p, field, Shape.QUADRATIC, 0.1),
                "added component 'cartVelocity' = -0.1 * s.cartVelocity^2");
        assertEquals(
                """
                double reward(CartPoleState s, Components c) {
                    double uprightTemperature = 4.0;
                    double upright = Math.exp(-uprightTemperature * s.poleAngle * s.poleAngle);
                    double centred = -0.1 * s.cartPosition * s.cartPosition;
                    double cartVelocityWeight = 0.1;
                    double cartVelocity = -cartVelocityWeight * s.cartVelocity * s.cartVelocity;
                    c.put("upright", upright);
                    c.put("centred", centred);
                    c.put("cartVelocity", cartVelocity);
                    return upright + centred + cartVelocity;
                }
                """,
                out);
    }

    @Test
    void addingABooleanIndicator() {
        StateField field = new StateField("failed", StateField.Kind.BOOLEAN, 0);
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.add(p, field, Shape.INDICATOR, -1.0),
                "added component 'failed' = -1.0 * (s.failed ? 1 : 0)");
        assertEquals(
                DESIGN_EXAMPLE
                        .replace(
                                "    c.put(\"upright\"",
                                "    double failedWeight = -1.0;\n"
                                        + "    double failed = failedWeight * (s.failed ? 1.0 : 0.0);\n"
                                        + "    c.put(\"upright\"")
                        .replace(
                                "    return upright + centred;",
                                "    c.put(\"failed\", failed);\n    return upright + centred + failed;"),
                out);
    }

    @Test
    void addingAFieldAlreadyReadDoesNotApply() {
        StateField field = new StateField("poleAngle", StateField.Kind.DOUBLE, 0);
        assertNull(ProgramMoves.add(ParsedProgram.parse(DESIGN_EXAMPLE), field, Shape.QUADRATIC, 0.1));
    }

    @Test
    void addingAnArrayPenaltyElementWise() {
        String program =
                """
                double reward(ReacherState s, Components c) {
                    double distance = -s.distance;
                    c.put("distance", distance);
                    return distance;
                }
                """;
        StateField action = StateField.of(ReacherState.class).stream()
                .filter(f -> f.name().equals("action"))
                .findFirst()
                .orElseThrow();
        assertEquals(new StateField("action", StateField.Kind.DOUBLE_ARRAY, 2), action);
        String out = moved(
                program,
                ReacherState.class,
                p -> ProgramMoves.add(p, action, Shape.EXP, 0.5),
                "added component 'action' = exp(-0.5 * s.action[*]^2)");
        assertEquals(
                """
                double reward(ReacherState s, Components c) {
                    double distance = -s.distance;
                    double actionTemperature = 0.5;
                    double action = Math.exp(-actionTemperature * (s.action[0] * s.action[0] + s.action[1] * s.action[1]));
                    c.put("distance", distance);
                    c.put("action", action);
                    return distance + action;
                }
                """,
                out);
    }

    @Test
    void droppingAComponentRemovesItsTermDefinitionAndConstants() {
        String out = moved(
                DESIGN_EXAMPLE,
                CartPoleState.class,
                p -> ProgramMoves.drop(p, "upright"),
                "dropped component 'upright'");
        assertEquals(
                """
                double reward(CartPoleState s, Components c) {
                    double centred = -0.1 * s.cartPosition * s.cartPosition;
                    c.put("centred", centred);
                    return centred;
                }
                """,
                out);
    }

    @Test
    void droppingAWeightedTermFromASignedTotal() {
        String program =
                """
                double reward(ReacherState s, Components c) {
                    double precisionTemperature = 0.02;
                    double distance = -s.distance;
                    double precision = Math.exp(-s.distance / precisionTemperature);
                    double control = -0.05 * s.action[0] * s.action[0];
                    c.put("distance", distance);
                    c.put("precision", precision);
                    c.put("control", control);
                    return 10.0 * distance - 0.5 * precision + control;
                }
                """;
        String out = moved(
                program, ReacherState.class, p -> ProgramMoves.drop(p, "distance"), "dropped component 'distance'");
        assertEquals(
                """
                double reward(ReacherState s, Components c) {
                    double precisionTemperature = 0.02;
                    double precision = Math.exp(-s.distance / precisionTemperature);
                    double control = -0.05 * s.action[0] * s.action[0];
                    c.put("precision", precision);
                    c.put("control", control);
                    return -(0.5 * precision) + control;
                }
                """,
                out);
    }

    @Test
    void droppingAComponentOthersDependOnDoesNotApply() {
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    double angle = -s.poleAngle * s.poleAngle;
                    double both = angle - s.cartPosition * s.cartPosition;
                    c.put("angle", angle);
                    c.put("both", both);
                    return angle + both;
                }
                """;
        ParsedProgram parsed = ParsedProgram.parse(normalized(program, CartPoleState.class));
        assertNull(ProgramMoves.drop(parsed, "angle"));
        assertEquals(normalized(program, CartPoleState.class), parsed.print());
    }

    @Test
    void numbersKeepFourSignificantDigits() {
        assertEquals("0.04", ProgramMoves.number(0.05 * 0.8));
        assertEquals("20.0", ProgramMoves.number(20));
        assertEquals("-1.0", ProgramMoves.number(-1));
        assertEquals("1.0E-5", ProgramMoves.number(1e-5));
        assertEquals("0.3333", ProgramMoves.number(1 / 3.0));
    }

    /** The reflection's potential_shaping is the trainer's component: moves on it scale the potential. */
    @Test
    void movesOnTheShapingComponentScaleThePotential() {
        String weighted = DESIGN_EXAMPLE
                + """

                private static double potential(CartPoleState s) {
                    double shapingWeight = 1.0;
                    return shapingWeight * (-Math.abs(s.poleAngle) / 0.2095);
                }
                """;
        assertEquals(
                weighted.replace("shapingWeight = 1.0;", "shapingWeight = 2.0;"),
                moved(
                        weighted,
                        CartPoleState.class,
                        p -> ProgramMoves.reweight(p, "potential_shaping", 2.0),
                        "potential_shaping: shapingWeight 1.0 -> 2.0"));
        String bare = DESIGN_EXAMPLE
                + """

                private static double potential(CartPoleState s) {
                    if (s.failed) {
                        return -1.0;
                    }
                    return -Math.abs(s.poleAngle);
                }
                """;
        assertEquals(
                bare.replace("return -1.0;", "return 0.5 * (-1.0);")
                        .replace("return -Math.abs(s.poleAngle);", "return 0.5 * (-Math.abs(s.poleAngle));"),
                moved(
                        bare,
                        CartPoleState.class,
                        p -> ProgramMoves.rescale(p, "potential_shaping", 0.5),
                        "potential_shaping: potential scaled x0.5"));
        // without a potential the name is unknown, as any other
        ParsedProgram plain = ParsedProgram.parse(normalized(DESIGN_EXAMPLE, CartPoleState.class));
        assertNull(ProgramMoves.retune(plain, "potential_shaping", 2.0));
    }
}
