package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server whose MuJoCo library does not load (docs/tasks.md, "The binding"): it starts, lists the three robots
 * with {@code available: false} and the reason, shows their facts and context, answers their preview with 409
 * and a search on them with 400 (field {@code task}), and runs every other task as usual.
 */
@QuarkusTest
@TestProfile(MujocoUnavailableTest.MissingLibrary.class)
class MujocoUnavailableTest {

    static final String LIBRARY = "/nonexistent/libmujoco.so.2.2.2";
    static final String REASON = "the MuJoCo library " + LIBRARY
            + " (rewardsmith.mujoco.library) cannot be loaded: it does not exist or is not a shared library";

    /** The server with a MuJoCo library path where there is none. */
    public static class MissingLibrary implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewardsmith.mujoco.library", LIBRARY);
        }
    }

    @Test
    void theRobotsAreListedAsUnavailableWithTheReasonAndRefusedToRun() {
        String token = TestAccounts.createToken(ADMIN_TOKEN, "mujoco-less", "operator");
        given().header("Authorization", bearer(token))
                .get("/api/tasks")
                .then()
                .statusCode(200)
                .body("find { it.id == 'cartpole' }.available", equalTo(true))
                .body("find { it.id == 'cartpole' }.unavailableReason", nullValue())
                .body("find { it.id == 'ant' }.available", equalTo(false))
                .body("find { it.id == 'ant' }.unavailableReason", equalTo(REASON))
                .body("find { it.id == 'humanoid' }.available", equalTo(false))
                .body("find { it.id == 'humanoid' }.unavailableReason", equalTo(REASON))
                .body("find { it.id == 'hopper' }.available", equalTo(false))
                .body("find { it.id == 'hopper' }.unavailableReason", equalTo(REASON))
                .body("find { it.id == 'hopper' }.observationSize", equalTo(11));
        given().header("Authorization", bearer(token))
                .get("/api/tasks/ant")
                .then()
                .statusCode(200)
                .body("stateType", equalTo("AntState"));
        given().header("Authorization", bearer(token))
                .get("/api/tasks/ant/context")
                .then()
                .statusCode(200)
                .body(containsString("class AntState"));
        given().header("Authorization", bearer(token))
                .get("/api/tasks/hopper/preview?seed=1")
                .then()
                .statusCode(409)
                .body("reason", equalTo("hopper cannot run here: " + REASON));
        given().header("Authorization", bearer(token))
                .contentType(ContentType.JSON)
                .body(Map.of("task", "ant", "proposer", "offline", "samples", 1, "iterations", 1))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("task"))
                .body("reason", equalTo("task: 'ant' cannot run here: " + REASON));
        // the rest of the server is unaffected
        given().header("Authorization", bearer(token))
                .get("/api/tasks/cartpole/preview?seed=1")
                .then()
                .statusCode(200);
    }
}
