package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.EnvChecks;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Realistic model answers (src/test/resources/llm-corpus: prose, fences, class wrappers, the forms coding models
 * write) for all nine tasks, each with its expected verdict in expectations.tsv. A safe answer compiles, evaluates
 * to finite values on real states of its task (random play), and its CUDA C twin, compiled with gcc, agrees with
 * the JVM on those states; an unsafe answer is rejected at the exact stage, line and column.
 */
class LlmCorpusTest {

    private static final int STEPS = 60;
    private static final int COPIES = 4;

    private static final TaskRegistry TASKS = new TaskRegistry();

    /** The nine built-in tasks (a test jar may register more). */
    private static final List<String> TASK_IDS = List.of(
            "cartpole",
            "pendulum",
            "mountain-car",
            "acrobot",
            "reacher",
            "ball-balance",
            "quadcopter",
            "reorient",
            "spin");

    private final RewardCompiler compiler = new RewardCompiler();
    private final CudaEmitter emitter = new CudaEmitter();

    @TempDir
    Path directory;

    /** One answer and its expected verdict: "ok", or "stage line:column message fragment". */
    record Answer(String file, Task task, String expectation) {

        boolean safe() {
            return expectation.equals("ok");
        }

        String text() {
            return read(file);
        }
    }

    static List<Answer> answers() {
        List<Answer> answers = new ArrayList<>();
        for (String line : read("expectations.tsv").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                throw new IllegalStateException("bad expectations line: " + line);
            }
            Task task = TASKS.find(parts[1]).orElseThrow(() -> new IllegalStateException("unknown task " + parts[1]));
            answers.add(new Answer(parts[0], task, parts[2]));
        }
        return answers;
    }

    static String read(String name) {
        try (InputStream in = LlmCorpusTest.class.getResourceAsStream("/llm-corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCorpusCoversEveryTaskWithSafeAndUnsafeAnswers() throws IOException, URISyntaxException {
        Path root = Path.of(LlmCorpusTest.class
                        .getResource("/llm-corpus/expectations.tsv")
                        .toURI())
                .getParent();
        TreeSet<String> files;
        try (Stream<Path> list = Files.list(root)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        List<Answer> answers = answers();
        assertEquals(files, answers.stream().map(Answer::file).collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(answers.size() >= 40, "corpus size " + answers.size());
        Map<String, Long> safePerTask = new TreeMap<>();
        for (String id : TASK_IDS) {
            Task task = TASKS.find(id).orElseThrow();
            safePerTask.put(
                    id,
                    answers.stream().filter(a -> a.safe() && a.task() == task).count());
        }
        assertEquals(9, safePerTask.size(), safePerTask.toString());
        assertTrue(safePerTask.values().stream().allMatch(n -> n >= 4), safePerTask.toString());
        assertTrue(answers.stream().filter(a -> !a.safe()).count() >= 8);
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerGetsItsVerdict() {
        return answers().stream().map(answer -> DynamicTest.dynamicTest(answer.file(), () -> check(answer)));
    }

    private void check(Answer answer) throws Exception {
        Class<?> stateType = answer.task().stateType();
        if (!answer.safe()) {
            int before = compiler.compilations();
            List<Problem> problems = RewardCompilerTest.rejected(compiler.compile(answer.text(), stateType));
            assertEquals(before, compiler.compilations(), "a rejected program must not be compiled");
            Problem first = problems.get(0);
            String[] parts = answer.expectation().split(" ", 3);
            assertEquals(
                    parts[0] + " " + parts[1],
                    first.stage().label() + " " + first.line() + ":" + first.column(),
                    problems.toString());
            assertTrue(first.message().contains(parts[2]), () -> first + " should contain: " + parts[2]);
            return;
        }
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(answer.text(), stateType));
        CompiledReward again = RewardCompilerTest.compiled(compiler.compile(reward.source(), stateType));
        assertEquals(reward.source(), again.source(), "the normalized source is a fixed point");
        assertEquals(reward.componentNames(), again.componentNames());
        List<Object> states = playedStates(answer.task(), reward, answer.file().hashCode());
        assertEquals(STEPS * COPIES, states.size());
        CudaEmitterTest.compareWithC(emitter, reward, stateType, states, directory, answer.file(), true);
    }

    /**
     * Plays the task with random actions, evaluating the guarded reward on every copy after every step (it throws on
     * a non-finite total or component), and returns a copy of every state seen.
     */
    private static List<Object> playedStates(Task task, CompiledReward reward, long seed) throws Exception {
        GuardedReward guarded = new GuardedReward(reward.function());
        VectorEnv env = task.createEnv(COPIES, seed);
        float[] obs = new float[COPIES * task.observationSize()];
        float[] actions = new float[COPIES * task.actionSpace().size()];
        double[] components = new double[guarded.componentCount()];
        SplittableRandom random = new SplittableRandom(seed);
        List<Object> states = new ArrayList<>();
        env.reset(obs);
        for (int t = 0; t < STEPS; t++) {
            EnvChecks.randomActions(task, random, actions);
            env.step(actions);
            for (int i = 0; i < COPIES; i++) {
                env.loadStateView(i);
                guarded.evaluate(env.stateView(), components, t);
                states.add(copy(env.stateView()));
            }
            env.autoReset(obs);
        }
        return states;
    }

    /** A copy of a state view: its public fields, arrays element by element. */
    private static Object copy(Object state) throws ReflectiveOperationException {
        Object copy = state.getClass().getConstructor().newInstance();
        for (Field field : state.getClass().getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            if (field.getType() == double[].class) {
                double[] from = (double[]) field.get(state);
                System.arraycopy(from, 0, (double[]) field.get(copy), 0, from.length);
            } else {
                field.set(copy, field.get(state));
            }
        }
        return assertInstanceOf(state.getClass(), copy);
    }
}
