package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.PluginJar;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user's own task as a plain jar (docs/tasks.md, Task SDK): the server started with the example plugin's jar
 * in {@code rewardsmith.tasks.plugin-dir} lists it like a built-in, serves its pruned context, and runs a search
 * on it over REST to the end.
 */
@QuarkusTest
@TestProfile(PluginTaskSearchTest.WithHeaterPlugin.class)
class PluginTaskSearchTest {

    /** The server with a plugin directory holding the example's jar, built before the server starts. */
    public static class WithHeaterPlugin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("task-plugins");
                PluginJar.build(dir);
                return Map.of("rewardsmith.tasks.plugin-dir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void thePluginTaskIsListedAndSearchedLikeABuiltIn() {
        String token = TestAccounts.createToken(ADMIN_TOKEN, "plugin-operator", "operator");
        given().header("Authorization", bearer(token))
                .get("/api/tasks")
                .then()
                .statusCode(200)
                .body("id", hasItem("heater"))
                .body("id[0]", equalTo("cartpole"))
                .body("find { it.id == 'heater' }.stateType", equalTo("HeaterState"))
                .body("find { it.id == 'heater' }.action.type", equalTo("continuous"))
                .body("find { it.id == 'heater' }.episodeLength", equalTo(120));
        String context = given().header("Authorization", bearer(token))
                .get("/api/tasks/heater/context")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(context.contains("class HeaterEnv"), context);
        assertFalse(context.contains("FITNESS_WINDOW"), context);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "heater");
        body.put("proposer", "offline");
        body.put("samples", 2);
        body.put("iterations", 1);
        body.put("seed", 3);
        body.put("evalSeeds", 1);
        body.put("ppo", Map.of("totalTimesteps", 3840));
        String id = TestSearches.create(token, body);
        TestSearches.awaitState(token, id, Duration.ofMinutes(4), "done", "failed");
        given().header("Authorization", bearer(token))
                .get("/api/searches/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("done"))
                .body("task", equalTo("heater"))
                .body("evaluation.human.mean", notNullValue())
                .body("evaluation.sparse.mean", notNullValue());
    }
}
