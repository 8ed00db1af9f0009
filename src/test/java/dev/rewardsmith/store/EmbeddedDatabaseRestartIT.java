package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged application as a user would ({@code java -jar}, no database configured), writes through the
 * API, stops it, starts it again on the same data directory and reads the data back.
 */
class EmbeddedDatabaseRestartIT {

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
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "postgres");
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
