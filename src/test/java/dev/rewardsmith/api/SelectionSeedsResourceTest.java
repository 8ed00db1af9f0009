package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search field {@code selectionSeeds} (docs/architecture.md, Search, "Selection seeds") over REST. */
@QuarkusTest
class SelectionSeedsResourceTest {

    private static io.restassured.response.ValidatableResponse post(Map<String, Object> body) {
        return given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/searches")
                .then();
    }

    /** The body with every number as a double (RestAssured's JsonPath would read some as floats). */
    private static JsonNode get(String path) throws Exception {
        return new ObjectMapper()
                .readTree(given().header("Authorization", bearer(ADMIN_TOKEN))
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    @Test
    void selectionSeedsOutsideOneToFiveIsA400NamingTheField() {
        post(TestSearches.tinyCartpole(2, 1, 1, "selectionSeeds", 0))
                .statusCode(400)
                .body("field", equalTo("selectionSeeds"))
                .body("reason", equalTo("selectionSeeds: must be greater than or equal to 1"));
        post(TestSearches.tinyCartpole(2, 1, 1, "selectionSeeds", 6))
                .statusCode(400)
                .body("field", equalTo("selectionSeeds"))
                .body("reason", equalTo("selectionSeeds: must be less than or equal to 5"));
    }

    @Test
    void aSearchWithTwoSelectionSeedsShowsThemInItsBudgetItsBestAndItsCandidate() throws Exception {
        String id = TestSearches.create(
                ADMIN_TOKEN, TestSearches.tinyCartpole(1, 1, 3, "proposer", "human", "selectionSeeds", 2));
        TestSearches.awaitState(ADMIN_TOKEN, id, Duration.ofSeconds(120), "done", "failed");
        JsonNode search = get("/api/searches/" + id);
        assertEquals("done", search.path("state").asText(), search.toString());
        assertEquals(2, search.path("budget").path("selectionSeeds").asInt());
        JsonNode view =
                get("/api/candidates/" + search.path("best").path("candidate").asText());
        JsonNode scores = view.path("selectionScores");
        assertEquals(2, scores.size(), view.toString());
        assertEquals(view.path("fitness").asDouble(), scores.get(0).asDouble());
        double mean = (scores.get(0).asDouble() + scores.get(1).asDouble()) / 2;
        assertEquals(mean, view.path("selectionScore").asDouble());
        // the search's best is the re-scored candidate, with its mean F
        assertEquals(mean, search.path("best").path("fitness").asDouble());
        // a search without the field selects on one seed, as before
        String plain = TestSearches.create(ADMIN_TOKEN, TestSearches.tinyCartpole(1, 1, 3, "proposer", "human"));
        TestSearches.awaitState(ADMIN_TOKEN, plain, Duration.ofSeconds(120), "done", "failed");
        JsonNode one = get("/api/searches/" + plain);
        assertEquals(1, one.path("budget").path("selectionSeeds").asInt());
        JsonNode alone =
                get("/api/candidates/" + one.path("best").path("candidate").asText());
        assertEquals(0, alone.path("selectionScores").size());
        assertTrue(alone.path("selectionScore").isNull());
        assertEquals(
                alone.path("fitness").asDouble(),
                one.path("best").path("fitness").asDouble());
        assertEquals(scores.get(0).asDouble(), alone.path("fitness").asDouble(), "same program, seed and budget");
    }
}
