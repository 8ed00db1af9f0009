package dev.rewardsmith.store;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database of every {@code @QuarkusTest}: the product's own embedded PostgreSQL in a temporary directory, started
 * once per test JVM, so {@code ./mvnw verify} needs no database server. Give {@code REWARDSMITH_TEST_DATABASE_URL}
 * (e.g. {@code postgresql://127.0.0.1:5432/test}, user and password postgres unless
 * {@code REWARDSMITH_TEST_DATABASE_USER}/{@code _PASSWORD} say otherwise) to test against an external server instead.
 */
@QuarkusTestResource(value = TestDatabase.class, restrictToAnnotatedClass = false)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        String external = setting("REWARDSMITH_TEST_DATABASE_URL");
        if (external != null) {
            String url = external.replaceFirst("^jdbc:", "");
            return Map.of(
                    "quarkus.datasource.reactive.url",
                    url,
                    "quarkus.datasource.jdbc.url",
                    "jdbc:" + url,
                    "quarkus.datasource.username",
                    orDefault(setting("REWARDSMITH_TEST_DATABASE_USER"), "postgres"),
                    "quarkus.datasource.password",
                    orDefault(setting("REWARDSMITH_TEST_DATABASE_PASSWORD"), "postgres"));
        }
        EmbeddedDatabase db = embedded();
        return Map.of(
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.username(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        // the embedded database serves every test application of this JVM; a shutdown hook stops it
    }

    private static synchronized EmbeddedDatabase embedded() {
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("rewardsmith-test-db");
                embedded = EmbeddedDatabase.start(dir.resolve("pg"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedDatabase db = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "test-database-stop"));
        }
        return embedded;
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
