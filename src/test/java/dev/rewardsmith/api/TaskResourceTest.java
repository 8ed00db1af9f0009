package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskResourceTest {

    private static RequestSpecification viewer() {
        return given().header("Authorization", bearer(TestAccounts.createToken(ADMIN_TOKEN, "viewer", "viewer")));
    }

    @Test
    void listsTheNineTasksInOrderWithTheirShapes() {
        viewer().get("/api/tasks")
                .then()
                .statusCode(200)
                .body(
                        "id[0..8]",
                        equalTo(java.util.List.of(
                                "cartpole",
                                "pendulum",
                                "mountain-car",
                                "acrobot",
                                "reacher",
                                "ball-balance",
                                "quadcopter",
                                "reorient",
                                "spin")))
                .body("[0].id", equalTo("cartpole"))
                .body("[0].observationSize", equalTo(4))
                .body("[0].action.type", equalTo("discrete"))
                .body("[0].action.n", equalTo(2))
                .body("[0].action.low", nullValue())
                .body("[0].episodeLength", equalTo(500))
                .body("[0].stateType", equalTo("CartPoleState"))
                .body("find { it.id == 'pendulum' }.action.type", equalTo("continuous"))
                .body("find { it.id == 'pendulum' }.action.low[0]", equalTo(-2.0f))
                .body("find { it.id == 'pendulum' }.action.high[0]", equalTo(2.0f));
    }

    /** Each task says whether it can run here; the MuJoCo robots can when the library is installed (as in CI). */
    @Test
    void listsAvailabilityWithTheReasonWhenUnavailable() {
        viewer().get("/api/tasks")
                .then()
                .statusCode(200)
                .body("find { it.id == 'cartpole' }.available", equalTo(true))
                .body("find { it.id == 'cartpole' }.unavailableReason", nullValue())
                .body("find { it.id == 'ant' }.available", equalTo(true))
                .body("find { it.id == 'ant' }.observationSize", equalTo(27))
                .body("find { it.id == 'humanoid' }.available", equalTo(true))
                .body("find { it.id == 'hopper' }.available", equalTo(true));
        viewer().get("/api/tasks/ant/preview?seed=1").then().statusCode(200).body("v.size()", equalTo(4));
    }

    @Test
    void detailsCarryThePpoDefaults() {
        Task cartpole = new TaskRegistry().find("cartpole").orElseThrow();
        viewer().get("/api/tasks/cartpole")
                .then()
                .statusCode(200)
                .body("ppoDefaults.numEnvs", equalTo(cartpole.ppoDefaults().numEnvs()))
                .body("ppoDefaults.totalTimesteps", equalTo((int)
                        cartpole.ppoDefaults().totalTimesteps()))
                .body("ppoDefaults.hidden", equalTo(cartpole.ppoDefaults().hidden()))
                .body("framesPerSecond", equalTo(cartpole.framesPerSecond()));
    }

    @Test
    void contextIsThePrunedSourceAndRewardsAreThePrograms() {
        String context = viewer().get("/api/tasks/cartpole/context")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/plain"))
                .extract()
                .asString();
        assertTrue(context.contains("class CartPoleState"), "the state view is in the context");
        assertTrue(context.contains("class CartPoleEnv"), "the dynamics are in the context");
        assertTrue(!context.contains("HiddenFromContext") && !context.contains("render("), "pruned: " + context);
        Task cartpole = new TaskRegistry().find("cartpole").orElseThrow();
        assertEquals(
                cartpole.humanReward(),
                viewer().get("/api/tasks/cartpole/human-reward")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertEquals(
                cartpole.sparseReward(),
                viewer().get("/api/tasks/cartpole/sparse-reward")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    @Test
    void previewIsTheFrameOfTheSeededInitialState() {
        Task cartpole = new TaskRegistry().find("cartpole").orElseThrow();
        var env = cartpole.createEnv(1, 42);
        env.reset(new float[cartpole.observationSize()]);
        env.loadStateView(0);
        Frame expected = cartpole.render(env.stateView());
        String body = viewer().get("/api/tasks/cartpole/preview?seed=42")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .extract()
                .asString();
        assertEquals(expected.toJson(), body);
        viewer().get("/api/tasks/cartpole/preview?seed=43").then().body(not(equalTo(body)));
        viewer().get("/api/tasks/cartpole/preview?seed=-1")
                .then()
                .statusCode(400)
                .body("reason", containsString("seed"));
    }

    @Test
    void unknownTasksAre404WithTheKnownIds() {
        viewer().get("/api/tasks/centipede")
                .then()
                .statusCode(404)
                .body("reason", containsString("no task 'centipede'"))
                .body("reason", containsString("cartpole"));
        viewer().get("/api/tasks/centipede/context").then().statusCode(404);
    }
}
