package dev.rewardsmith.propose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.cli.SearchCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code search --proposer llm} on the command line against a fake OpenAI-compatible server, to completion: the
 * connection from {@code REWARDSMITH_LLM_*} and flags, the key sent but never printed, tokens and cost in the
 * summary (docs/llm.md, "Command line").
 */
class LlmCommandLineTest {

    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SearchCommand.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void searchWithTheLlmProposerRunsToCompletionWithTokensAndCost(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path bundle = dir.resolve("search.zip");
        try (FakeOpenAi fake = new FakeOpenAi((n, body) -> FakeOpenAi.Reply.json(FakeOpenAi.completion(
                List.of(FakeOpenAi.modelAnswer(4.0), FakeOpenAi.modelAnswer(2.0)), "stop", true)))) {
            Run r = run(
                    Map.of("REWARDSMITH_LLM_BASE_URL", fake.baseUrl(), "REWARDSMITH_LLM_API_KEY", "sk-secret-123"),
                    "--task",
                    "cartpole",
                    "--proposer",
                    "llm",
                    "--model",
                    "fake-model",
                    "--samples",
                    "2",
                    "--iterations",
                    "2",
                    "--timesteps",
                    "2560",
                    "--price-prompt",
                    "1",
                    "--price-completion",
                    "2",
                    "--save-bundle",
                    bundle.toString());
            assertEquals(0, r.code(), r.out() + r.err());
            // one request per iteration, n=2 honoured: 2 x (400 prompt + 200 completion) tokens
            assertEquals(2, fake.requestCount());
            assertEquals("fake-model", fake.requests.get(0).get("model").asText());
            assertEquals(2, fake.requests.get(0).get("n").asInt());
            assertEquals(2, fake.requests.get(0).get("messages").size());
            // iteration 2 carries the parent's answer and its reflection
            assertEquals(4, fake.requests.get(1).get("messages").size());
            assertEquals("Bearer sk-secret-123", fake.authorizations.get(0));
            assertTrue(r.out().contains("4 candidates, 4 trained, best fitness"), r.out());
            assertTrue(
                    r.out()
                            .contains(
                                    "llm fake-model at " + fake.baseUrl()
                                            + ": 2 exchanges (0 failed), 1,200 tokens (800 prompt + 400 completion), cost 0.0016"),
                    r.out());
            assertFalse((r.out() + r.err()).contains("sk-secret-123"), "the key is never printed");

            // the bundle carries the raw exchanges: the prompt messages as sent, the answer as it came, tokens, cost
            var json = FakeOpenAi.JSON.readTree(bundleJson(bundle));
            assertEquals("rewardsmith-search/1", json.get("format").asText());
            assertEquals(4, json.get("candidates").size());
            var exchanges = json.get("exchanges");
            assertEquals(2, exchanges.size());
            assertEquals(
                    fake.requests.get(0),
                    FakeOpenAi.JSON.readTree(exchanges.get(0).get("request").asText()));
            assertEquals(
                    "chatcmpl-test",
                    FakeOpenAi.JSON
                            .readTree(exchanges.get(0).get("response").asText())
                            .get("id")
                            .asText());
            assertEquals(400, exchanges.get(0).get("promptTokens").asInt());
            assertEquals(200, exchanges.get(0).get("completionTokens").asInt());
            assertEquals(0.0008, exchanges.get(0).get("cost").asDouble(), 1e-12);
            assertEquals(
                    exchanges.get(1).get("id").asText(),
                    json.get("candidates").get(3).get("exchange").asText());
            assertFalse(bundleJson(bundle).contains("sk-secret-123"), "the key is not in the bundle");

            // replaying the bundle trains the recorded programs again without asking the model
            Run replay = run(Map.of(), "--replay", bundle.toString());
            assertEquals(0, replay.code(), replay.out() + replay.err());
            assertEquals(2, fake.requestCount(), "no request during the replay");
            String source = json.get("search").get("id").asText();
            assertTrue(
                    replay.out()
                            .contains("replaying search " + source + " from " + bundle
                                    + ": 4 recorded candidates, no model is asked"),
                    replay.out());
            assertTrue(replay.out().contains(", replay proposer, seed 1, 2,560 PPO steps per training"), replay.out());
            assertTrue(replay.out().contains("4 candidates, 4 trained, best fitness"), replay.out());
        }
    }

