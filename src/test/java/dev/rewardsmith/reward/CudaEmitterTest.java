package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitted CUDA C, compiled for the host with gcc and a {@code #define __device__} shim, returns what the JVM
 * returns on the same states (within 1e-12, relative above 1). gcc is required: a missing gcc fails the test.
 */
class CudaEmitterTest {

    private static final int STATES = 200;
    private static final double TOLERANCE = 1e-12;

    private final RewardCompiler compiler = new RewardCompiler();
    private final CudaEmitter emitter = new CudaEmitter();

    @TempDir
    Path directory;

    @Test
    void emitsTheStructAndTheSignature() {
        CompiledReward reward = RewardCompilerTest.compiled(
                compiler.compile(Corpus.read("v06-reacher-distance-loop.txt"), ReacherState.class));
        String c = emitter.emit(reward, ReacherState.class);
        assertTrue(c.contains("#include <math.h>"), c);
        assertTrue(
                c.contains(
                        """
                typedef struct {
                    double jointAngle[2];
                    double jointVelocity[2];
                    double fingertip[2];
                    double goal[2];
                    double action[2];
                    double goal3[3];
                    int step;
                    int touching;
                    double dt;
                } ReacherState;
                """),
                c);
        assertTrue(
                c.contains("__device__ double reward_reacher(const ReacherState* s, double* components) {\n"
                        + "    components[0] = 0.0;\n    components[1] = 0.0;\n"),
                c);
        assertTrue(c.contains("components[1] = v_closeness;"), c);
        assertTrue(c.contains("exp(((-v_distanceTemperature) * v_distance))"), c);
        assertEquals("reward_cart_pole", CudaEmitter.functionName(CartPoleState.class));
    }

    @TestFactory
    Stream<DynamicTest> emittedCMatchesTheJvmOnRandomStates() {
        return Corpus.entries().stream()
                .filter(e -> !e.rejected())
                .map(entry -> DynamicTest.dynamicTest(entry.file(), () -> check(entry)));
    }

    private void check(Corpus.Entry entry) throws Exception {
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(entry.text(), entry.stateType()));
        Random random = new Random(entry.file().hashCode() * 31L);
        List<Object> states = new ArrayList<>();
        states.add(entry.stateType().getConstructor().newInstance());
        for (int k = 1; k < STATES; k++) {
            states.add(Corpus.randomState(entry.stateType(), random));
        }
        compareWithC(emitter, reward, entry.stateType(), states, directory, entry.file(), false);
    }

    /**
     * Emits the reward as C, compiles it with gcc for the host and asserts that it returns what the JVM returns on
     * every state (within 1e-12, relative above 1).
     *
     * @param allowUnusedLocals whether gcc tolerates unused locals (a model's program may declare one; the language
     *     allows it)
     */
    static void compareWithC(
            CudaEmitter emitter,
            CompiledReward reward,
            Class<?> stateType,
            List<Object> states,
            Path directory,
            String file,
            boolean allowUnusedLocals)
            throws Exception {
        StateLayout layout = StateLayout.of(stateType);
        String name = file.replaceAll("[^A-Za-z0-9]", "_");
        String program = "#define __device__\n#include <stdio.h>\n"
                + emitter.emit(reward, stateType, "reward_" + name)
                + harness(layout, name, reward.componentNames().size());
        Path source = directory.resolve(name + ".c");
        Path binary = directory.resolve(name);
        Files.writeString(source, program);
        List<String> command = new ArrayList<>(
                List.of("gcc", "-std=c11", "-O2", "-ffp-contract=off", "-Wall", "-Werror", "-Wno-unused-function"));
        if (allowUnusedLocals) {
            command.addAll(List.of("-Wno-unused-variable", "-Wno-unused-but-set-variable"));
        }
        command.addAll(List.of("-o", binary.toString(), source.toString(), "-lm"));
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, gcc.exitValue(), "gcc failed:\n" + gccOutput + "\n" + program);

        StringBuilder input = new StringBuilder().append(states.size()).append('\n');
        for (Object state : states) {
            write(layout, state, input);
        }
        Process run = new ProcessBuilder(binary.toString()).start();
        run.getOutputStream().write(input.toString().getBytes(StandardCharsets.US_ASCII));
        run.getOutputStream().close();
        List<String> lines = new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .lines()
                .toList();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "program timed out");
        assertEquals(0, run.exitValue());
        assertEquals(states.size(), lines.size());
        int n = reward.componentNames().size();
        for (int k = 0; k < states.size(); k++) {
            double[] components = new double[n];
            double total = reward.function().evaluate(states.get(k), components);
            String[] values = lines.get(k).trim().split(" ");
            assertEquals(n + 1, values.length, lines.get(k));
            assertClose(total, parse(values[0]), "total on state " + k);
            for (int i = 0; i < n; i++) {
                assertClose(
                        components[i],
                        parse(values[i + 1]),
                        reward.componentNames().get(i) + " on state " + k);
            }
        }
    }

    private static String harness(StateLayout layout, String name, int components) {
        StringBuilder c = new StringBuilder();
        String struct = layout.simpleName();
        c.append("\nint main(void) {\n    int n;\n    if (scanf(\"%d\", &n) != 1) return 2;\n");
        c.append("    for (int k = 0; k < n; k++) {\n        ").append(struct).append(" st;\n");
        for (StateLayout.StateField field : layout.fields()) {
            switch (field.kind()) {
                case DOUBLE ->
                    c.append("        if (scanf(\"%lf\", &st.")
                            .append(field.name())
                            .append(") != 1) return 3;\n");
                case INT, BOOLEAN ->
                    c.append("        if (scanf(\"%d\", &st.")
                            .append(field.name())
                            .append(") != 1) return 3;\n");
                case DOUBLE_ARRAY ->
                    c.append("        for (int i = 0; i < ")
                            .append(field.length())
                            .append("; i++) if (scanf(\"%lf\", &st.")
                            .append(field.name())
                            .append("[i]) != 1) return 3;\n");
            }
        }
        c.append("        double components[").append(Math.max(1, components)).append("];\n");
        c.append("        double total = reward_").append(name).append("(&st, components);\n");
        c.append("        printf(\"%.17g\", total);\n");
        c.append("        for (int i = 0; i < ")
                .append(components)
                .append("; i++) printf(\" %.17g\", components[i]);\n");
        c.append("        printf(\"\\n\");\n    }\n    return 0;\n}\n");
        return c.toString();
    }

    private static void write(StateLayout layout, Object state, StringBuilder out) throws IllegalAccessException {
        for (StateLayout.StateField stateField : layout.fields()) {
            Field field;
            try {
                field = state.getClass().getField(stateField.name());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            switch (stateField.kind()) {
                case DOUBLE -> out.append(field.getDouble(state));
                case INT -> out.append(field.getInt(state));
                case BOOLEAN -> out.append(field.getBoolean(state) ? 1 : 0);
                case DOUBLE_ARRAY -> {
                    double[] array = (double[]) field.get(state);
                    for (int i = 0; i < array.length; i++) {
                        out.append(i == 0 ? "" : " ").append(array[i]);
                    }
                }
            }
            out.append(' ');
        }
        out.append('\n');
    }

    private static double parse(String text) {
        return switch (text) {
            case "nan", "-nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static void assertClose(double jvm, double c, String what) {
        if (Double.isNaN(jvm) || Double.isNaN(c) || Double.isInfinite(jvm) || Double.isInfinite(c)) {
            assertEquals(jvm, c, 0.0, what);
            return;
        }
        double scale = Math.max(1.0, Math.abs(jvm));
        assertTrue(Math.abs(jvm - c) <= TOLERANCE * scale, what + ": JVM " + jvm + ", C " + c);
    }
}
