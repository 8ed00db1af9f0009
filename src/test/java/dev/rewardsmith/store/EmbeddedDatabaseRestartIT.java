package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged application as a user would ({@code java -jar}, no database configured), writes through the
 * API, stops it, starts it again on the same data directory and reads the data back.
 */
class EmbeddedDatabaseRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ADMIN_TOKEN = "restart-it-admin-token-0123456789abcdef";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void dataSurvivesARestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        int httpPort = freePort();
        int dbPort = freePort();
        String userName = "persist-" + UUID.randomUUID().toString().substring(0, 8);

        Process first = start(dataDir, httpPort, dbPort, 1);
        try {
            String created = send(
                    "POST",
                    httpPort,
                    "/api/users",
                    "{\"name\":\"" + userName + "\",\"password\":\"a-long-password\",\"role\":\"voter\"}",
                    ADMIN_TOKEN);
            assertTrue(created.contains("\"name\":\"" + userName + "\""), created);
            String secret = Files.readString(dataDir.resolve("db-secret")).strip();
            assertEquals(
                    java.util.Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dataDir.resolve("db-secret")),
                    "the database secret is readable by its owner only");
            assertThrows(
                    java.sql.SQLException.class,
                    () -> DriverManager.getConnection(
                                    "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "")
                            .close(),
                    "a password-less connection is refused");
            assertThrows(
                    java.sql.SQLException.class,
                    () -> DriverManager.getConnection(
                                    "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "postgres")
                            .close(),
                    "the old fixed password is refused");
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", secret);
                    ResultSet rs = c.createStatement().executeQuery("show synchronous_commit")) {
                rs.next();
                assertEquals("on", rs.getString(1), "the product default commits synchronously");
            }
        } finally {
            stop(first);
        }
        assertTrue(Files.exists(dataDir.resolve("pg/PG_VERSION")), "data lives in <data-dir>/pg");

        Process second = start(dataDir, httpPort, dbPort, 2);
        try {
            String users = send("GET", httpPort, "/api/users?size=200", null, ADMIN_TOKEN);
            assertTrue(users.contains("\"name\":\"" + userName + "\""), "user written before the restart: " + users);
        } finally {
            stop(second);
        }
    }

    /**
     * Issue 17's crash: {@code kill -9} of the server in the middle of a search, then an immediate restart on the
     * same data directory. The server comes back (the orphaned PostgreSQL is stopped, by the watchdog or at start),
     * the search finishes, and no training that had finished before the crash runs again.
     */
    @Test
    void killNineMidSearchAndImmediateRestartFinishesTheSearchWithoutRetraining(@TempDir Path dataDir)
            throws Exception {
        int httpPort = freePort();
        int dbPort = freePort();
        Process first = start(dataDir, httpPort, dbPort, 3);
        String searchId;
        Map<String, JsonNode> finishedBefore = new HashMap<>();
        try {
            JsonNode created = JSON.readTree(send(
                    "POST",
                    httpPort,
                    "/api/searches",
                    "{\"task\":\"cartpole\",\"proposer\":\"offline\",\"samples\":2,\"iterations\":4,"
                            + "\"seed\":5,\"evalSeeds\":0,\"ppo\":{\"totalTimesteps\":30000}}",
                    ADMIN_TOKEN));
            searchId = created.path("id").asText();
            long deadline = System.currentTimeMillis() + 180_000;
            while (finishedBefore.isEmpty()) {
                assertTrue(System.currentTimeMillis() < deadline, "no training finished within 180 s");
                JsonNode search = JSON.readTree(send("GET", httpPort, "/api/searches/" + searchId, null, ADMIN_TOKEN));
                assertFalse(search.path("state").asText().equals("done"), "the search must still be running");
                for (JsonNode it : search.path("iterations")) {
                    for (JsonNode c : it.path("candidates")) {
                        if (c.path("state").asText().equals("done")) {
                            String id = c.path("id").asText();
                            finishedBefore.put(
                                    id,
                                    JSON.readTree(send("GET", httpPort, "/api/candidates/" + id, null, ADMIN_TOKEN)));
                        }
                    }
                }
                Thread.sleep(100);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook runs
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Process second = start(dataDir, httpPort, dbPort, 4); // at once, as a supervisor would
        try {
            long deadline = System.currentTimeMillis() + 300_000;
            JsonNode search;
            do {
                assertTrue(System.currentTimeMillis() < deadline, "the search did not finish after the restart");
                Thread.sleep(500);
                search = JSON.readTree(send("GET", httpPort, "/api/searches/" + searchId, null, ADMIN_TOKEN));
            } while (!search.path("state").asText().equals("done"));
            for (Map.Entry<String, JsonNode> e : finishedBefore.entrySet()) {
                JsonNode after =
                        JSON.readTree(send("GET", httpPort, "/api/candidates/" + e.getKey(), null, ADMIN_TOKEN));
                assertEquals("done", after.path("state").asText());
                assertEquals(
                        e.getValue().path("attempt").asInt(),
                        after.path("attempt").asInt(),
                        "trained once");
                assertEquals(
                        e.getValue().path("startedAt").asText(),
                        after.path("startedAt").asText(),
                        "not restarted");
                assertEquals(
                        e.getValue().path("fitness").asDouble(),
                        after.path("fitness").asDouble(),
                        0.0);
            }
        } finally {
            stop(second);
        }
        assertFalse(Files.exists(dataDir.resolve("pg/postmaster.pid")), "PostgreSQL stopped with the server");
    }

    private Process start(Path dataDir, int httpPort, int dbPort, int run) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the application first (mvn verify does)");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/restart-it-run" + run + ".log").toFile());
        pb.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        pb.environment().put("REWARDSMITH_DATA_DIR", dataDir.toString());
        pb.environment().put("REWARDSMITH_EMBEDDED_DB_PORT", Integer.toString(dbPort));
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("REWARDSMITH_ADMIN_TOKEN", ADMIN_TOKEN);
        pb.environment().put("REWARDSMITH_ADMIN_PASSWORD", "restart-it-password");
        long t0 = System.nanoTime();
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive())
                throw new AssertionError(
                        "the application exited with " + p.exitValue() + "; see target/restart-it-run" + run + ".log");
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    System.out.printf("run %d ready in %.1f s%n", run, (System.nanoTime() - t0) / 1e9);
                    return p;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new AssertionError("the application did not become ready within 180 s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: Quarkus shuts down, then the hook stops PostgreSQL
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the application did not stop within 60 s");
        }
    }

    private String send(String method, int port, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
