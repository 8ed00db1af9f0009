package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The voting page's REST and live edges: my progress, skipping, the listing with tallies and my vote, undo, the
 * "comparisons" and "votes" messages on the search's WebSocket, the rollout's frame rate, and bad input.
 */
@QuarkusTest
public class FeedbackResourceTest {

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.inject.Instance<BasicWebSocketConnector> connectors;

    @TestHTTPResource("/")
    URI base;

    /** Three candidates in one iteration: at least three pairs; trainings of about a quarter second. */
    static Map<String, Object> searchWithPairs(int seed) {
        return TestSearches.tinyCartpole(3, 1, seed);
    }

    /** Creates a search with pairs to vote on (as the admin) and waits until it is done; returns its id. */
    public static String finishedSearchWithPairs(int seed) {
        String id = create(searchWithPairs(seed));
        awaitDone(id);
        return id;
    }

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

    private static String create(Map<String, Object> request) {
        return TestSearches.create(ADMIN_TOKEN, request);
    }

    private static void awaitDone(String id) {
        TestSearches.awaitState(ADMIN_TOKEN, id, Duration.ofMinutes(3), "done");
    }

    private JsonNode counts(String token, String search) {
        return read(as(token)
                .get("/api/searches/" + search + "/comparisons/counts")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private String next(String token, String search, String query) {
        var r = as(token).get("/api/searches/" + search + "/comparisons/next" + query);
        if (r.statusCode() == 204) return null;
        assertEquals(200, r.statusCode(), r.asString());
        return r.path("id");
    }

    private JsonNode listed(String token, String search, String comparison) {
        JsonNode page = read(as(token)
                .get("/api/searches/" + search + "/comparisons?size=100")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        for (JsonNode c : page.path("items")) if (c.path("id").asText().equals(comparison)) return c;
        throw new AssertionError(comparison + " not listed: " + page);
    }

    private static void assertTally(JsonNode tally, int left, int right, int tie) {
        assertEquals(
                List.of(left, right, tie),
                List.of(
                        tally.path("left").asInt(),
                        tally.path("right").asInt(),
                        tally.path("tie").asInt()),
                tally.toString());
    }

    @Test
    void countsSkipsListingUndoAndLiveTalliesFollowEveryVote() throws Exception {
        String id = create(searchWithPairs(21));
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        String viewerToken = TestAccounts.createToken(ADMIN_TOKEN, "watch", "viewer");
        WebSocketClientConnection ws = connectors
                .get()
                .baseUri(base)
                .path("/ws/searches/" + id)
                .addHeader("Authorization", bearer(viewerToken))
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, m) -> messages.add(m))
                .connectAndAwait();
        awaitDone(id);
        String ann = TestAccounts.tokenOfNewUser("voter");
        String bob = TestAccounts.tokenOfNewUser("voter");

        // the pairs were announced once planned, before the search ended
        JsonNode planned = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> messages.stream()
                                .map(this::read)
                                .filter(m -> m.path("type").asText().equals("comparisons"))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
        int total = planned.path("count").asInt();
        assertTrue(total >= 3, "three candidates give at least three pairs: " + planned);
        assertEquals(0, planned.path("iteration").asInt());
        assertEquals(0, planned.path("restart").asInt());
        JsonNode mine = counts(ann, id);
        assertEquals(
                List.of(total, 0, total),
                List.of(
                        mine.path("total").asInt(),
                        mine.path("voted").asInt(),
                        mine.path("left").asInt()));

        // skipping passes a pair over without voting; a repeated parameter and a comma list are the same
        String first = next(ann, id, "");
        String second = next(ann, id, "?skip=" + first);
        assertNotEquals(first, second);
        String third = next(ann, id, "?skip=" + first + "&skip=" + second);
        assertEquals(third, next(ann, id, "?skip=" + first + "," + second));
        assertEquals(first, next(ann, id, ""), "skipping is not a vote");
        Set<String> all = new HashSet<>();
        for (String c = next(ann, id, ""); c != null; c = next(ann, id, "?skip=" + String.join(",", all))) {
            assertTrue(all.add(c), "each pair once: " + c);
        }
        assertEquals(total, all.size());

        // ann votes left with a comment; her counts move, bob's do not; next no longer offers it to her
        String url = "/api/searches/" + id + "/comparisons/" + first + "/vote";
        as(ann).body(Map.of("choice", "left", "comment", "steadier pole"))
                .put(url)
                .then()
                .statusCode(200)
                .body("liveVotes", equalTo(1));
        mine = counts(ann, id);
        assertEquals(
                List.of(total, 1, total - 1),
                List.of(
                        mine.path("total").asInt(),
                        mine.path("voted").asInt(),
                        mine.path("left").asInt()));
        assertEquals(0, counts(bob, id).path("voted").asInt());
        assertNotEquals(first, next(ann, id, ""));
        assertEquals(first, next(bob, id, ""));
        as(bob).body(Map.of("choice", "right")).put(url).then().statusCode(200).body("liveVotes", equalTo(2));

        // the listing: tallies for everyone, my own vote for me, the comments
        JsonNode forAnn = listed(ann, id, first);
        assertTally(forAnn.path("tally"), 1, 1, 0);
        assertEquals("left", forAnn.path("myVote").path("choice").asText());
        assertEquals("steadier pole", forAnn.path("myVote").path("comment").asText());
        assertEquals(1, forAnn.path("comments").size());
        assertEquals(
                "steadier pole", forAnn.path("comments").get(0).path("comment").asText());
        assertEquals("left", forAnn.path("comments").get(0).path("choice").asText());
        assertEquals(
                "right", listed(bob, id, first).path("myVote").path("choice").asText());
        JsonNode forViewer = listed(viewerToken, id, first);
        assertTrue(forViewer.path("myVote").isNull(), forViewer.toString());
        assertTrue(forViewer.path("left").path("rollout").isTextual(), forViewer.toString());
        assertTally(listed(viewerToken, id, second).path("tally"), 0, 0, 0);
        // pages: the same total, items split
        JsonNode page0 = read(as(viewerToken)
                .get("/api/searches/" + id + "/comparisons?size=2")
                .asString());
        JsonNode page1 = read(as(viewerToken)
                .get("/api/searches/" + id + "/comparisons?size=2&page=1")
                .asString());
        assertEquals(total, page0.path("total").asInt());
        assertEquals(2, page0.path("items").size());
        assertEquals(Math.min(2, total - 2), page1.path("items").size());
        assertNotEquals(
                page0.path("items").get(0).path("id"),
                page1.path("items").get(0).path("id"));

        // undo: ann withdraws; the pair is offered to her again and her counts go back
        as(ann).delete(url).then().statusCode(204);
        assertEquals(first, next(ann, id, ""));
        assertEquals(0, counts(ann, id).path("voted").asInt());
        assertTrue(listed(ann, id, first).path("myVote").isNull());
        assertTally(listed(ann, id, first).path("tally"), 0, 1, 0);

        // the live stream: one "votes" message per cast, replaced or withdrawn vote, in sequence
        List<JsonNode> votes = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> messages.stream()
                                .map(this::read)
                                .filter(m -> m.path("type").asText().equals("votes"))
                                .toList(),
                        l -> l.size() == 3);
        ws.closeAndAwait();
        for (JsonNode v : votes) {
            assertEquals(first, v.path("comparison").asText());
            assertEquals(0, v.path("iteration").asInt());
        }
        assertTally(votes.get(0).path("tally"), 1, 0, 0);
        assertTally(votes.get(1).path("tally"), 1, 1, 0);
        assertTally(votes.get(2).path("tally"), 0, 1, 0);
        assertEquals(
                List.of(1, 2, 1),
                votes.stream().map(v -> v.path("totalVotes").asInt()).toList());
        assertEquals(
                List.of(1, 2, 1),
                votes.stream().map(v -> v.path("liveVotes").asInt()).toList());
        long previous = 0;
        for (String m : messages) {
            long seq = read(m).path("seq").asLong();
            assertTrue(seq > previous, "sequence numbers increase: " + seq + " after " + previous);
            previous = seq;
        }

        // the rollout plays at its task's rate
        JsonNode pair = read(as(viewerToken)
                        .get("/api/searches/" + id + "/comparisons?size=1")
                        .asString())
                .path("items")
                .get(0);
        as(viewerToken)
                .get("/api/rollouts/" + pair.path("left").path("rollout").asText())
                .then()
                .statusCode(200)
                .body("framesPerSecond", equalTo(50))
                .body("task", equalTo("cartpole"));
    }

