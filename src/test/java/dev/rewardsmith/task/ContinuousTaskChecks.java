package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.VectorEnv;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Contract checks shared by the tests of the continuous-action tasks (reacher, ball-balance, quadcopter,
 * reorient, spin): determinism, episode bookkeeping, finiteness under random and extreme actions, state view
 * documentation, the reward programs' references, and frame JSON.
 */
public final class ContinuousTaskChecks {

    private ContinuousTaskChecks() {}

    /** Same seed and actions give bit-identical observations, flags, fitness and state views; seeds matter. */
    public static void deterministic(Task task, int copies, int steps) {
        VectorEnv a = task.createEnv(copies, 42);
        VectorEnv b = task.createEnv(copies, 42);
        int n = task.observationSize();
        float[] obsA = new float[copies * n];
        float[] obsB = new float[copies * n];
        a.reset(obsA);
        b.reset(obsB);
        assertArrayEquals(obsA, obsB);
        float[] other = new float[copies * n];
        task.createEnv(copies, 43).reset(other);
        assertFalse(Arrays.equals(obsA, other), "another seed must give another reset");
        SplittableRandom actions = new SplittableRandom(7);
        float[] act = new float[copies * task.actionSpace().size()];
        for (int t = 0; t < steps; t++) {
            fillRandom(actions, act);
            a.step(act);
            b.step(act);
            for (int i = 0; i < copies; i++) {
                assertEquals(a.done(i), b.done(i));
                assertEquals(a.terminated(i), b.terminated(i));
                a.loadStateView(i);
                b.loadStateView(i);
                assertEquals(describe(a.stateView()), describe(b.stateView()), "state view at step " + t);
                if (a.done(i)) assertEquals(a.episodeFitness(i), b.episodeFitness(i));
            }
            a.autoReset(obsA);
            b.autoReset(obsB);
            assertArrayEquals(obsA, obsB, "observations at step " + t);
        }
    }

    /**
     * Runs episodes with uniform random actions and with bang-bang extremes (and NaN actions, treated as 0):
     * every observation and state field stays finite, episodes last at most episodeLength steps and end exactly
     * there unless terminated, the view's {@code step} counts steps, and fitness lies in [0, maxFitness].
     *
     * @return the fitness of every finished episode
     */
    public static List<Double> finiteUnderAnyAction(Task task, int copies, int episodes, double maxFitness) {
        VectorEnv env = task.createEnv(copies, 3);
        int n = task.observationSize();
        int m = task.actionSpace().size();
        float[] obs = new float[copies * n];
        float[] act = new float[copies * m];
        env.reset(obs);
        assertFinite(obs, "reset observation");
        SplittableRandom random = new SplittableRandom(11);
        int[] length = new int[copies];
        List<Double> fitness = new ArrayList<>();
        long steps = (long) episodes * task.episodeLength();
        for (long t = 0; t < steps; t++) {
            int mode = (int) (t / 97 % 4);
            for (int k = 0; k < act.length; k++) {
                act[k] = switch (mode) {
                    case 0, 1 -> (float) (random.nextDouble() * 2 - 1);
                    case 2 -> random.nextBoolean() ? 1f : -1f;
                    default -> random.nextInt(8) == 0 ? Float.NaN : (float) Math.signum(random.nextDouble() - 0.5);
                };
            }
            env.step(act);
            for (int i = 0; i < copies; i++) {
                length[i]++;
                env.loadStateView(i);
                assertFiniteFields(env.stateView());
                assertEquals(length[i], intField(env.stateView(), "step"), "step counter");
                assertTrue(length[i] <= task.episodeLength(), "episode longer than its length");
                if (length[i] == task.episodeLength()) assertTrue(env.done(i), "not truncated at the episode length");
                if (env.terminated(i)) assertTrue(env.done(i), "terminated but not done");
                if (env.done(i)) {
                    double f = env.episodeFitness(i);
                    assertTrue(f >= 0 && f <= maxFitness, "fitness out of range: " + f);
                    fitness.add(f);
                    length[i] = 0;
                }
            }
            env.autoReset(obs);
            assertFinite(obs, "observation at step " + t);
        }
        return fitness;
    }

    /** After a copy finishes, autoReset starts it afresh (step 1 next) while the others go on. */
    public static void autoResetRestartsFinishedCopies(Task task) {
        VectorEnv env = task.createEnv(2, 5);
        int m = task.actionSpace().size();
        float[] obs = new float[2 * task.observationSize()];
        float[] act = new float[2 * m];
        env.reset(obs);
        float[] first = obs.clone();
        int steps = 0;
        while (!env.done(0)) {
            env.step(act);
            steps++;
            if (!env.done(0)) env.autoReset(obs);
        }
        assertTrue(steps <= task.episodeLength());
        float[] before = obs.clone();
        env.autoReset(obs);
        assertNotEquals(Arrays.toString(before), Arrays.toString(obs));
        assertNotEquals(Arrays.toString(first), Arrays.toString(obs), "a fresh draw");
        env.step(act);
        env.loadStateView(0);
        assertEquals(1, intField(env.stateView(), "step"));
    }

    /** Every public field of the state view is documented with Javadoc naming its units or range. */
    public static void stateViewDocumented(Class<?> stateType) {
        var unit = StaticJavaParser.parse(TaskResources.source(stateType));
        List<String> undocumented = new ArrayList<>();
        for (FieldDeclaration f : unit.findAll(FieldDeclaration.class)) {
            if (!f.isPublic()) continue;
            String doc = f.getJavadocComment().map(c -> c.getContent()).orElse("");
            if (doc.isBlank()) undocumented.add(f.getVariable(0).getNameAsString());
        }
        assertEquals(List.of(), undocumented, "public state fields without Javadoc");
        for (Field f : stateType.getFields()) {
            Class<?> t = f.getType();
            assertTrue(
                    t == double.class || t == int.class || t == boolean.class || t == double[].class,
                    "field type not allowed in the reward language: " + f);
            assertFalse(Modifier.isStatic(f.getModifiers()), "static state field " + f);
        }
    }

