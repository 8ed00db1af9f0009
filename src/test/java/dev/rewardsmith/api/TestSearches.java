package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** Small searches for API and page tests: the request, its creation over REST, and waiting for a state. */
public final class TestSearches {

    private TestSearches() {}

    /**
     * A cartpole search with the offline proposer, no final evaluation and 2,560 PPO steps per training (about a
     * quarter second each); {@code more} adds or overrides fields as name, value pairs (e.g. "selection", ...).
     */
    public static Map<String, Object> tinyCartpole(int samples, int iterations, int seed, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "cartpole");
        body.put("proposer", "offline");
        body.put("samples", samples);
        body.put("iterations", iterations);
        body.put("seed", seed);
        body.put("evalSeeds", 0);
        body.put("ppo", Map.of("totalTimesteps", 2560));
        for (int i = 0; i < more.length; i += 2) body.put((String) more[i], more[i + 1]);
        return body;
    }

    /** Creates the search with {@code token}'s rights (201 expected); returns its id. */
    public static String create(String token, Map<String, Object> body) {
        return given().header("Authorization", bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Waits (polling every 250 ms, at most {@code atMost}) until the search is in one of {@code states}. */
    public static void awaitState(String token, String id, Duration atMost, String... states) {
        List<String> wanted = List.of(states);
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> wanted.contains(given().header("Authorization", bearer(token))
                        .get("/api/searches/" + id)
                        .then()
                        .extract()
                        .<String>path("state")));
    }
}
