package dev.rewardsmith.worker;

import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.api.TestSearches;
import dev.rewardsmith.work.SearchService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server in {@code broker} mode with worker processes on the real RabbitMQ (docs/architecture.md, Workers): the
 * live Workers stream, the worker named in exports, and a restart of the server while its workers train. Needs
 * RabbitMQ at {@link WorkerCluster#BROKER}: without it every test here fails, saying so.
 */
@QuarkusTest
@TestProfile(BrokerServerTest.BrokerMode.class)
class BrokerServerTest {

    public static class BrokerMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewardsmith.workers.mode", "broker", "rewardsmith.workers.broker-url", WorkerCluster.BROKER);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 400 epochs of cartpole's defaults (8 x 32 steps): a training spans several heartbeats. */
    private static final int LONG_TRAINING = 400 * 8 * 32;

    @Inject
    jakarta.enterprise.inject.Instance<BasicWebSocketConnector> connectors;

    @Inject
    SearchService service;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void broker() {
        WorkerCluster.requireBroker();
    }

    @BeforeEach
    void connect() {
        service.startAll(); // the broker's queue, again after the previous test closed it
    }

    /**
     * Closes this server's broker connection: the tests that run after this class in the same JVM (the plain
     * worker tests) must not find this server consuming their reports while its application stays up.
     */
    @AfterEach
    void disconnect() {
        service.stopAll();
    }

    @Test
    void theWorkersStreamAnnouncesAWorkerJoiningTrainingAndLostAndExportsNameIt() throws Exception {
        List<JsonNode> messages = Collections.synchronizedList(new ArrayList<>());
        WebSocketClientConnection ws = connectors
                .get()
                .baseUri(base)
                .path("/ws/workers")
                .addHeader("Authorization", bearer(TestAccounts.tokenOfNewUser("viewer")))
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, m) -> messages.add(read(m)))
                .connectAndAwait();
        try (WorkerCluster cluster = new WorkerCluster()) {
            await(
                    messages,
                    m -> m.path("type").asText().equals("workers")
                            && m.path("workers").isArray());
            assertEquals("workers", messages.getFirst().path("type").asText(), "the list comes first");
            Process worker = cluster.spawn("live-a", 1);
            JsonNode joined = await(
                    messages,
                    m -> isWorker(m, "live-a") && !m.path("worker").path("lost").asBoolean());
            assertEquals(1, joined.path("worker").path("concurrency").asInt());
            assertEquals(0, joined.path("worker").path("runningJobs").asInt());
            assertEquals(
                    Runtime.getRuntime().availableProcessors(),
                    joined.path("worker").path("cores").asInt());

            String operator = TestAccounts.tokenOfNewUser("operator");
            String id = TestSearches.create(
                    operator, TestSearches.tinyCartpole(1, 1, 5, "ppo", Map.of("totalTimesteps", LONG_TRAINING)));
            await(
                    messages,
                    m -> isWorker(m, "live-a")
                            && m.path("worker").path("runningJobs").asInt() == 1);
            TestSearches.awaitState(operator, id, Duration.ofMinutes(4), "done");
            await(
                    messages,
                    m -> isWorker(m, "live-a")
                            && m.path("worker").path("runningJobs").asInt() == 0);

            // the export names the worker of every trained candidate
            byte[] zip = given().header("Authorization", bearer(operator))
                    .get("/api/searches/" + id + "/export")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            JsonNode bundle = bundle(zip);
            assertEquals(1, bundle.path("candidates").size());
            for (JsonNode c : bundle.path("candidates"))
                assertEquals("live-a", c.path("worker").asText());

            // SIGSTOP: the worker lives but is silent; the stream says it is lost
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-STOP", String.valueOf(worker.pid()))
                            .start()
                            .waitFor());
            await(
                    messages,
                    m -> isWorker(m, "live-a") && m.path("worker").path("lost").asBoolean());
        } finally {
            ws.closeAndAwait();
        }
    }

    @Test
    void aServerRestartedWhileItsWorkersTrainKeepsTheirResultsAndTrainsNothingTwice() throws Exception {
        String operator = TestAccounts.tokenOfNewUser("operator");
        try (WorkerCluster cluster = new WorkerCluster()) {
            cluster.spawn("restart-db-a", 1);
            cluster.spawn("restart-db-b", 1);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> service.workers().stream()
                                    .filter(w -> w.name().startsWith("restart-db-") && !w.lost())
                                    .count()
                            == 2);
            // four trainings on two workers taking one job each: two train, two wait on the jobs queue
            String id = TestSearches.create(
                    operator, TestSearches.tinyCartpole(4, 1, 11, "ppo", Map.of("totalTimesteps", LONG_TRAINING)));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> states(operator, id).stream()
                                    .filter("training"::equals)
                                    .count()
                            == 2);
            service.stopAll(); // as a crash would: the loops and the broker connection go, the workers train on
            Thread.sleep(1_500);
            service.startAll();
            TestSearches.awaitState(operator, id, Duration.ofMinutes(5), "done");

            JsonNode search = read(given().header("Authorization", bearer(operator))
                    .get("/api/searches/" + id)
                    .asString());
            Set<String> expected = new HashSet<>();
            for (JsonNode c : search.path("iterations").get(0).path("candidates")) {
                assertEquals("done", c.path("state").asText());
                JsonNode full = read(given().header("Authorization", bearer(operator))
                        .get("/api/candidates/" + c.path("id").asText())
                        .asString());
                assertEquals(1, full.path("attempt").asInt(), "the restart made a new attempt");
                assertTrue(full.path("worker").asText().startsWith("restart-db-"), full.toString());
                expected.add("candidate " + c.path("id").asText() + ", attempt 1");
            }
            assertEquals(4, expected.size());
            List<String> started = WorkerCluster.trainingsStarted("restart-db-a", "restart-db-b");
            assertEquals(4, started.size(), "trainings started: " + started);
            assertEquals(expected, Set.copyOf(started));
        }
    }

    private static List<String> states(String token, String id) {
        JsonNode s = read(given().header("Authorization", bearer(token))
                .get("/api/searches/" + id)
                .asString());
        List<String> out = new ArrayList<>();
        for (JsonNode it : s.path("iterations")) {
            for (JsonNode c : it.path("candidates")) out.add(c.path("state").asText());
        }
        return out;
    }

    private static boolean isWorker(JsonNode m, String name) {
        return m.path("type").asText().equals("worker")
                && m.path("worker").path("name").asText().equals(name);
    }

    private static JsonNode await(List<JsonNode> messages, Predicate<JsonNode> wanted) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            synchronized (messages) {
                                return messages.stream()
                                        .filter(wanted)
                                        .findFirst()
                                        .orElse(null);
                            }
                        },
                        java.util.Objects::nonNull);
    }

    private static JsonNode bundle(byte[] zip) throws Exception {
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("bundle.json")) return JSON.readTree(in.readAllBytes());
            }
        }
        throw new AssertionError("no bundle.json in the export");
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
