package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Eureka-HF over REST and the live stream (docs/llm.md, Human reflection): the setting in the create request and
 * the view, the wait announced, a voter's text accepted once while the search waits (400 with the field for bad
 * input, 409 otherwise, 403 for a viewer), the text announced and listed, and the search going on with it.
 */
@QuarkusTest
public class ReflectionResourceTest {

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.inject.Instance<BasicWebSocketConnector> connectors;

    @TestHTTPResource("/")
    URI base;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode message(List<String> messages, String type) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> messages.stream()
                                .map(this::read)
                                .filter(m -> m.path("type").asText().equals(type))
                                .findFirst()
                                .orElse(null),
                        Objects::nonNull);
    }

    private static void post(String token, String id, Object body, int status, String field) {
        var then = as(token)
                .body(body)
                .post("/api/searches/" + id + "/reflections")
                .then()
                .statusCode(status);
        if (field != null) then.body("field", equalTo(field));
    }

    @Test
    void aVoterWritesTheAwaitedReflectionOnceAndTheSearchGoesOn() throws Exception {
        String id = TestSearches.create(
                ADMIN_TOKEN,
                TestSearches.tinyCartpole(1, 2, 41, "humanReflection", "add", "humanReflectionTimeoutSeconds", 600));
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        String viewer = TestAccounts.createToken(ADMIN_TOKEN, "watch-hf", "viewer");
        WebSocketClientConnection ws = connectors
                .get()
                .baseUri(base)
                .path("/ws/searches/" + id)
                .addHeader("Authorization", bearer(viewer))
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, m) -> messages.add(m))
                .connectAndAwait();
        TestSearches.awaitState(ADMIN_TOKEN, id, Duration.ofMinutes(3), "awaiting-reflection");
        as(viewer)
                .get("/api/searches/" + id)
                .then()
                .statusCode(200)
                .body("humanReflection.mode", equalTo("add"))
                .body("humanReflection.timeoutSeconds", equalTo(600))
                .body("reason", equalTo("waiting for a team member's reflection for iteration 2"));
        String parent = as(viewer)
                .get("/api/searches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("iterations[0].candidates[0].id");

        JsonNode awaited = message(messages, "reflection-awaited");
        assertEquals(1, awaited.path("iteration").asInt());
        assertEquals(0, awaited.path("restart").asInt());
        assertEquals("add", awaited.path("mode").asText());
        assertEquals(parent, awaited.path("candidate").asText());
        String automatic = awaited.path("automatic").asText();
        as(viewer)
                .get("/api/searches/" + id + "/reflections")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].iteration", equalTo(1))
                .body("[0].candidate", equalTo(parent))
                .body("[0].awaiting", equalTo(true))
                .body("[0].automatic", equalTo(automatic))
                .body("[0].automatic", startsWith("We trained a policy"))
                .body("[0].text", nullValue());

        String voter = TestAccounts.tokenOfNewUser("voter");
        post(viewer, id, Map.of("iteration", 1, "text", "x"), 403, null);
        post(voter, id, Map.of("text", "x"), 400, "iteration");
        post(voter, id, Map.of("iteration", 0, "text", "x"), 400, "iteration");
        post(voter, id, Map.of("iteration", 1, "text", "  \n "), 400, "text");
        post(voter, id, Map.of("iteration", 1), 400, "text");
        post(voter, id, Map.of("iteration", 1, "text", "y".repeat(8001)), 400, "text");
        post(voter, id, Map.of("iteration", 2, "text", "x"), 409, null);
        post(voter, UUID.randomUUID().toString(), Map.of("iteration", 1, "text", "x"), 404, null);

        String text = "Balance <first> & {then} centre:\n  \"penalize |x| > 2.4\"";
        as(voter)
                .body(Map.of("iteration", 1, "text", "  " + text + "\n"))
                .post("/api/searches/" + id + "/reflections")
                .then()
                .statusCode(201)
                .body("text", equalTo(text))
                .body("iteration", equalTo(1))
                .body("candidate", equalTo(parent))
                .body("author", startsWith("voter-"));
        post(voter, id, Map.of("iteration", 1, "text", "again"), 409, null);
        JsonNode written = message(messages, "reflection");
        assertEquals(text, written.path("text").asText());
        assertEquals(1, written.path("iteration").asInt());

        TestSearches.awaitState(ADMIN_TOKEN, id, Duration.ofMinutes(3), "done");
        as(viewer)
                .get("/api/searches/" + id + "/reflections")
                .then()
                .statusCode(200)
                .body("[0].awaiting", equalTo(false))
                .body("[0].text", equalTo(text))
                .body("[0].writtenAt", startsWith("20"));
        post(voter, id, Map.of("iteration", 1, "text", "late"), 409, null);
        ws.closeAndAwait();
    }

    @Test
    void theSettingIsValidatedWithItsField() {
        Map<String, Object> timeoutAlone = TestSearches.tinyCartpole(1, 2, 1, "humanReflectionTimeoutSeconds", 60);
        as(ADMIN_TOKEN)
                .body(timeoutAlone)
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("humanReflectionTimeoutSeconds"));
        Map<String, Object> human = new HashMap<>(TestSearches.tinyCartpole(1, 1, 1, "humanReflection", "replace"));
        human.put("proposer", "human");
        as(ADMIN_TOKEN)
                .body(human)
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("humanReflection"));
        as(ADMIN_TOKEN)
                .body(TestSearches.tinyCartpole(1, 2, 1, "humanReflection", "sometimes"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("humanReflection"));
        as(ADMIN_TOKEN)
                .body(TestSearches.tinyCartpole(
                        1, 2, 1, "humanReflection", "add", "humanReflectionTimeoutSeconds", 86_401))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("humanReflectionTimeoutSeconds"));
        as(ADMIN_TOKEN)
                .get("/api/searches/" + UUID.randomUUID() + "/reflections")
                .then()
                .statusCode(404);
    }
}
