package dev.rewardsmith.propose;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.llm.ChatClient;
import dev.rewardsmith.llm.LlmConnections;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The LLM edge under hostile or careless conditions: a stored key does not follow its connection to another host,
 * an oversized answer is refused unread, and the text of a model endpoint's error is for operators only.
 */
@QuarkusTest
class LlmEdgeTest {

    @Inject
    ChatClient chat;

    @Inject
    LlmConnections connections;

    @Inject
    ObjectMapper json;

    static RequestSpecification admin() {
        return given().header("Authorization", bearer(ADMIN_TOKEN)).contentType(ContentType.JSON);
    }

    private static Map<String, Object> settings(String baseUrl, String apiKey) {
        Map<String, Object> b = new HashMap<>(Map.of("baseUrl", baseUrl, "model", "fake-model", "maxRetries", 0));
        if (apiKey != null) b.put("apiKey", apiKey);
        return b;
    }

    private ChatModel.Reply ask(String connection) throws Exception {
        LlmConnection c = connections.find(connection).orElseThrow();
        return chat.complete(
                c,
                new ChatModel.Request("fake-model", List.of(ChatModel.Message.user("hello")), null, null, null),
                () -> true,
                reply -> {});
    }

    private static String ok() {
        return FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(2.0)), "stop", true);
    }

    @Test
    void aStoredKeyDoesNotFollowItsConnectionToAnotherHost() throws Exception {
        try (FakeOpenAi first = new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json(ok()));
                FakeOpenAi second = new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json(ok()))) {
            String name = "moving-" + UUID.randomUUID().toString().substring(0, 8);
            admin().body(settings(first.baseUrl(), "sk-first-host"))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(201)
                    .body("hasApiKey", equalTo(true));
            assertTrue(ask(name).answered());
            assertEquals("Bearer sk-first-host", first.authorizations.get(0));

            // another path on the same host keeps the key
            admin().body(settings(first.baseUrl() + "/", null))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(200)
                    .body("hasApiKey", equalTo(true));

            // another host (here: another port) without the key is refused, and nothing changed
            admin().body(settings(second.baseUrl(), null))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("apiKey"))
                    .body("reason", org.hamcrest.Matchers.startsWith("apiKey: the host changed: send the API key"));
            admin().get("/api/llm/connections/" + name)
                    .then()
                    .statusCode(200)
                    .body("baseUrl", equalTo(first.baseUrl()));

            // an explicit empty key says the new host needs none: the old key is dropped, none is sent
            admin().body(settings(second.baseUrl(), ""))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(200)
                    .body("hasApiKey", equalTo(false));
            assertTrue(ask(name).answered());
            assertEquals("null", second.authorizations.get(0), "no key, no Authorization header");
            assertEquals(1, first.requestCount());

            // with a new key for the new host, that key is sent
            admin().body(settings(first.baseUrl(), "sk-again"))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(200);
            assertTrue(ask(name).answered());
            assertEquals("Bearer sk-again", first.authorizations.get(1));
        }
    }

    @Test
    void anOversizedAnswerFailsItsExchangeUnread() throws Exception {
        // a valid completion padded past the 4 MiB limit (rewardsmith.llm.max-response-bytes)
        String padded = FakeOpenAi.completion(List.of("x".repeat(4 * 1024 * 1024 + 10)), "stop", true);
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> n == 1
                ? FakeOpenAi.Reply.json(padded)
                : FakeOpenAi.Reply.status(200, Map.of("Transfer-Encoding", "chunked"), padded))) {
            String name = "big-" + UUID.randomUUID().toString().substring(0, 8);
            admin().body(settings(fake.baseUrl(), null))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(201);
            for (int i = 0; i < 2; i++) {
                ChatModel.Reply reply = ask(name);
                assertFalse(reply.answered());
                assertTrue(reply.error().startsWith(ChatClient.TOO_LARGE + ": over 4194304 bytes"), reply.error());
                assertNull(reply.rawResponse(), "not buffered, not stored");
                assertEquals(200, reply.status());
                assertEquals(1, reply.attempts(), "not retried");
            }
            // the connection still works for an answer of a sane size
            fake.script((n, r) -> FakeOpenAi.Reply.json(ok()));
            assertTrue(ask(name).answered());
        }
    }

    @Test
    void viewersCannotReadLlmErrorBodies() throws Exception {
        String detail = "upstream detail 7f3a: org quota of project prj-internal exceeded";
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> n == 1
                ? FakeOpenAi.Reply.status(500, Map.of(), "{\"error\": \"" + detail + "\"}")
                : FakeOpenAi.Reply.json(ok()))) {
            String name = "errors-" + UUID.randomUUID().toString().substring(0, 8);
            admin().body(settings(fake.baseUrl(), null))
                    .put("/api/llm/connections/" + name)
                    .then()
                    .statusCode(201);
            Map<String, Object> search = Map.of(
                    "task",
                    "cartpole",
                    "proposer",
                    "llm",
                    "connection",
                    name,
                    "seed",
                    3,
                    "samples",
                    1,
                    "iterations",
                    1,
                    "ppo",
                    LlmSearchTest.TINY_PPO);
            String id = admin().body(search)
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> List.of("done", "failed", "cancelled")
                            .contains(admin().get("/api/searches/" + id)
                                    .then()
                                    .extract()
                                    .path("state")));
            String viewer = TestAccounts.tokenOfNewUser("viewer");
            String asViewer = given().header("Authorization", bearer(viewer))
                    .get("/api/searches/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(asViewer.contains("7f3a"), asViewer);
            JsonNode failed = json.readTree(asViewer)
                    .path("iterations")
                    .get(0)
                    .path("candidates")
                    .get(0);
            assertEquals("failed", failed.path("state").asText());
            assertEquals("LLM unavailable: HTTP 500", failed.path("failure").asText());
            String candidate = failed.path("id").asText();

            String exchange = given().header("Authorization", bearer(viewer))
                    .get("/api/candidates/" + candidate + "/exchange")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(500))
                    .body("error", equalTo("LLM unavailable: HTTP 500"))
                    .body("response", equalTo(null))
                    .extract()
                    .asString();
            assertFalse(exchange.contains("7f3a"), exchange);
            String usage = given().header("Authorization", bearer(viewer))
                    .get("/api/llm/searches/" + id + "/usage")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(usage.contains("7f3a"), usage);
            String candidateView = given().header("Authorization", bearer(viewer))
                    .get("/api/candidates/" + candidate)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(candidateView.contains("7f3a"), candidateView);

            // operators read what the endpoint said, to fix the connection
            admin().get("/api/candidates/" + candidate + "/exchange")
                    .then()
                    .statusCode(200)
                    .body("response", org.hamcrest.Matchers.containsString(detail));
        }
    }
}
