package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms coding models write that the reward language accepts (docs/architecture.md, The reward language): each
 * program gives the hand-computed reward on a given state, on the JVM and in the emitted C (gcc); the read-only and
 * bounded guarantees of arrays hold, and int / int is a problem with its fix hint.
 */
class ModelFormsTest {

    private final RewardCompiler compiler = new RewardCompiler();
    private final CudaEmitter emitter = new CudaEmitter();

    @TempDir
    Path directory;

    private static ReacherState reacher() {
        ReacherState s = new ReacherState();
        s.goal3[0] = 1.0;
        s.goal3[1] = 2.0;
        s.goal3[2] = 3.5;
        s.fingertip[0] = 0.5;
        s.fingertip[1] = -2.0;
        s.goal[0] = 4.0;
        s.goal[1] = 0.25;
        s.step = 8;
        return s;
    }

    private static CartPoleState cartPole(double poleAngle, int step) {
        CartPoleState s = new CartPoleState();
        s.poleAngle = poleAngle;
        s.step = step;
        return s;
    }

    /** Compiles, evaluates on the state, checks the C twin on the same state, returns total then components. */
    private double[] evaluate(String program, Object state) throws Exception {
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(program, state.getClass()));
        double[] components = new double[reward.componentNames().size()];
        double total = reward.function().evaluate(state, components);
        CudaEmitterTest.compareWithC(
                emitter, reward, state.getClass(), List.of(state), directory, "p" + program.hashCode(), false);
        double[] out = new double[components.length + 1];
        out[0] = total;
        System.arraycopy(components, 0, out, 1, components.length);
        return out;
    }

    private double total(String program, Object state) throws Exception {
        return evaluate(program, state)[0];
    }

    private Problem firstProblem(String program, Class<?> stateType) {
        return RewardCompilerTest.rejected(compiler.compile(program, stateType)).get(0);
    }

    @Test
    void varAndFloatAreReadAsTheirDoubleValues() throws Exception {
        // 0.25f * 2 + 3 = 3.5; 0.1f is read as 0.1 (not as the float 0.100000001490116...)
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    var a = 0.25f;
                    float b = 2;
                    var n = 3;
                    float tenth = 0.1f;
                    c.put("tenth", tenth);
                    return a * b + n;
                }
                """;
        assertArrayEquals(new double[] {3.5, 0.1}, evaluate(program, cartPole(0, 0)), 0.0);
        assertEquals(
                3.0,
                total("double reward(CartPoleState s, Components c) { var k = 7 % 4; return k; }", cartPole(0, 0)),
                0.0);
    }

    @Test
    void forEachVisitsEveryElementOfAStateArray() throws Exception {
        // goal3 = {1, 2, 3.5}: squares sum to 1 + 4 + 12.25 = 17.25; the break stops before 3.5: 1 + 2 = 3
        String program =
                """
                double reward(ReacherState s, Components c) {
                    double squares = 0.0;
                    for (double g : s.goal3) {
                        squares += g * g;
                    }
                    double prefix = 0.0;
                    for (var g : s.goal3) {
                        if (g > 2.5) {
                            break;
                        }
                        prefix += g;
                    }
                    c.put("squares", squares);
                    c.put("prefix", prefix);
                    return squares + 100.0 * prefix;
                }
                """;
        assertArrayEquals(new double[] {317.25, 17.25, 3.0}, evaluate(program, reacher()), 0.0);
    }

    @Test
    void doubleNanAndFinitenessTests() throws Exception {
        // poleAngle 0: 1/0 is +infinity (not finite, infinite), 0/0 is NaN: -1 + 2 + 4 = 5
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    double r = 1.0 / s.poleAngle;
                    double z = 0.0 / s.poleAngle;
                    double finite = Double.isFinite(r) ? r : -1.0;
                    double nan = Double.isNaN(z) ? 2.0 : 0.0;
                    double infinite = Double.isInfinite(r) ? 4.0 : 0.0;
                    return finite + nan + infinite;
                }
                """;
        assertEquals(5.0, total(program, cartPole(0.0, 0)), 0.0);
        // poleAngle 0.5: r = 2 is finite, z = 0 is a number: 2 + 0 + 0
        assertEquals(2.0, total(program, cartPole(0.5, 0)), 0.0);
    }

    @Test
    void readOnlyAliasesReadTheStateArray() throws Exception {
        // g = goal3 = {1, 2, 3.5}: 100 * 1 + 3.5 + 3 (its length) = 106.5
        String program =
                """
                double reward(ReacherState s, Components c) {
                    double[] g = s.goal3;
                    final var h = s.goal3;
                    return g[0] * 100.0 + h[2] + g.length;
                }
                """;
        assertEquals(106.5, total(program, reacher()), 0.0);
    }

    @Test
    void helpersTakeStateArraysTheStateViewAndTheComponents() throws Exception {
        // dot(fingertip, goal) = 0.5 * 4 + (-2) * 0.25 = 1.5; sum3(goal3) = 6.5; step 8 read in a helper
        String program =
                """
                private static double dot(double[] a, double[] b) {
                    double t = 0.0;
                    for (int i = 0; i < a.length; i++) {
                        t += a[i] * b[i];
                    }
                    return t;
                }

                private static double sum3(double[] v) {
                    double t = 0.0;
                    for (double x : v) {
                        t += x;
                    }
                    return t;
                }

                private static double progress(ReacherState state, Components parts) {
                    double p = state.step / 16.0;
                    parts.put("progress", p);
                    return p;
                }

                double reward(ReacherState s, Components c) {
                    double d = dot(s.fingertip, s.goal);
                    c.put("dot", d);
                    return d + 10.0 * sum3(s.goal3) + 100.0 * progress(s, c);
                }
                """;
        // components in order of first appearance in the source: progress (in the helper above), then dot
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(program, ReacherState.class));
        assertEquals(List.of("progress", "dot"), reward.componentNames());
        assertArrayEquals(new double[] {1.5 + 65.0 + 50.0, 0.5, 1.5}, evaluate(program, reacher()), 0.0);
    }

    @Test
    void voidHelpersRecordComponentsAsStatements() throws Exception {
        // step 8: the helper records half = 4 and returns early; total 1 + 4 = 5
        String program =
                """
                private static void recordHalf(CartPoleState s, Components c, double weight) {
                    c.put("half", weight * s.step);
                    if (s.step > 4) {
                        return;
                    }
                    c.put("half", -1.0);
                }

                double reward(CartPoleState s, Components c) {
                    recordHalf(s, c, 0.5);
                    return 1.0 + 0.5 * s.step;
                }
                """;
        assertArrayEquals(new double[] {5.0, 4.0}, evaluate(program, cartPole(0.0, 8)), 0.0);
        assertArrayEquals(new double[] {2.0, -1.0}, evaluate(program, cartPole(0.0, 2)), 0.0);
        assertEquals(
                "validate 10:13: variable r is given recordHalf(s, c, 0.5), which returns void; a void helper can only"
                        + " be called as a statement",
                firstProblem(
                                program.replace("recordHalf(s, c, 0.5);", "var r = recordHalf(s, c, 0.5);"),
                                CartPoleState.class)
                        .toString());
    }

    @Test
    void intCastsFollowJava() throws Exception {
        // (int) 2.9 = 2, (int) -2.9 = -2, (int) NaN = 0, (int) +infinity = Integer.MAX_VALUE, (int) of an int is it
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    int a = (int) 2.9;
                    int b = (int) -2.9;
                    int nan = (int) Math.sqrt(-1.0);
                    int big = (int) (1.0 / s.poleAngle);
                    int same = (int) s.step;
                    double bucket = (double) (int) (s.poleAngle * 10.0);
                    c.put("bucket", bucket);
                    return a + b + (nan == 0 ? 10 : 0) + (big == 2147483647 ? 100 : 0) + same;
                }
                """;
        assertArrayEquals(new double[] {117.0, 0.0}, evaluate(program, cartPole(0.0, 7)), 0.0);
        // poleAngle 0.37: big = (int) 2.7027... = 2, bucket = (int) 3.7 = 3
        assertArrayEquals(new double[] {17.0, 3.0}, evaluate(program, cartPole(0.37, 7)), 0.0);
    }

    @Test
    void classConstantsHaveTheirValuesEverywhere() throws Exception {
        // N = 3, SCALE = 6, ON = true; the loop sums goal3: 6.5; 6 + 1 + 6.5 = 13.5
        String program =
                """
                public class Reward {
                    private static final int N = 3;
                    private static final double SCALE = 2.0 * N;
                    static final boolean ON = N > 2;
                    private static final float HALF = 0.5f;

                    private static double scaled(double x) {
                        return SCALE * x * HALF;
                    }

                    public double reward(ReacherState s, Components c) {
                        double total = 0.0;
                        for (int i = 0; i < N; i++) {
                            total += s.goal3[i];
                        }
                        c.put("scaled", scaled(1.0));
                        return SCALE + (ON ? 1.0 : 0.0) + total + s.goal3[N - 1] * 0.0;
                    }
                }
                """;
        assertArrayEquals(new double[] {13.5, 3.0}, evaluate(program, reacher()), 0.0);
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(program, ReacherState.class));
        assertTrue(reward.source().startsWith("static final int N = 3;\n"), reward.source());
    }

    @Test
    void newMathMethods() throws Exception {
        // log10(1000) = 3 exactly (powers of ten are exact on both targets); floorMod(-7, 3) = 2;
        // floorMod(7, -3) = -2; IEEEremainder(5, 3) = 5 - 2 * 3 = -1; copySign(2, -0.0) = -2;
        // copySign(3, NaN) = 3 (a NaN sign counts as positive): 3 + 2 - 2 - 1 - 2 + 3 = 3
        String program =
                """
                double reward(CartPoleState s, Components c) {
                    double nan = 0.0 / s.poleAngle;
                    return Math.log10(1000.0) + Math.floorMod(-7, 3) + Math.floorMod(7, -3)
                            + Math.IEEEremainder(5.0, 3.0) + Math.copySign(2.0, -0.0) + Math.copySign(3.0, nan);
                }
                """;
        assertEquals(3.0, total(program, cartPole(0.0, 0)), 0.0);
        Problem floorModDouble = firstProblem(
                "double reward(CartPoleState s, Components c) { return Math.floorMod(s.poleAngle, 2.0); }",
                CartPoleState.class);
        assertEquals(
                "validate 1:55: Math.floorMod takes two ints; found Math.floorMod(s.poleAngle, 2.0): for"
                        + " doubles write x - Math.floor(x / m) * m",
                floorModDouble.toString());
    }

    @Test
    void integerDivisionIsAProblemWithAFixHint() throws Exception {
        Problem problem = firstProblem(
                """
                double reward(CartPoleState s, Components c) {
                    double progress = s.step / 16;
                    return progress;
                }
                """,
                CartPoleState.class);
        assertEquals(
                "validate 2:23: integer division s.step / 16 drops the fraction (both operands are int); divide as"
                        + " double: s.step / 16.0",
                problem.toString());
        assertEquals("divide as double: s.step / 16.0", problem.hint());
        Problem assigned = firstProblem(
                """
                double reward(CartPoleState s, Components c) {
                    int half = s.step;
                    half /= 2;
                    return half;
                }
                """,
                CartPoleState.class);
        assertEquals(3, assigned.line());
        assertEquals("divide as double: half / 2.0", assigned.hint());
        Problem variables = firstProblem(
                "double reward(CartPoleState s, Components c) { int k = 3; return s.step / k; }", CartPoleState.class);
        assertEquals("divide as double: (double) s.step / k", variables.hint());
        // the hinted program: step 8 / 16.0 = 0.5
        assertEquals(
                0.5,
                total("double reward(CartPoleState s, Components c) { return s.step / 16.0; }", cartPole(0, 8)),
                0.0);
    }

    @Test
    void arraysStayReadOnlyAndBounded() {
        assertEquals(
                "validate 3:5: writes to state arrays are not allowed (g[0] is read only); copy the value into a local"
                        + " variable and change that",
                firstProblem(
                                """
                                double reward(ReacherState s, Components c) {
                                    double[] g = s.goal;
                                    g[0] = 1.0;
                                    return g[0];
                                }
                                """,
                                ReacherState.class)
                        .toString());
        assertEquals(
                "validate 3:5: array g is a read-only alias of a state array and cannot be assigned; declare another"
                        + " alias",
                firstProblem(
                                """
                                double reward(ReacherState s, Components c) {
                                    double[] g = s.goal;
                                    g = s.action;
                                    return g[0];
                                }
                                """,
                                ReacherState.class)
                        .toString());
        assertTrue(firstProblem(
                        """
                                double reward(ReacherState s, Components c) {
                                    double[] g = s.goal;
                                    return g[2];
                                }
                                """,
                        ReacherState.class)
                .toString()
                .startsWith("validate 3:14: index 2 of g is not provably within 0..1"));
        assertTrue(firstProblem(
                        """
                                private static double[] pick(double[] a) {
                                    return a;
                                }

                                double reward(ReacherState s, Components c) {
                                    return pick(s.goal)[0];
                                }
                                """,
                        ReacherState.class)
                .toString()
                .startsWith(
                        "validate 1:16: helper pick returns double[]; helpers return double, int, boolean or void"));
        assertEquals(
                "validate 10:30: argument 1 of sum is an array of length 3, but another call passes length 2; a"
                        + " helper's double[] parameter has one length: write one helper per length",
                firstProblem(
                                """
                                private static double sum(double[] v) {
                                    double t = 0.0;
                                    for (double x : v) {
                                        t += x;
                                    }
                                    return t;
                                }

                                double reward(ReacherState s, Components c) {
                                    return sum(s.goal) + sum(s.goal3);
                                }
                                """,
                                ReacherState.class)
                        .toString());
        assertEquals(
                "validate 2:5: array buffer must be given a state array, e.g. double[] buffer = s.arr; arrays"
                        + " cannot be created, only state arrays aliased (read only)",
                firstProblem(
                                """
                                double reward(ReacherState s, Components c) {
                                    double[] buffer = new double[1000000];
                                    return 0.0;
                                }
                                """,
                                ReacherState.class)
                        .toString());
        assertEquals(
                "validate 2:19: class field total is not final; class fields must be constants: write private"
                        + " static final, or make it a local variable",
                firstProblem(
                                """
                                class R {
                                    static double total = 0.0;
                                    double reward(ReacherState s, Components c) {
                                        return total;
                                    }
                                }
                                """,
                                ReacherState.class)
                        .toString());
    }
}
