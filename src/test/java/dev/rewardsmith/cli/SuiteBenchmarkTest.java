package dev.rewardsmith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void printsThePapersTableAndWritesJsonAndMarkdown() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SuiteBenchmark.run(
                new String[] {
                    "--tasks",
                    "cartpole,mountain-car",
                    "--samples",
                    "1",
                    "--iterations",
                    "1",
                    "--eval-seeds",
                    "1",
                    "--timesteps",
                    "2560",
                    "--out",
                    dir.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err);
        assertTrue(
                text.contains("| task | sparse F | human F | best F | HNS | sparse-human margin | correlation |"),
                text);
        assertTrue(
                text.matches("(?s).*sparse below human by at least a quarter of human F on [0-2] of 2 tasks.*"), text);
        assertTrue(text.contains("| cartpole | "), text);
        assertTrue(text.contains("| mountain-car | "), text);
        assertTrue(text.matches("(?s).*best >= human on [0-2] of 2 tasks.*"), text);
        assertTrue(text.contains("mean clipped HNS "), text);

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("suite.json")));
        assertEquals(2, json.path("rows").size());
        int atLeast = 0;
        for (JsonNode row : json.path("rows")) {
            assertEquals("done", row.path("state").asText());
            // 1 candidate + 3 rewards x 1 seed
            assertEquals(4, row.path("trainings").asInt(), row.toString());
            if (row.path("best").path("mean").asDouble()
                    >= row.path("human").path("mean").asDouble()) atLeast++;
        }
        assertEquals(atLeast, json.path("bestAtLeastHuman").asInt());
        int discriminating = 0;
        for (JsonNode row : json.path("rows")) {
            double human = row.path("human").path("mean").asDouble();
            double sparse = row.path("sparse").path("mean").asDouble();
            if (human == 0) {
                assertTrue(row.path("margin").isNull(), row.toString());
                continue;
            }
            assertEquals((human - sparse) / Math.abs(human), row.path("margin").asDouble(), 1e-12);
            if ((human - sparse) / Math.abs(human) >= 0.25) discriminating++;
        }
        assertEquals(discriminating, json.path("discriminating").asInt());
        assertEquals(
                Files.readString(dir.resolve("suite.md")).lines().findFirst().orElseThrow(),
                "| task | sparse F | human F | best F | HNS | sparse-human margin | correlation | wall | trainings | tokens |"
                        + " correlation over training (Eureka) |");
    }

    @Test
    void curriculumComparesSpinFineTunedFromReorientWithScratch() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SuiteBenchmark.run(
                new String[] {
                    "--tasks",
                    "reorient,spin",
                    "--samples",
                    "1",
                    "--iterations",
                    "1",
                    "--eval-seeds",
                    "1",
                    "--timesteps",
                    "8192",
                    "--out",
                    dir.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        JsonNode c = new ObjectMapper()
                .readTree(Files.readString(dir.resolve("suite.json")))
                .path("curriculum");
        assertEquals("reorient", c.path("from").asText());
        assertEquals("spin", c.path("to").asText());
        assertEquals(1, c.path("fineTuned").path("values").size());
        assertEquals(1, c.path("fromScratch").path("values").size());
        assertTrue(Files.readString(dir.resolve("suite.md")).contains("curriculum: spin fine-tuned from reorient"));
    }

    @Test
    void ablationRunsTheSameBudgetWithoutReflectionAndFromTemplatesBesideTheFullRun() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SuiteBenchmark.run(
                new String[] {
                    "--tasks",
                    "cartpole",
                    "--samples",
                    "1",
                    "--iterations",
                    "2",
                    "--eval-seeds",
                    "1",
                    "--timesteps",
                    "2560",
                    "--ablation",
                    "--init",
                    "human",
                    "--out",
                    dir.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("suite.json")));
        assertEquals("human", json.path("budget").path("init").asText());
        assertEquals(1, json.path("rows").size());
        JsonNode ablations = json.path("ablations");
        assertEquals(2, ablations.size());
        assertEquals("no reflection", ablations.get(0).path("name").asText());
        assertEquals("human", ablations.get(0).path("init").asText());
        assertEquals(false, ablations.get(0).path("reflection").asBoolean());
        assertEquals("templates init", ablations.get(1).path("name").asText());
        assertEquals("templates", ablations.get(1).path("init").asText());
        assertEquals(true, ablations.get(1).path("reflection").asBoolean());
        for (JsonNode a : ablations) {
            assertEquals(1, a.path("rows").size());
            assertEquals("done", a.path("rows").get(0).path("state").asText());
        }
        // the full run: the human reward, then one proposal, then best, human and sparse over one seed
        assertEquals(5, json.path("rows").get(0).path("trainings").asInt());
        JsonNode t = json.path("throughput");
        long trainings = t.path("trainings").asLong();
        assertTrue(trainings >= 5, t.toString());
        assertEquals(
                60 * trainings / t.path("seconds").asDouble(),
                t.path("perMinute").asDouble(),
                1e-9);
        String md = Files.readString(dir.resolve("suite.md"));
        assertTrue(md.contains("ablation: no reflection (init human, reflection no), same budget and seed"), md);
        assertTrue(md.contains("ablation: templates init (init templates, reflection yes), same budget and seed"), md);
        assertTrue(
                md.matches("(?s).*\\nmean clipped HNS: full \\S+, no reflection \\S+, templates init \\S+\\n.*"), md);
        assertTrue(md.matches("(?s).*trainings, \\d+ at once: [0-9.]+ trainings per minute.*"), md);
    }

    @Test
    void withoutTasksTheSuiteIsTheNineOfTheTableAndNotTheRobots() {
        List<String> ids = SuiteTasks.defaults(new dev.rewardsmith.task.TaskRegistry()).stream()
                .map(dev.rewardsmith.task.Task::id)
                .toList();
        assertEquals(
                List.of(
                        "cartpole",
                        "pendulum",
                        "mountain-car",
                        "acrobot",
                        "reacher",
                        "ball-balance",
                        "quadcopter",
                        "reorient",
                        "spin"),
                ids);
    }

    @Test
    void marginIsTheShareOfHumanFTheSparseRewardMisses() {
        var sparse = new dev.rewardsmith.search.Evaluation.Spread(0.2, 0, new double[] {0.2});
        var human = new dev.rewardsmith.search.Evaluation.Spread(0.8, 0, new double[] {0.8});
        assertEquals(0.75, SuiteBenchmark.margin(sparse, human), 1e-15); // (0.8 - 0.2) / 0.8
        assertEquals(-3.0, SuiteBenchmark.margin(human, sparse), 1e-15); // (0.2 - 0.8) / 0.2
        assertEquals(
                null,
                SuiteBenchmark.margin(sparse, new dev.rewardsmith.search.Evaluation.Spread(0, 0, new double[] {0})));
        assertEquals("75%", SuiteReport.marginText(0.75));
        assertEquals("25%", SuiteReport.marginText(0.25));
        assertEquals("24% (below 25%)", SuiteReport.marginText(0.24));
        assertEquals("undefined", SuiteReport.marginText(null));
    }

    @Test
    void unknownTaskAndBadBudgetAreRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, SuiteBenchmark.run(new String[] {"--tasks", "nope"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--budget", "huge"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--eval-seeds", "0"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--curriculum", "maybe"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--device", "tpu"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--init", "llm"}, o, e));
        assertEquals(2, SuiteBenchmark.run(new String[] {"--reflection", "maybe"}, o, e));
        assertEquals(
                2,
                SuiteBenchmark.run(
                        new String[] {
                            "--ablation", "--proposer", "llm", "--base-url", "http://127.0.0.1:9", "--model", "m"
                        },
                        java.util.Map.of(),
                        o,
                        e));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--init must be human or templates"), text);
        assertTrue(text.contains("--reflection must be yes or no"), text);
        assertTrue(text.contains("--ablation compares the offline proposer's settings"), text);
        assertTrue(text.contains("unknown task 'nope'"), text);
        assertTrue(text.contains("--budget must be small or paper"), text);
        assertTrue(text.contains("--eval-seeds must be at least 1"), text);
        assertTrue(text.contains("--curriculum must be yes or no"), text);
        assertTrue(!text.contains("bad argument '--curriculum'"), "--curriculum is an option: " + text);
        assertTrue(text.contains("bench: --device must be auto, cpu or gpu, got 'tpu'"), text);
    }
}
