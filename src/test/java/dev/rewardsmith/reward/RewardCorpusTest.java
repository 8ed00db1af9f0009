package dev.rewardsmith.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus program behaves as its expectation says: it compiles and matches its hand-written oracle exactly,
 * or fails at run time with the component named, or is rejected at the exact stage and position.
 */
class RewardCorpusTest {

    private static final int STATES = 300;

    private final RewardCompiler compiler = new RewardCompiler();

    @Test
    void theCorpusIsLargeAndEveryFileHasAnExpectation() throws IOException, URISyntaxException {
        Path directory = Path.of(RewardCorpusTest.class
                        .getResource("/reward-corpus/expectations.tsv")
                        .toURI())
                .getParent();
        Set<String> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected =
                Corpus.entries().stream().map(Corpus.Entry::file).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, expected);
        assertTrue(files.size() >= 40, "corpus size " + files.size());
        long valid = Corpus.entries().stream().filter(Corpus.Entry::valid).count();
        assertEquals(valid, CorpusOracles.ORACLES.size());
    }

    @TestFactory
    Stream<DynamicTest> everyProgramBehavesAsExpected() {
        return Corpus.entries().stream().map(entry -> DynamicTest.dynamicTest(entry.file(), () -> check(entry)));
    }

    private void check(Corpus.Entry entry) {
        if (entry.rejected()) {
            int before = compiler.compilations();
            CompileResult result = compiler.compile(entry.text(), entry.stateType());
            List<Problem> problems = RewardCompilerTest.rejected(result);
            assertEquals(before, compiler.compilations(), "a rejected program must not be compiled");
            Problem first = problems.get(0);
            String[] parts = entry.expectation().split(" ", 3);
            String position = first.line() + ":" + first.column();
            assertEquals(parts[0] + " " + parts[1], first.stage().label() + " " + position, first.toString());
            assertTrue(first.message().contains(parts[2]), () -> first + " should contain: " + parts[2]);
            for (int i = 1; i < problems.size(); i++) {
                Problem a = problems.get(i - 1);
                Problem b = problems.get(i);
                assertTrue(
                        a.line() < b.line() || (a.line() == b.line() && a.column() <= b.column()),
                        "problems in source order: " + problems);
            }
            return;
        }
        CompiledReward reward = RewardCompilerTest.compiled(compiler.compile(entry.text(), entry.stateType()));
        CompiledReward again = RewardCompilerTest.compiled(compiler.compile(reward.source(), entry.stateType()));
        assertEquals(reward.source(), again.source(), "the normalized source is a fixed point");
        if (entry.failsAtRunTime()) {
            String component = entry.expectation().substring("run ".length());
            GuardedReward guarded = new GuardedReward(reward.function());
            Object state = newState(entry.stateType());
            double[] components = new double[guarded.componentCount()];
            NonFiniteRewardException failure =
                    assertThrows(NonFiniteRewardException.class, () -> guarded.evaluate(state, components, 42));
            assertEquals(component.equals("total") ? null : component, failure.component());
            assertEquals(42, failure.step());
            return;
        }
        CorpusOracles.Oracle oracle = CorpusOracles.ORACLES.get(entry.file());
        assertNotNull(oracle, "no oracle for " + entry.file());
        Random random = new Random(entry.file().hashCode());
        int n = reward.componentNames().size();
        for (int k = 0; k < STATES; k++) {
            Object state = Corpus.randomState(entry.stateType(), random);
            double[] expected = new double[n];
            double[] actual = new double[n];
            Arrays.fill(actual, 99.0);
            double expectedTotal = oracle.evaluate(state, expected);
            double actualTotal = reward.function().evaluate(state, actual);
            assertEquals(expectedTotal, actualTotal, 0.0, "total on state " + k);
            assertEquals(Arrays.toString(expected), Arrays.toString(actual), "components on state " + k);
        }
    }

    private static Object newState(Class<?> type) {
        try {
            return assertInstanceOf(type, type.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
