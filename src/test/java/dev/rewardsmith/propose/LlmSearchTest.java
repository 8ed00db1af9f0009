package dev.rewardsmith.propose;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Searches with the llm and replay proposers against a fake OpenAI-compatible server on localhost. */
@QuarkusTest
class LlmSearchTest {

    static final Map<String, Object> TINY_PPO = Map.of("totalTimesteps", 2560, "updateEpochs", 2);

    @Inject
    ObjectMapper json;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    static RequestSpecification admin() {
        return given().header("Authorization", bearer(ADMIN_TOKEN)).contentType(ContentType.JSON);
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    /** Defines a connection to the fake; returns its unique name. */
    static String connection(FakeOpenAi fake, Object... settings) {
        String name = "fake-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> b = body("baseUrl", fake.baseUrl(), "model", "fake-model", "maxRetries", 2);
        b.putAll(body(settings));
        admin().body(b).put("/api/llm/connections/" + name).then().statusCode(201);
        return name;
    }

    String search(String connection, Object... settings) {
        Map<String, Object> b =
                body("task", "cartpole", "proposer", "llm", "connection", connection, "seed", 3, "ppo", TINY_PPO);
        b.putAll(body(settings));
        return admin().body(b)
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    JsonNode awaitFinished(String id) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("done", "failed", "cancelled", "budget-exhausted")
                        .contains(admin().get("/api/searches/" + id)
                                .then()
                                .extract()
                                .path("state")));
        return read(admin().get("/api/searches/" + id).asString());
    }

    JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<JsonNode> candidates(JsonNode search) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode it : search.path("iterations")) it.path("candidates").forEach(out::add);
        return out;
    }

    JsonNode candidate(String id) {
        return read(admin().get("/api/candidates/" + id).asString());
    }

    JsonNode exchange(String candidateId) {
        return read(admin().get("/api/candidates/" + candidateId + "/exchange")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void fullSearchStoresEveryExchangeAndAReplayReproducesItsProgramsWithoutAModel() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> {
            int k = request.path("n").asInt(1);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < k; i++) texts.add(FakeOpenAi.modelAnswer(2.0 + n + i));
            return FakeOpenAi.Reply.json(FakeOpenAi.completion(texts, "stop", true));
        })) {
            // priced in the test profile: 1000 per million prompt tokens, 2000 per million completion tokens
            String conn = connection(fake, "apiKey", "sk-test-secret", "temperature", 0.7, "model", "priced-model");
            // the key is write-only: the admin sees that there is one, never what it is
            String view = admin().get("/api/llm/connections/" + conn).asString();
            assertTrue(view.contains("\"hasApiKey\":true"), view);
            assertFalse(view.contains("sk-test-secret"), view);
            String stored = pool.preparedQuery("select api_key from llm_connections where name = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(conn))
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .iterator()
                    .next()
                    .getString(0);
            assertFalse(stored.contains("sk-test-secret"), "stored encrypted: " + stored);

            String id = search(conn, "samples", 2, "iterations", 2);
            JsonNode s = awaitFinished(id);
            assertEquals("done", s.path("state").asText(), s.toString());
            List<JsonNode> all = candidates(s);
            assertEquals(4, all.size());
            // n is supported: one request per iteration, each asking for both programs, with the key as bearer
            assertEquals(2, fake.requestCount());
            assertEquals(2, fake.requests.get(0).path("n").asInt());
            assertEquals(0.7, fake.requests.get(0).path("temperature").asDouble());
            assertEquals("priced-model", fake.requests.get(0).path("model").asText());
            assertEquals("Bearer sk-test-secret", fake.authorizations.get(0));
            // iteration 0: [system, user]; iteration 1: [system, user, the parent's response, its reflection]
            JsonNode first = fake.requests.get(0).path("messages");
            assertEquals(2, first.size());
            assertEquals("system", first.get(0).path("role").asText());
            assertTrue(first.get(1).path("content").asText().contains("class CartPoleEnv"));
            JsonNode second = fake.requests.get(1).path("messages");
            assertEquals(4, second.size());
            assertEquals("assistant", second.get(2).path("role").asText());
            String parentId = s.path("iterations").get(0).path("selected").asText();
            assertEquals(
                    candidate(parentId).path("response").asText(),
                    second.get(2).path("content").asText());
            assertTrue(second.get(3).path("content").asText().contains("task_fitness: ["));

            for (JsonNode c : all) {
                JsonNode full = candidate(c.path("id").asText());
                assertEquals("done", full.path("state").asText(), full.toString());
                assertEquals("llm", full.path("origin").asText());
                assertTrue(full.path("response").asText().startsWith("The pole must stay upright"));
                assertTrue(full.path("program").asText().startsWith("double reward(CartPoleState s"));
                // 400 prompt tokens split over two choices, 100 completion tokens each
                assertEquals(200, full.path("promptTokens").asInt());
                assertEquals(100, full.path("completionTokens").asInt());
                JsonNode e = exchange(c.path("id").asText());
                assertEquals(full.path("exchange").asText(), e.path("id").asText());
                assertEquals(200, e.path("status").asInt());
                assertEquals("priced-model", e.path("model").asText());
                // 400 x 1000 + 200 x 2000 per million, shared by the exchange's two candidates
                assertEquals(0.8, e.path("cost").asDouble(), 1e-12);
                assertEquals(0.4, full.path("cost").asDouble(), 1e-12);
                assertEquals("[\"stop\",\"stop\"]", e.path("finishReasons").toString());
                assertTrue(e.path("response").asText().contains("chatcmpl-test"));
                assertEquals(
                        c.path("iteration").asInt() == 0 ? 2 : 4,
                        e.path("request").path("messages").size());
                assertTrue(e.path("latencyMillis").asLong() >= 0);
            }
            assertEquals(800, s.path("usage").path("promptTokens").asLong());
            assertEquals(400, s.path("usage").path("completionTokens").asLong());
            assertEquals(1.6, s.path("usage").path("cost").asDouble(), 1e-12);
            JsonNode usage =
                    read(admin().get("/api/llm/searches/" + id + "/usage").asString());
            assertEquals(2, usage.path("iterations").size());
            assertEquals(2, usage.path("exchanges").size());

            // the replay: same programs in the same places, no request to any model
            String replay = admin().body(body("task", "cartpole", "proposer", "replay", "replayOf", id))
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            JsonNode r = awaitFinished(replay);
            assertEquals("done", r.path("state").asText(), r.toString());
            assertEquals(2, fake.requestCount());
            List<JsonNode> replayed = candidates(r);
            assertEquals(all.size(), replayed.size());
            for (int i = 0; i < all.size(); i++) {
                JsonNode a = candidate(all.get(i).path("id").asText());
                JsonNode b = candidate(replayed.get(i).path("id").asText());
                assertEquals(a.path("iteration").asInt(), b.path("iteration").asInt());
                assertEquals(a.path("index").asInt(), b.path("index").asInt());
                assertEquals(a.path("response").asText(), b.path("response").asText());
                assertEquals(a.path("program").asText(), b.path("program").asText());
                assertEquals(a.path("fitness").asDouble(), b.path("fitness").asDouble(), 0.0);
                assertEquals("replay", b.path("origin").asText());
            }
            assertEquals(
                    s.path("best").path("fitness").asDouble(),
                    r.path("best").path("fitness").asDouble(),
                    0.0);
            // a replay of an imported bundle of the search gives the same programs too
            byte[] zip = admin().get("/api/searches/" + id + "/export")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            String imported = given().header("Authorization", bearer(ADMIN_TOKEN))
                    .contentType("application/zip")
                    .body(zip)
                    .post("/api/searches/import")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            // the bundle carried the raw exchanges: imported with new ids, linked to their candidates, costed
            JsonNode importedSearch = awaitFinished(imported);
            assertEquals(1.6, importedSearch.path("usage").path("cost").asDouble(), 1e-12);
            assertEquals(
                    2,
                    read(admin().get("/api/llm/searches/" + imported + "/usage").asString())
                            .path("exchanges")
                            .size());
            for (JsonNode c : candidates(importedSearch)) {
                JsonNode e = exchange(c.path("id").asText());
                assertEquals(0.8, e.path("cost").asDouble(), 1e-12);
                assertEquals("priced-model", e.path("model").asText());
                assertTrue(e.path("response").asText().contains("chatcmpl-test"));
                assertEquals(
                        c.path("iteration").asInt() == 0 ? 2 : 4,
                        e.path("request").path("messages").size());
            }
            String fromBundle = admin().body(body("task", "cartpole", "proposer", "replay", "replayOf", imported))
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            List<JsonNode> again = candidates(awaitFinished(fromBundle));
            assertEquals(all.size(), again.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(
                        candidate(all.get(i).path("id").asText())
                                .path("program")
                                .asText(),
                        candidate(again.get(i).path("id").asText())
                                .path("program")
                                .asText());
            }
            assertEquals(2, fake.requestCount());
            // a replay of another task is refused
            admin().body(body("task", "pendulum", "proposer", "replay", "replayOf", id))
                    .post("/api/searches")
                    .then()
                    .statusCode(400)
                    .body("reason", containsString("same task"));
        }
    }

    @Test
    void endpointIgnoringNGetsParallelRequestsWithinTheConcurrencyLimit() throws Exception {
        // answers one completion whatever n says, slowly enough that parallel requests overlap
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> FakeOpenAi.Reply.json(
                        FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(3.0)), "stop", true))
                .after(150))) {
            String conn = connection(fake, "concurrency", 2);
            JsonNode s = awaitFinished(search(conn, "samples", 4, "iterations", 2));
            assertEquals("done", s.path("state").asText(), s.toString());
            assertEquals(8, candidates(s).size());
            // iteration 0: asked n=4, got 1, then 3 single requests; iteration 1: 4 single requests at once
            assertEquals(8, fake.requestCount());
            assertEquals(4, fake.requests.get(0).path("n").asInt());
            for (JsonNode r : fake.requests.subList(1, 8))
                assertTrue(r.path("n").isMissingNode(), r.toString());
            assertEquals(2, fake.maxInFlight.get(), "at most the connection's 2 requests at once, and 2 did overlap");
        }
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> FakeOpenAi.Reply.json(
                        FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(3.0)), "stop", true))
                .after(50))) {
            String conn = connection(fake, "nPerRequest", "no", "concurrency", 1);
            JsonNode s = awaitFinished(search(conn, "samples", 3, "iterations", 1));
            assertEquals("done", s.path("state").asText(), s.toString());
            assertEquals(3, fake.requestCount());
            for (JsonNode r : fake.requests) assertTrue(r.path("n").isMissingNode(), r.toString());
            assertEquals(1, fake.maxInFlight.get());
        }
    }

    @Test
    void hungRequestTimesOutIsRetriedThenItsCandidateFailsAndTheSearchGoesOn() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> n <= 2
                ? FakeOpenAi.Reply.hung()
                : FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(4.0)), "stop", true)))) {
            String conn = connection(fake, "timeoutSeconds", 0.3, "maxRetries", 1);
            JsonNode s = awaitFinished(search(conn, "samples", 1, "iterations", 1));
            assertEquals("done", s.path("state").asText(), s.toString());
            List<JsonNode> all = candidates(s);
            assertEquals(2, all.size());
            assertEquals("failed", all.get(0).path("state").asText());
            assertEquals("LLM timeout", all.get(0).path("failure").asText());
            JsonNode e = exchange(all.get(0).path("id").asText());
            assertEquals(2, e.path("attempts").asInt(), "the first attempt and one retry");
            assertEquals("LLM timeout", e.path("error").asText());
            assertTrue(e.path("status").isNull());
            // the next round asked again, with the failure in the prompt, and its program trained
            assertEquals("done", all.get(1).path("state").asText());
            assertEquals(1, all.get(1).path("round").asInt());
            String last =
                    fake.requests.get(2).path("messages").get(1).path("content").asText();
            assertTrue(last.contains("candidate 0 could not be proposed: LLM timeout"), last);
        }
    }

    @Test
    void responseWithoutAProgramIsARejectedCandidateWithItsTextKept() throws Exception {
        String prose = "I would reward keeping the pole upright, for instance with an exponential of the angle.";
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> FakeOpenAi.Reply.json(
                FakeOpenAi.completion(List.of(n == 1 ? prose : FakeOpenAi.modelAnswer(6.0)), "stop", true)))) {
            // without repair (LlmRepairTest covers it), the rejection waits for the retry round
            JsonNode s = awaitFinished(search(connection(fake), "samples", 1, "iterations", 1, "repairAttempts", 0));
            assertEquals("done", s.path("state").asText(), s.toString());
            List<JsonNode> all = candidates(s);
            JsonNode rejected = candidate(all.get(0).path("id").asText());
            assertEquals("rejected", rejected.path("state").asText());
            assertEquals(prose, rejected.path("response").asText());
            assertEquals(
                    "extract", rejected.path("problems").get(0).path("stage").asText());
            assertTrue(rejected.path("problems").get(0).path("message").asText().startsWith("no reward method found"));
            // the rejection reached the next request, which was answered with a program
            String last =
                    fake.requests.get(1).path("messages").get(1).path("content").asText();
            assertTrue(
                    last.contains("candidate 0 was rejected. Its answer:\n1 | " + prose + "\nProblems:\n- ")
                            && last.contains("no reward method found"),
                    last);
            assertEquals("done", all.get(1).path("state").asText());
        }
    }

    @Test
    void budgetCapEndsTheSearchBudgetExhaustedWithNoRequestAfterIt() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) ->
                FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(5.0)), "stop", true)))) {
            String conn = connection(fake, "nPerRequest", "no", "concurrency", 1);
            // one request costs 500 tokens: the first spends the budget, the second is never sent
            JsonNode s = awaitFinished(search(conn, "samples", 2, "iterations", 3, "tokenBudget", 450));
            assertEquals("budget-exhausted", s.path("state").asText(), s.toString());
            assertEquals(
                    "token budget of 450 reached (500 used)", s.path("reason").asText());
            assertEquals(1, fake.requestCount());
            List<JsonNode> all = candidates(s);
            assertEquals(1, all.size());
            assertEquals("done", all.get(0).path("state").asText(), "what was proposed before the cap is trained");
        }
    }

    @Test
    void llmNeedsAKnownConnectionAndConnectionsNeedAnAdmin() {
        admin().body(body("task", "cartpole", "proposer", "llm", "connection", "nope"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("unknown connection 'nope'"));
        admin().body(body("task", "cartpole", "proposer", "offline", "model", "gpt-4o"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("llm proposer only"));
        String operator = TestAccounts.createToken(ADMIN_TOKEN, "op", "operator");
        given().header("Authorization", bearer(operator))
                .contentType(ContentType.JSON)
                .body(body("baseUrl", "http://127.0.0.1:1/v1", "model", "m"))
                .put("/api/llm/connections/mine")
                .then()
                .statusCode(403);
        given().header("Authorization", bearer(operator))
                .get("/api/llm/connections")
                .then()
                .statusCode(200);
        // with no default connection the offline proposer is the default
        JsonNode status = read(admin().get("/api/llm").asString());
        assertEquals("offline", status.path("defaultProposer").asText());
        assertNotNull(status.path("proposers"));
        // a viewer learns whether a model is configured, not the connections
        String viewer = TestAccounts.createToken(ADMIN_TOKEN, "v", "viewer");
        JsonNode seen = read(given().header("Authorization", bearer(viewer))
                .get("/api/llm")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(0, seen.path("connections").size());
        assertEquals("offline", seen.path("defaultProposer").asText());
        given().header("Authorization", bearer(viewer))
                .get("/api/llm/connections")
                .then()
                .statusCode(403);
    }
}