    @Test
    void badInputGetsAFourHundredWithAReason() {
        String id = finishedSearchWithPairs(22);
        String voter = TestAccounts.createToken(ADMIN_TOKEN, "bad", "voter");
        String viewer = TestAccounts.createToken(ADMIN_TOKEN, "look", "viewer");
        String cid = next(voter, id, "");
        String url = "/api/searches/" + id + "/comparisons/" + cid + "/vote";
        as(voter)
                .body(Map.of("choice", "middle"))
                .put(url)
                .then()
                .statusCode(400)
                .body("reason", containsString("choice: must be left, right or tie"))
                .body("field", equalTo("choice"));
        as(voter)
                .body(Map.of("comment", "no choice"))
                .put(url)
                .then()
                .statusCode(400)
                .body("reason", containsString("choice"))
                .body("field", equalTo("choice"));
        as(voter)
                .body(Map.of("choice", "left", "comment", "x".repeat(2001)))
                .put(url)
                .then()
                .statusCode(400)
                .body("reason", containsString("comment"))
                .body("field", equalTo("comment"));
        // a blank comment is no comment
        as(voter)
                .body(Map.of("choice", "left", "comment", " \n "))
                .put(url)
                .then()
                .statusCode(200)
                .body("comment", org.hamcrest.Matchers.nullValue());
        as(voter)
                .body(Map.of("choice", "left", "comment", "x".repeat(2000)))
                .put(url)
                .then()
                .statusCode(200);
        as(voter).body("{\"choice\": ").put(url).then().statusCode(400).body("reason", containsString("JSON"));
        // a comparison of another search: not found there
        String other = create(
                Map.of("task", "cartpole", "proposer", "human", "evalSeeds", 0, "ppo", Map.of("totalTimesteps", 2560)));
        as(voter)
                .body(Map.of("choice", "left"))
                .put("/api/searches/" + other + "/comparisons/" + cid + "/vote")
                .then()
                .statusCode(404)
                .body("reason", containsString("has no comparison " + cid));
        as(voter)
                .delete("/api/searches/" + other + "/comparisons/" + cid + "/vote")
                .then()
                .statusCode(404)
                .body("reason", containsString("has no comparison"));
        // a viewer reads but does not vote
        as(viewer)
                .body(Map.of("choice", "left"))
                .put(url)
                .then()
                .statusCode(403)
                .body("reason", containsString("role"));
        as(viewer).delete(url).then().statusCode(403).body("reason", containsString("role"));
        as(viewer).get("/api/searches/" + id + "/comparisons/next").then().statusCode(403);
        as(viewer).get("/api/searches/" + id + "/comparisons/counts").then().statusCode(403);
        as(viewer).get("/api/searches/" + id + "/comparisons").then().statusCode(200);
        // malformed ids: a query parameter is bad input (400); an id in the path names nothing there (404, as
        // everywhere in the API)
        as(voter)
                .get("/api/searches/" + id + "/comparisons/next?skip=nope")
                .then()
                .statusCode(400)
                .body("reason", containsString("skip: 'nope' is not a comparison id"))
                .body("field", equalTo("skip"));
        as(voter)
                .get("/api/searches/" + id + "/comparisons/next?skip=" + cid + ",12")
                .then()
                .statusCode(400)
                .body("reason", containsString("'12'"));
        as(voter)
                .body(Map.of("choice", "left"))
                .put("/api/searches/" + id + "/comparisons/not-an-id/vote")
                .then()
                .statusCode(404)
                .body("reason", containsString("no comparison not-an-id"));
        as(voter)
                .get("/api/searches/not-an-id/comparisons/counts")
                .then()
                .statusCode(404)
                .body("reason", containsString("no search"));
        as(voter)
                .get("/api/searches/" + UUID.randomUUID() + "/comparisons/counts")
                .then()
                .statusCode(404)
                .body("reason", containsString("no search"));
        as(viewer)
                .get("/api/searches/" + id + "/comparisons?size=0")
                .then()
                .statusCode(400)
                .body("reason", containsString("size"));
        as(viewer)
                .get("/api/searches/" + id + "/comparisons?page=-1")
                .then()
                .statusCode(400)
                .body("reason", containsString("page"));
        awaitDone(other);
    }
}
