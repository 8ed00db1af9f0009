package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** GET /api/workers (docs/architecture.md, Workers): the default mode trains in process, listed as {@code local}. */
@QuarkusTest
class WorkerResourceTest {

    @Test
    void aViewerSeesTheLocalPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        given().header("Authorization", bearer(TestAccounts.tokenOfNewUser("viewer")))
                .get("/api/workers")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].name", equalTo("local"))
                .body("[0].cores", equalTo(cores))
                // rewardsmith.workers.trainings is 0 in the tests: one training per core
                .body("[0].concurrency", equalTo(cores))
                .body("[0].runningJobs", equalTo(0))
                .body("[0].lost", equalTo(false))
                .body("[0].lastHeartbeat", notNullValue());
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/workers").then().statusCode(401);
    }
}
