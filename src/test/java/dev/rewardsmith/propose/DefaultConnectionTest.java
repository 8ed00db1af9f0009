package dev.rewardsmith.propose;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The three settings of REWARDSMITH_LLM_* make a default connection, and searches then use the model. */
@QuarkusTest
@TestProfile(DefaultConnectionTest.FromEnvironment.class)
class DefaultConnectionTest {

    /** What REWARDSMITH_LLM_BASE_URL, REWARDSMITH_LLM_API_KEY and REWARDSMITH_LLM_MODEL set. */
    public static final class FromEnvironment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the port is chosen here and shared through a system property (the test runs in another class loader)
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty("rewardsmith.test.fake-llm-port", String.valueOf(port));
            return Map.of(
                    "rewardsmith.llm.base-url", "http://127.0.0.1:" + port + "/v1",
                    "rewardsmith.llm.api-key", "env-key",
                    "rewardsmith.llm.model", "env-model");
        }
    }

    @Test
    void searchWithoutAProposerUsesTheConfiguredModel() throws Exception {
        int port = Integer.parseInt(System.getProperty("rewardsmith.test.fake-llm-port"));
        try (FakeOpenAi fake = new FakeOpenAi(
                port,
                (n, r) -> FakeOpenAi.Reply.json(
                        FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(2.0)), "stop", true)))) {
            var admin = given().header("Authorization", bearer(ADMIN_TOKEN)).contentType(ContentType.JSON);
            JsonPath status =
                    admin.get("/api/llm").then().statusCode(200).extract().jsonPath();
            assertEquals("llm", status.getString("defaultProposer"));
            assertEquals(List.of("default"), status.getList("connections.name"));
            assertEquals(true, status.getBoolean("connections[0].configured"));
            // the configured connection is not the API's to change
            given().header("Authorization", bearer(ADMIN_TOKEN))
                    .contentType(ContentType.JSON)
                    .body(Map.of("baseUrl", "http://127.0.0.1:1/v1", "model", "m"))
                    .put("/api/llm/connections/default")
                    .then()
                    .statusCode(409);

            String id = given().header("Authorization", bearer(ADMIN_TOKEN))
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "task", "cartpole", "samples", 1, "iterations", 1, "ppo", Map.of("totalTimesteps", 2560)))
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> List.of("done", "failed")
                    .contains(given().header("Authorization", bearer(ADMIN_TOKEN))
                            .get("/api/searches/" + id)
                            .then()
                            .extract()
                            .path("state")));
            JsonPath search = given().header("Authorization", bearer(ADMIN_TOKEN))
                    .get("/api/searches/" + id)
                    .then()
                    .extract()
                    .jsonPath();
            assertEquals("done", search.getString("state"), search.prettify());
            assertEquals("llm", search.getString("proposer"));
            assertEquals(1, fake.requestCount());
            assertEquals("Bearer env-key", fake.authorizations.get(0));
            assertEquals("env-model", fake.requests.get(0).path("model").asText());
        }
    }
}