    static String bundleJson(java.nio.file.Path zip) throws java.io.IOException {
        try (var in = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("bundle.json")) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no bundle.json in " + zip);
    }

    @Test
    void aBadBundleOrOptionsBesideReplayAreUsageErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path notZip = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(notZip, "not a bundle");
        Run bad = run(Map.of(), "--replay", notZip.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(notZip + " is not a search bundle: the zip has no bundle.json"), bad.err());
        Run missing = run(Map.of(), "--replay", dir.resolve("nope.zip").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read " + dir.resolve("nope.zip")), missing.err());
        Run mixed = run(Map.of(), "--replay", notZip.toString(), "--samples", "3");
        assertEquals(2, mixed.code());
        assertTrue(
                mixed.err()
                        .contains(
                                "--samples does not go with --replay: the task, budget and settings are the bundle's"),
                mixed.err());
    }

    @Test
    void benchWithTheLlmProposerAccountsTokensPerTask(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, body) ->
                FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(4.0)), "stop", true)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = dev.rewardsmith.cli.SuiteBenchmark.run(
                    new String[] {
                        "--tasks",
                        "cartpole",
                        "--samples",
                        "1",
                        "--iterations",
                        "1",
                        "--eval-seeds",
                        "1",
                        "--timesteps",
                        "2560",
                        "--out",
                        dir.toString(),
                        "--proposer",
                        "llm",
                        "--base-url",
                        fake.baseUrl(),
                        "--model",
                        "fake-model",
                        "--token-budget",
                        "100000"
                    },
                    Map.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err);
            assertEquals(1, fake.requestCount());
            assertTrue(text.contains("suite: 1 tasks, llm proposer, K=1, N=1, R=1, E=1, seed 1"), text);
            assertTrue(
                    text.contains("  llm fake-model at " + fake.baseUrl()
                            + ": 1 exchanges (0 failed), 500 tokens (400 prompt + 100 completion), cost 0.0000"),
                    text);
            // the table's tokens column counts the candidate's tokens
            assertTrue(text.matches("(?s).*\\| cartpole \\|.*\\| 4 \\| 500 \\|.*"), text);
        }
    }

    @Test
    void aMissingEndpointOrModelIsAUsageError() {
        Run noUrl = run(Map.of("REWARDSMITH_LLM_MODEL", "m"), "--task", "cartpole", "--proposer", "llm");
        assertEquals(2, noUrl.code());
        assertTrue(
                noUrl.err()
                        .contains("--proposer llm needs an endpoint: pass --base-url or set REWARDSMITH_LLM_BASE_URL"),
                noUrl.err());
        Run noModel = run(Map.of(), "--task", "cartpole", "--proposer", "llm", "--base-url", "http://127.0.0.1:1/v1");
        assertEquals(2, noModel.code());
        assertTrue(
                noModel.err().contains("--proposer llm needs a model: pass --model or set REWARDSMITH_LLM_MODEL"),
                noModel.err());
        Run key = run(Map.of(), "--task", "cartpole", "--proposer", "llm", "--api-key", "sk-x");
        assertEquals(2, key.code());
        assertTrue(key.err().contains("the API key is read from REWARDSMITH_LLM_API_KEY only"), key.err());
        assertFalse(key.err().contains("sk-x"), key.err());
        Run badUrl =
                run(Map.of(), "--task", "cartpole", "--proposer", "llm", "--base-url", "localhost", "--model", "m");
        assertEquals(2, badUrl.code());
        assertTrue(badUrl.err().contains("--base-url must be an http or https URL, got 'localhost'"), badUrl.err());
        Run offline = run(Map.of(), "--task", "cartpole", "--model", "m");
        assertEquals(2, offline.code());
        assertTrue(offline.err().contains("--model needs --proposer llm"), offline.err());
        Run timeout = run(
                Map.of("REWARDSMITH_LLM_TIMEOUT", "soon"),
                "--task",
                "cartpole",
                "--proposer",
                "llm",
                "--base-url",
                "http://127.0.0.1:1/v1",
                "--model",
                "m");
        assertEquals(2, timeout.code());
        assertTrue(
                timeout.err().contains("REWARDSMITH_LLM_TIMEOUT must be a duration such as 120s, got 'soon'"),
                timeout.err());
    }
}