    /**
     * The program is one {@code reward(<State> s, Components c)} method that reads only existing state fields
     * and records at most 16 literal-named components.
     *
     * @return the component names in order of first record
     */
    public static List<String> rewardProgramShape(String program, Class<?> stateType) {
        MethodDeclaration method = StaticJavaParser.parseMethodDeclaration(program);
        assertEquals("reward", method.getNameAsString());
        assertEquals(stateType.getSimpleName(), method.getParameter(0).getTypeAsString());
        Set<String> fields = new HashSet<>();
        for (Field f : stateType.getFields()) fields.add(f.getName());
        for (FieldAccessExpr access : method.findAll(FieldAccessExpr.class)) {
            if (access.getScope() instanceof NameExpr name
                    && name.getNameAsString().equals("s")) {
                assertTrue(fields.contains(access.getNameAsString()), "no state field " + access.getNameAsString());
            }
        }
        List<String> names = new ArrayList<>();
        for (MethodCallExpr call : method.findAll(MethodCallExpr.class)) {
            String scope = call.getScope().map(Object::toString).orElse("");
            assertTrue(scope.equals("c") || scope.equals("Math"), "call outside c.put / Math: " + call);
            if (scope.equals("c")) {
                assertEquals("put", call.getNameAsString());
                String name = ((StringLiteralExpr) call.getArgument(0)).getValue();
                if (!names.contains(name)) names.add(name);
            }
        }
        assertTrue(!names.isEmpty() && names.size() <= 16, "1 to 16 components, got " + names);
        return names;
    }

    /** The frame is valid JSON of the documented shape, with a viewport and at least one shape. */
    public static void frameJsonValid(Frame frame) {
        String json = frame.toJson();
        new JsonReader(json).document();
        assertTrue(json.startsWith("{\"v\":["), json);
        assertFalse(frame.shapes().isEmpty());
    }

    public static void fillRandom(SplittableRandom random, float[] actions) {
        for (int k = 0; k < actions.length; k++) actions[k] = (float) (random.nextDouble() * 2 - 1);
    }

    public static int intField(Object view, String name) {
        try {
            return view.getClass().getField(name).getInt(view);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** All public fields as text, arrays element by element (bit-exact doubles). */
    public static String describe(Object view) {
        StringBuilder b = new StringBuilder();
        try {
            for (Field f : view.getClass().getFields()) {
                Object v = f.get(view);
                b.append(f.getName()).append('=');
                b.append(v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v))
                        .append(';');
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return b.toString();
    }

    static void assertFiniteFields(Object view) {
        try {
            for (Field f : view.getClass().getFields()) {
                Object v = f.get(view);
                if (v instanceof Double d) assertTrue(Double.isFinite(d), f.getName() + " = " + d);
                if (v instanceof double[] arr) {
                    for (double d : arr) assertTrue(Double.isFinite(d), f.getName() + " has " + d);
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static void assertFinite(float[] values, String what) {
        for (int k = 0; k < values.length; k++) {
            assertTrue(Float.isFinite(values[k]), what + " [" + k + "] = " + values[k]);
        }
    }

    /** Checks a continuous action space of the given dimension with bounds [-1, 1]. */
    public static void unitBox(ActionSpace space, int dimension) {
        double[] low = new double[dimension];
        double[] high = new double[dimension];
        Arrays.fill(low, -1);
        Arrays.fill(high, 1);
        assertEquals(new ActionSpace.Continuous(low, high), space);
    }

    /** A strict recursive-descent JSON reader that only validates. */
    private static final class JsonReader {
        private final String s;
        private int p;

        JsonReader(String s) {
            this.s = s;
        }

        void document() {
            value();
            if (p != s.length()) throw new AssertionError("trailing text at " + p + " in " + s);
        }

        private void value() {
            char ch = peek();
            if (ch == '{') object();
            else if (ch == '[') array();
            else if (ch == '"') string();
            else if (s.startsWith("null", p)) p += 4;
            else if (s.startsWith("true", p)) p += 4;
            else if (s.startsWith("false", p)) p += 5;
            else number();
        }

        private void object() {
            p++;
            if (peek() == '}') {
                p++;
                return;
            }
            while (true) {
                string();
                expect(':');
                value();
                if (peek() == ',') p++;
                else break;
            }
            expect('}');
        }

        private void array() {
            p++;
            if (peek() == ']') {
                p++;
                return;
            }
            while (true) {
                value();
                if (peek() == ',') p++;
                else break;
            }
            expect(']');
        }

        private void string() {
            expect('"');
            while (peek() != '"') {
                if (s.charAt(p) < 0x20) throw new AssertionError("control character in string at " + p);
                if (s.charAt(p) == '\\') p++;
                p++;
            }
            p++;
        }

        private void number() {
            int start = p;
            if (peek() == '-') p++;
            while (p < s.length() && "0123456789.eE+-".indexOf(s.charAt(p)) >= 0) p++;
            String t = s.substring(start, p);
            if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                throw new AssertionError("bad number '" + t + "' at " + start);
            }
        }

        private void expect(char ch) {
            if (peek() != ch) throw new AssertionError("expected " + ch + " at " + p + " in " + s);
            p++;
        }

        private char peek() {
            if (p >= s.length()) throw new AssertionError("unexpected end of JSON");
            return s.charAt(p);
        }
    }
}
