package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.work.SearchService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchResourceTest {

    /** About a second per training on one core: 40 epochs of 8 copies x 32 steps. */
    static final Map<String, Object> SMALL_PPO = Map.of("totalTimesteps", 10240);

    @Inject
    SearchService service;

    @Inject
    dev.rewardsmith.store.DatabaseJournal journal;

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.inject.Instance<BasicWebSocketConnector> connectors;

    @TestHTTPResource("/")
    URI base;

    private static RequestSpecification operator() {
        return given().header("Authorization", bearer(ADMIN_TOKEN)).contentType(ContentType.JSON);
    }

    private static RequestSpecification viewer() {
        return given().header("Authorization", bearer(TestAccounts.createToken(ADMIN_TOKEN, "viewer", "viewer")));
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    private String create(Map<String, Object> request) {
        return TestSearches.create(ADMIN_TOKEN, request);
    }

    private JsonNode awaitFinished(String id) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String state = operator()
                            .get("/api/searches/" + id)
                            .then()
                            .extract()
                            .path("state");
                    return List.of("done", "failed", "cancelled").contains(state);
                });
        return read(operator().get("/api/searches/" + id).asString());
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void offlineSearchOnCartpoleEndsAtLeastAtTheHumanRewardObservedOverTheWebSocket() throws Exception {
        // the human reward alone, same seed and budget
        String human =
                create(body("task", "cartpole", "proposer", "human", "seed", 5, "evalSeeds", 0, "ppo", SMALL_PPO));
        // the offline search, initialized with the human reward, watched live
        Response created = operator()
                .body(body(
                        "task",
                        "cartpole",
                        "proposer",
                        "offline",
                        "samples",
                        2,
                        "iterations",
                        3,
                        "seed",
                        5,
                        "humanInit",
                        true,
                        "ppo",
                        SMALL_PPO))
                .post("/api/searches");
        created.then().statusCode(201).header("Location", containsString("/api/searches/"));
        String id = created.path("id");
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        WebSocketClientConnection ws = connectors
                .get()
                .baseUri(base)
                .path("/ws/searches/" + id)
                .addHeader("Authorization", bearer(ADMIN_TOKEN))
                // on the connection's event loop: messages are handled one at a time, in arrival order
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, m) -> messages.add(m))
                .connectAndAwait();
        JsonNode search = awaitFinished(id);
        JsonNode humanSearch = awaitFinished(human);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream()
                .anyMatch(m -> m.contains("\"type\":\"state\"") && m.contains("\"done\"")));
        ws.closeAndAwait();

        assertEquals("done", search.path("state").asText(), search.toString());
        assertEquals(3, search.path("iterations").size());
        JsonNode first = search.path("iterations").get(0).path("candidates");
        assertEquals(1, first.size());
        assertEquals("human", first.get(0).path("origin").asText());
        double humanFitness = humanSearch.path("best").path("fitness").asDouble();
        assertEquals(humanFitness, first.get(0).path("fitness").asDouble(), 0.0, "same reward, seed, budget");
        double best = search.path("best").path("fitness").asDouble();
        assertTrue(best >= humanFitness, best + " < " + humanFitness);
        for (int i = 1; i < 3; i++) {
            JsonNode candidates = search.path("iterations").get(i).path("candidates");
            assertEquals(2, candidates.size());
            for (JsonNode c : candidates)
                assertEquals("offline", c.path("origin").asText());
        }

        // the live stream: first the whole search, then every transition of every candidate, in order
        JsonNode hello = read(messages.get(0));
        assertEquals("search", hello.path("type").asText());
        assertEquals(id, hello.path("view").path("id").asText());
        Map<String, List<String>> states = new HashMap<>();
        long previous = 0;
        int metricRecords = 0;
        for (String m : messages) {
            JsonNode n = read(m);
            long seq = n.path("seq").asLong();
            assertTrue(seq > previous, "sequence numbers increase: " + seq + " after " + previous);
            previous = seq;
            if (n.path("type").asText().equals("candidate")) {
                states.computeIfAbsent(n.path("candidate").path("id").asText(), k -> new ArrayList<>())
                        .add(n.path("candidate").path("state").asText());
            }
            if (n.path("type").asText().equals("metrics"))
                metricRecords += n.path("records").size();
        }
        // candidates of iteration 0 may have moved before the socket was open; later ones are seen from the start
        for (int i = 1; i < 3; i++) {
            for (JsonNode c : search.path("iterations").get(i).path("candidates")) {
                List<String> seen = states.get(c.path("id").asText());
                assertNotNull(seen, "every candidate is announced");
                assertEquals(List.of("proposed", "queued", "training", "done"), dedupe(seen));
            }
        }
        assertTrue(metricRecords >= 4 * 40, "metric records of the later trainings: " + metricRecords);

        // a candidate of iteration 1: program, parent, diff, reflection, metrics per epoch
        String candidateId = search.path("iterations")
                .get(1)
                .path("candidates")
                .get(0)
                .path("id")
                .asText();
        JsonNode candidate =
                read(operator().get("/api/candidates/" + candidateId).asString());
        assertEquals(first.get(0).path("id").asText(), candidate.path("parent").asText());
        assertTrue(
                candidate.path("diff").asText().startsWith("--- parent"),
                candidate.path("diff").asText());
        assertTrue(candidate.path("reflection").asText().contains("task_fitness: ["));
        assertEquals(40, candidate.path("metrics").size());
        assertEquals(1, candidate.path("metrics").get(0).path("epoch").asInt());
        assertEquals(10, candidate.path("checkpoints").size());
        assertFalse(candidate.path("program").asText().isBlank());
        // where it trained (rewardsmith.training.device is auto): the GPU when the machine has one, else the CPU with
        // the reason (docs/gpu.md, Choosing the device)
        String device = candidate.path("device").asText();
        assertTrue(device.equals("cpu") || device.equals("gpu"), "device: " + device);
        if (device.equals("cpu")) {
            assertTrue(
                    candidate.path("deviceReason").asText().startsWith("GPU unavailable: "),
                    candidate.path("deviceReason").asText());
        }
        assertFalse(candidate.path("worker").asText().isBlank(), "who trained it");

        // finished searches refuse control; rejected candidates cannot be forked
        operator().post("/api/searches/" + id + "/pause").then().statusCode(409).body("reason", containsString("done"));
        // fork from a done candidate: a new search whose iteration 0 is that program
        String fork = operator()
                .body(Map.of("candidate", candidateId))
                .post("/api/searches/" + id + "/fork")
                .then()
                .statusCode(201)
                .body("forkedFrom", equalTo(id))
                .extract()
                .path("id");
        operator().post("/api/searches/" + fork + "/cancel").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "cancelled"
                .equals(operator().get("/api/searches/" + fork).then().extract().path("state")));
        // the list shows both, newest first, and filters
        viewer().get("/api/searches?task=cartpole&state=done&size=100")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItems(id, human));
        // each item carries what the list page shows, so the page reads no search's full view: R and the F of the
        // search's own human-initialized candidate (iteration 0's, the same F as the human reward's own search)
        JsonNode items = read(viewer().get("/api/searches?task=cartpole&state=done&size=100")
                        .asString())
                .path("items");
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                assertEquals(1, item.path("restarts").asInt(), item.toString());
                assertEquals(humanFitness, item.path("humanInitFitness").asDouble(), 0.0, item.toString());
            }
        }
    }

    static List<String> dedupe(List<String> states) {
        List<String> out = new ArrayList<>();
        for (String s : states) if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) out.add(s);
        return out;
    }

    @Test
    void searchWithRestartsEndsWithItsEvaluationThroughRest() {
        String id = create(body(
                "task",
                "cartpole",
                "proposer",
                "offline",
                "samples",
                2,
                "iterations",
                1,
                "restarts",
                2,
                "evalSeeds",
                2,
                "seed",
                4,
                "ppo",
                Map.of("totalTimesteps", 2560)));
        JsonNode s = awaitFinished(id);
        assertEquals("done", s.path("state").asText(), s.toString());
        // each restart is visible on its own
        assertEquals(2, s.path("iterations").size());
        assertEquals(0, s.path("iterations").get(0).path("restart").asInt());
        assertEquals(1, s.path("iterations").get(1).path("restart").asInt());
        JsonNode e = s.path("evaluation");
        for (String reward : List.of("best", "human", "sparse")) {
            assertEquals(2, e.path(reward).path("values").size(), reward);
            double a = e.path(reward).path("values").get(0).asDouble();
            double b = e.path(reward).path("values").get(1).asDouble();
            assertEquals((a + b) / 2, e.path(reward).path("mean").asDouble(), 1e-9, reward);
            assertEquals(
                    Math.abs(a - b) / Math.sqrt(2), e.path(reward).path("sd").asDouble(), 1e-9, reward);
        }
        double best = e.path("best").path("mean").asDouble();
        double human = e.path("human").path("mean").asDouble();
        double sparse = e.path("sparse").path("mean").asDouble();
        if (Math.abs(human - sparse) >= 1e-6) {
            assertEquals(
                    (best - sparse) / Math.abs(human - sparse), e.path("hns").asDouble(), 1e-9);
            assertEquals(
                    Math.max(0, Math.min(3, e.path("hns").asDouble())),
                    e.path("hnsClipped").asDouble(),
                    1e-12);
        } else {
            assertTrue(e.path("hns").isNull());
            assertTrue(e.path("hnsNote").asText().startsWith("undefined"));
        }
        assertTrue(e.has("correlation"));
        assertTrue(e.path("correlationSteps").asInt() > 0);
        assertEquals(
                s.path("best").path("candidate").asText(), e.path("candidate").asText());
        assertTrue(e.path("seconds").asDouble() > 0);
        assertTrue(e.path("bestFromScratch").isNull());
        // the list shows the human reward's F and the score
        JsonNode list = read(viewer().get("/api/searches?size=100").asString());
        boolean found = false;
        for (JsonNode item : list.path("items")) {
            if (item.path("id").asText().equals(id)) {
                found = true;
                assertEquals(human, item.path("humanFitness").asDouble(), 1e-12);
                assertEquals(2, item.path("restarts").asInt());
                assertTrue(item.path("humanInitFitness").isNull(), "no human-initialized candidate");
                // the last iteration is restart 1's iteration 0, with both of its candidates finished
                assertEquals(1, item.path("progress").path("restart").asInt());
                assertEquals(0, item.path("progress").path("iteration").asInt());
                assertEquals(2, item.path("progress").path("candidatesDone").asInt());
                assertEquals(2, item.path("progress").path("candidates").asInt());
            }
        }
        assertTrue(found);
    }

    @Test
    void badInputGetsAReason() {
        operator()
                .body(body("task", "nope"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("unknown task 'nope'"));
        operator()
                .body(body("task", "cartpole", "samples", 0))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("samples"));
        operator()
                .body(body("task", "cartpole", "samples", 65))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("samples"));
        operator()
                .body(body("task", "cartpole", "iterations", -1))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("iterations"));
        operator()
                .body(body("task", "cartpole", "ppo", Map.of("totalTimesteps", -5)))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("totalTimesteps"));
        operator()
                .body(body("task", "cartpole", "ppo", Map.of("numEnvz", 4)))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("unknown field 'numEnvz'"));
        operator()
                .body("{\"task\": \"cartpole\", ")
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", notNullValue());
        operator()
                .body(body(
                        "task",
                        "cartpole",
                        "humanInit",
                        true,
                        "program",
                        "double reward(CartPoleState s, Components c) { return s.x; }"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("program: rejected"));
        operator()
                .body(body("task", "cartpole", "selection", "best"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("selection"));
        operator()
                .body(body("task", "cartpole", "preference", Map.of("votes", 2)))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("preference"));
        operator()
                .body(body("task", "cartpole", "selection", "mixed", "preference", Map.of("weight", 2)))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("reason", containsString("weight"));
        operator()
                .get("/api/searches/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("reason", containsString("no search"));
        operator().get("/api/searches/not-an-id").then().statusCode(404);
        operator().get("/api/candidates/" + UUID.randomUUID()).then().statusCode(404);
        // a viewer may read but not create
        viewer().contentType(ContentType.JSON)
                .body(body("task", "cartpole"))
                .post("/api/searches")
                .then()
                .statusCode(403);
        given().get("/api/searches").then().statusCode(401);
    }

    @Test
    void sameIdempotencyKeyCreatesOneSearch() {
        String key = "create-" + UUID.randomUUID();
        Map<String, Object> request = body("task", "cartpole", "proposer", "human", "evalSeeds", 0, "ppo", SMALL_PPO);
        String a = operator()
                .header("Idempotency-Key", key)
                .body(request)
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String b = operator()
                .header("Idempotency-Key", key)
                .body(request)
                .post("/api/searches")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .extract()
                .path("id");
        assertEquals(a, b);
        awaitFinished(a);
    }

    @Test
    void rejectedCandidateCannotBeForkedAndAStoppedServiceResumesWithoutRetraining() throws Exception {
        // a search whose candidates each take a few seconds, stopped in the middle of iteration 0
        String id = create(body(
                "task",
                "cartpole",
                "proposer",
                "offline",
                "samples",
                3,
                "iterations",
                2,
                "seed",
                9,
                "ppo",
                Map.of("totalTimesteps", 40960)));
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode s = read(operator().get("/api/searches/" + id).asString());
                    JsonNode candidates = s.path("iterations").path(0).path("candidates");
                    boolean oneDone = false, oneTraining = false;
                    for (JsonNode c : candidates) {
                        oneDone |= c.path("state").asText().equals("done");
                        oneTraining |= c.path("state").asText().equals("training");
                    }
                    return oneDone && oneTraining;
                });
        service.stopAll();
        JsonNode stopped = read(operator().get("/api/searches/" + id).asString());
        List<String> doneBefore = new ArrayList<>();
        for (JsonNode c : stopped.path("iterations").path(0).path("candidates")) {
            if (c.path("state").asText().equals("done"))
                doneBefore.add(c.path("id").asText());
        }
        assertFalse(doneBefore.isEmpty());
        assertEquals("running", stopped.path("state").asText());

        service.startAll();
        JsonNode finished = awaitFinished(id);
        assertEquals("done", finished.path("state").asText());
        for (JsonNode iteration : finished.path("iterations")) {
            for (JsonNode c : iteration.path("candidates")) {
                String cid = c.path("id").asText();
                if (c.path("state").asText().equals("rejected")) {
                    operator()
                            .body(Map.of("candidate", cid))
                            .post("/api/searches/" + id + "/fork")
                            .then()
                            .statusCode(409)
                            .body("reason", containsString("no program"));
                    continue;
                }
                assertEquals("done", c.path("state").asText());
                int trainings = service.trainingsStarted(cid);
                assertTrue(
                        trainings == 1 || (trainings == 2 && stoppedWhileTraining(stopped, cid)),
                        "candidate " + cid + " started " + trainings + " trainings");
            }
        }
        for (String cid : doneBefore) assertEquals(1, service.trainingsStarted(cid), "finished before: never again");

        // a rejected candidate (as a model's unusable answer would be) has nothing to fork from
        dev.rewardsmith.search.Candidate rejected = new dev.rewardsmith.search.Candidate();
        rejected.id = UUID.randomUUID().toString();
        rejected.searchId = id;
        rejected.iteration = 1;
        rejected.round = 1;
        rejected.index = 99;
        rejected.origin = "offline";
        rejected.response = "I cannot write that reward.";
        rejected.proposedAt = java.time.Instant.now();
        journal.proposed(List.of(rejected));
        rejected.state = dev.rewardsmith.search.CandidateState.REJECTED;
        rejected.problems = List.of(
                new dev.rewardsmith.reward.Problem(dev.rewardsmith.reward.Stage.EXTRACT, 0, 0, "no program found"));
        journal.candidate(rejected);
        operator()
                .body(Map.of("candidate", rejected.id))
                .post("/api/searches/" + id + "/fork")
                .then()
                .statusCode(409)
                .body("reason", containsString("no program"));
        operator()
                .body(Map.of("candidate", UUID.randomUUID().toString()))
                .post("/api/searches/" + id + "/fork")
                .then()
                .statusCode(404);
        JsonNode view = read(operator().get("/api/candidates/" + rejected.id).asString());
        assertEquals("rejected", view.path("state").asText());
        assertEquals(
                "no program found", view.path("problems").get(0).path("message").asText());
    }

    /** Only a training interrupted by the stop is started a second time. */
    private static boolean stoppedWhileTraining(JsonNode stopped, String candidateId) {
        for (JsonNode c : stopped.path("iterations").path(0).path("candidates")) {
            if (c.path("id").asText().equals(candidateId))
                return c.path("state").asText().equals("training");
        }
        return false;
    }

    @Test
    void exportedBundleImportsAsANewSearchWithTheSameCandidates() throws Exception {
        String id = create(body(
                "task",
                "cartpole",
                "proposer",
                "offline",
                "samples",
                2,
                "iterations",
                2,
                "seed",
                3,
                "ppo",
                Map.of("totalTimesteps", 2560)));
        JsonNode original = awaitFinished(id);
        byte[] zip = viewer().get("/api/searches/" + id + "/export")
                .then()
                .statusCode(200)
                .contentType("application/zip")
                .extract()
                .asByteArray();
        List<String> entries = new ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.add(e.getName());
        }
        assertEquals(
                List.of(
                        "bundle.json",
                        "programs/0-0-0.java",
                        "programs/0-0-1.java",
                        "programs/0-1-0.java",
                        "programs/0-1-1.java"),
                entries);

        JsonNode imported = read(given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType("application/zip")
                .body(zip)
                .post("/api/searches/import")
                .then()
                .statusCode(201)
                .extract()
                .asString());
        assertFalse(imported.path("id").asText().equals(id));
        assertEquals("done", imported.path("state").asText());
        assertEquals(
                original.path("iterations").size(), imported.path("iterations").size());
        for (int i = 0; i < original.path("iterations").size(); i++) {
            JsonNode a = original.path("iterations").get(i).path("candidates");
            JsonNode b = imported.path("iterations").get(i).path("candidates");
            assertEquals(a.size(), b.size());
            for (int j = 0; j < a.size(); j++) {
                assertEquals(
                        a.get(j).path("fitness").asDouble(),
                        b.get(j).path("fitness").asDouble(),
                        0.0);
                assertFalse(
                        a.get(j).path("id").asText().equals(b.get(j).path("id").asText()));
                // who trained it: the server's own pool, kept by the bundle
                assertEquals("local", a.get(j).path("worker").asText());
                assertEquals("local", b.get(j).path("worker").asText());
            }
        }
        assertEquals(
                original.path("best").path("fitness").asDouble(),
                imported.path("best").path("fitness").asDouble(),
                0.0);
        String importedCandidate = imported.path("iterations")
                .get(1)
                .path("candidates")
                .get(0)
                .path("id")
                .asText();
        JsonNode c = read(operator().get("/api/candidates/" + importedCandidate).asString());
        assertEquals(
                imported.path("iterations").get(0).path("selected").asText(),
                c.path("parent").asText());
        assertEquals(10, c.path("metrics").size());
        // where it trained travels with the bundle (the test settings allow no GPU: cpu, no reason needed)
        assertEquals("cpu", c.path("device").asText(), c.toString());

        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType("application/zip")
                .body(new byte[] {1, 2, 3})
                .post("/api/searches/import")
                .then()
                .statusCode(400)
                .body("reason", containsString("bundle.json"));
        viewer().contentType("application/zip")
                .body(zip)
                .post("/api/searches/import")
                .then()
                .statusCode(403);
        viewer().get("/api/searches/" + UUID.randomUUID() + "/export").then().statusCode(404);
    }

    @Test
    void teamVotesOnPairedRolloutsOnceEachAndPreferencesFollow() throws Exception {
        String id = create(TestSearches.tinyCartpole(2, 1, 6));
        awaitFinished(id);
        // a token with the voter role
        String token = TestAccounts.createToken(ADMIN_TOKEN, "votes", "voter");
        RequestSpecification asVoter =
                given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
        JsonNode pair = read(asVoter.get("/api/searches/" + id + "/comparisons/next")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertFalse(pair.path("left").path("rollout").isNull(), pair.toString());
        assertFalse(pair.path("right").path("rollout").isNull(), pair.toString());
        assertFalse(pair.path("left")
                .path("candidate")
                .asText()
                .equals(pair.path("right").path("candidate").asText()));
        String cid = pair.path("id").asText();
        String url = "/api/searches/" + id + "/comparisons/" + cid + "/vote";

        // twenty identical votes at once: one live vote
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            puts.add(pool.submit(() -> given().header("Authorization", bearer(token))
                    .contentType(ContentType.JSON)
                    .body(Map.of("choice", "left", "comment", "smoother"))
                    .put(url)
                    .statusCode()));
        }
        for (var f : puts) assertEquals(200, f.get());
        pool.shutdown();
        JsonNode prefs =
                read(viewer().get("/api/searches/" + id + "/preferences").asString());
        String left = pair.path("left").path("candidate").asText();
        int total = 0;
        for (JsonNode p : prefs) {
            total += p.path("wins").asInt()
                    + p.path("losses").asInt()
                    + p.path("ties").asInt();
            if (p.path("candidate").asText().equals(left))
                assertEquals(1, p.path("wins").asInt());
        }
        assertEquals(2, total, "one live vote counted once for each side: " + prefs);
        // a second vote replaces the first; withdrawing removes it; voting again brings it back
        asVoter.body(Map.of("choice", "right")).put(url).then().statusCode(200).body("liveVotes", equalTo(1));
        asVoter.delete(url).then().statusCode(204);
        assertEquals(
                0,
                read(viewer().get("/api/searches/" + id + "/preferences").asString())
                        .size());
        asVoter.body(Map.of("choice", "tie")).put(url).then().statusCode(200).body("liveVotes", equalTo(1));
        JsonNode tie = read(viewer().get("/api/searches/" + id + "/preferences").asString());
        assertEquals(1, tie.get(0).path("ties").asInt());

        // bad input
        asVoter.body(Map.of("choice", "middle"))
                .put(url)
                .then()
                .statusCode(400)
                .body("reason", containsString("choice"));
        asVoter.body(Map.of("choice", "left", "comment", "x".repeat(2001)))
                .put(url)
                .then()
                .statusCode(400)
                .body("reason", containsString("comment"));
        String other = create(body("task", "cartpole", "proposer", "human", "evalSeeds", 0, "ppo", SMALL_PPO));
        asVoter.body(Map.of("choice", "left"))
                .put("/api/searches/" + other + "/comparisons/" + cid + "/vote")
                .then()
                .statusCode(404);
        viewer().contentType(ContentType.JSON)
                .body(Map.of("choice", "left"))
                .put(url)
                .then()
                .statusCode(403);
        awaitFinished(other);
    }

    @Test
    void aPreferenceSearchFollowsTheVoteForTheLowerFitnessCandidate() throws Exception {
        String id = create(TestSearches.tinyCartpole(
                2, 2, 8, "selection", "preference", "preference", Map.of("votes", 1, "timeoutSeconds", 300)));
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "awaiting-votes"
                        .equals(operator()
                                .get("/api/searches/" + id)
                                .then()
                                .extract()
                                .path("state")));
        JsonNode waiting = read(operator().get("/api/searches/" + id).asString());
        JsonNode first = waiting.path("iterations").get(0).path("candidates");
        // the candidate fitness would not pick: the lower F, or on a tie the later one
        JsonNode a = first.get(0);
        JsonNode b = first.get(1);
        String lowerId = (b.path("fitness").asDouble() <= a.path("fitness").asDouble() ? b : a)
                .path("id")
                .asText();
        String token = TestAccounts.createToken(ADMIN_TOKEN, "prefs", "voter");
        RequestSpecification asVoter =
                given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
        JsonNode pair = read(asVoter.get("/api/searches/" + id + "/comparisons/next")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        String side = pair.path("left").path("candidate").asText().equals(lowerId) ? "left" : "right";
        asVoter.body(Map.of("text", "the cart drifts less; keep its centring term"))
                .post("/api/candidates/" + lowerId + "/notes")
                .then()
                .statusCode(201);
        asVoter.body(Map.of("choice", side, "comment", "steadier pole"))
                .put("/api/searches/" + id + "/comparisons/" + pair.path("id").asText() + "/vote")
                .then()
                .statusCode(200);
        // iteration 2 waits for its vote too: any choice ends that wait
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var next = asVoter.get("/api/searches/" + id + "/comparisons/next");
                    if (next.statusCode() == 200
                            && read(next.asString()).path("iteration").asInt() == 1) {
                        asVoter.body(Map.of("choice", "left"))
                                .put("/api/searches/" + id + "/comparisons/" + next.path("id") + "/vote")
                                .then()
                                .statusCode(200);
                        return true;
                    }
                    return false;
                });
        JsonNode done = awaitFinished(id);
        assertEquals("done", done.path("state").asText(), done.toString());
        assertEquals(2, done.path("iterations").get(1).path("candidates").size());
        assertEquals(lowerId, done.path("iterations").get(0).path("selected").asText(), "the view shows the choice");
        assertEquals(
                lowerId,
                done.path("iterations")
                        .get(1)
                        .path("candidates")
                        .get(0)
                        .path("parent")
                        .asText());
        for (JsonNode c : done.path("iterations").get(1).path("candidates")) {
            JsonNode view = read(
                    operator().get("/api/candidates/" + c.path("id").asText()).asString());
            assertEquals(lowerId, view.path("parent").asText(), "the voted-for candidate is the parent");
        }
        String reflection = read(operator().get("/api/candidates/" + lowerId).asString())
                .path("reflection")
                .asText();
        assertTrue(
                reflection.contains("Team members preferred this candidate's rollouts in 1 of 1 comparisons"),
                reflection);
        assertTrue(reflection.contains("\"steadier pole\""), reflection);
        assertTrue(reflection.contains("- the cart drifts less; keep its centring term"), reflection);
        viewer().get("/api/candidates/" + lowerId + "/notes")
                .then()
                .statusCode(200)
                .body("[0].text", equalTo("the cart drifts less; keep its centring term"));
        viewer().contentType(ContentType.JSON)
                .body(Map.of("text", "x"))
                .post("/api/candidates/" + lowerId + "/notes")
                .then()
                .statusCode(403);
        asVoter.body(Map.of("text", ""))
                .post("/api/candidates/" + lowerId + "/notes")
                .then()
                .statusCode(400);
    }

    @Test
    void webSocketNeedsAViewerAndThisOrigin() {
        String id = UUID.randomUUID().toString();
        org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class,
                () -> connectors.get().baseUri(base).path("/ws/searches/" + id).connectAndAwait());
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> connectors
                .get()
                .baseUri(base)
                .path("/ws/searches/" + id)
                .addHeader("Authorization", bearer(ADMIN_TOKEN))
                .addHeader("Origin", "https://evil.example")
                .connectAndAwait());
    }
}
