package dev.rewardsmith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SearchCommandTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SearchCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headlessSearchPrintsProgressAndTheCandidateTable() {
        Run r = run("--task", "cartpole", "--samples", "2", "--iterations", "2", "--timesteps", "2560", "--human-init");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("iteration 1/2: 1/1 candidates finished"), r.out());
        assertTrue(r.out().contains("iteration 2/2: 2/2 candidates finished"), r.out());
        // the table: a header and one row per candidate, the best marked with *
        String[] lines = r.out()
                .lines()
                .filter(l -> l.matches("^[* ]\\s+\\d+\\s+\\d+\\s+\\w+\\s+.*"))
                .toArray(String[]::new);
        assertEquals(3, lines.length, r.out());
        assertEquals(
                1, java.util.Arrays.stream(lines).filter(l -> l.startsWith("*")).count(), r.out());
        assertTrue(r.out().contains("done in "), r.out());
        assertTrue(r.out().contains("3 candidates, 3 trained, best fitness"), r.out());
    }

    @Test
    void theDeviceSettingIsObeyedAndTheCpusReasonPrinted() {
        // --device gpu on a machine without a CUDA device: every training falls back to the CPU, with the reason
        Run gpu = run(
                "--task", "cartpole", "--samples", "2", "--iterations", "1", "--timesteps", "2560", "--device", "gpu");
        assertEquals(0, gpu.code(), gpu.err());
        String line = gpu.out()
                .lines()
                .filter(l -> l.startsWith("trained on "))
                .findFirst()
                .orElse("");
        if (line.contains("gpu: ")) {
            // a machine with a device: the first design declares a potential, which the kernels cannot shape
            assertTrue(line.contains("gpu: 1"), line);
            assertTrue(line.contains("cpu: 1 (the reward's potential-based shaping runs on the CPU only)"), line);
        } else {
            assertTrue(line.startsWith("trained on cpu: 2 (GPU unavailable: "), gpu.out());
        }
        // --device cpu: the CPU, and no reason (it was asked for)
        Run cpu = run(
                "--task", "reacher", "--samples", "1", "--iterations", "1", "--timesteps", "2048", "--device", "cpu");
        assertEquals(0, cpu.code(), cpu.err());
        assertTrue(cpu.out().lines().anyMatch("trained on cpu: 1"::equals), cpu.out());
        // auto on a task without kernels: the CPU, and why
        Run auto = run("--task", "reacher", "--samples", "1", "--iterations", "1", "--timesteps", "2048");
        assertTrue(
                auto.out()
                        .lines()
                        .anyMatch(("trained on cpu: 1 (task 'reacher' has no device kernels (cartpole, pendulum,"
                                + " mountain-car and acrobot do))")::equals),
                auto.out());
        Run bad = run("--task", "cartpole", "--device", "tpu");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--device must be auto, cpu or gpu, got 'tpu'"), bad.err());
    }

    @Test
    void helpPrintsTheOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--task <id>"), r.out());
        assertTrue(r.out().contains("--eval-seeds <E>"), r.out());
        assertTrue(r.out().contains("--device <where>"), r.out());
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() {
        Run unknown = run("--task", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown task 'nope'"), unknown.err());
        Run missing = run("--samples", "3");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--task is required"), missing.err());
        Run bad = run("--task", "cartpole", "--samples", "x");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--samples must be a whole number"), bad.err());
        Run range = run("--task", "cartpole", "--samples", "65");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("samples must be in [1, 64]"), range.err());
        Run seeds = run("--task", "cartpole", "--selection-seeds", "6");
        assertEquals(2, seeds.code());
        assertTrue(seeds.err().contains("selectionSeeds must be in [1, 5]"), seeds.err());
        Run zero = run("--task", "cartpole", "--selection-seeds", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("selectionSeeds must be in [1, 5]"), zero.err());
    }

    @Test
    void settingsThatCannotTrainAreRefusedBeforeTheSearchStarts() {
        // 1 PPO step cannot cover one rollout: every training is refused, the search fails
        Run r = run("--task", "cartpole", "--samples", "1", "--iterations", "1", "--timesteps", "1");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("totalTimesteps must cover at least one rollout"), r.err());
    }
}
