package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rollouts recorded by a real (small) search, created over the API as the admin, for export tests. */
public final class RecordedRollouts {

    /** A stored rollout's listing entry with its candidate. */
    public record Recorded(String id, String candidate, long seed, int steps) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedRollouts() {}

    /** A two-candidate cartpole search with the offline proposer, a few seconds of training each. */
    public static List<Recorded> cartpole() throws Exception {
        return ofSearch(TestSearches.tinyCartpole(2, 1, 3));
    }

    /** Runs the search {@code body} to its end and returns every rollout of its candidates. */
    public static List<Recorded> ofSearch(Map<String, Object> body) throws Exception {
        String id = TestSearches.create(ADMIN_TOKEN, body);
        TestSearches.awaitState(ADMIN_TOKEN, id, Duration.ofMinutes(4), "done", "failed", "cancelled");
        JsonNode search = get("/api/searches/" + id);
        assertEquals("done", search.path("state").asText(), search.toString());
        List<Recorded> out = new ArrayList<>();
        for (JsonNode iteration : search.path("iterations")) {
            for (JsonNode candidate : iteration.path("candidates")) {
                String cid = candidate.path("id").asText();
                for (JsonNode r : get("/api/candidates/" + cid + "/rollouts")) {
                    out.add(new Recorded(
                            r.path("id").asText(),
                            cid,
                            r.path("seed").asLong(),
                            r.path("steps").asInt()));
                }
            }
        }
        assertFalse(out.isEmpty(), "rollouts of " + search);
        return out;
    }

    /** Two rollouts of different candidates on one seed, as a comparison pairs them. */
    public static Recorded[] sameSeedPair(List<Recorded> rollouts) {
        for (Recorded x : rollouts) {
            for (Recorded y : rollouts) {
                if (x.seed() == y.seed() && !x.candidate().equals(y.candidate())) return new Recorded[] {x, y};
            }
        }
        throw new AssertionError("no two candidates share a seed: " + rollouts);
    }

    /** GET as the admin, parsed. */
    public static JsonNode get(String path) throws Exception {
        return JSON.readTree(
                given().header("Authorization", bearer(ADMIN_TOKEN)).get(path).asString());
    }
}
