package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RewardProgramResourceTest {

    private static final String LLM_ANSWER =
            """
            Here is a reward that keeps the pole upright:

            ```java
            double reward(CartPoleState s, Components c) {
                double uprightTemperature = 4.0;
                double upright = Math.exp(-uprightTemperature * s.poleAngle * s.poleAngle);
                double centred = -0.1 * s.cartPosition * s.cartPosition;
                c.put("upright", upright);
                c.put("centred", centred);
                return upright + centred;
            }
            ```
            The temperature controls how sharply the bonus falls off.
            """;

    private static io.restassured.specification.RequestSpecification as(String role) {
        return given().header("Authorization", bearer(TestAccounts.createToken(ADMIN_TOKEN, role, role)))
                .contentType(ContentType.JSON);
    }

    @Test
    void aValidProgramComesBackNormalizedWithItsComponents() {
        as("operator")
                .body(Map.of("task", "cartpole", "source", LLM_ANSWER))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("components", equalTo(List.of("upright", "centred")))
                .body("program", containsString("double reward(CartPoleState s, Components c)"))
                .body("program", not(containsString("Here is")))
                .body("$", not(hasKey("problems")));
    }

    @Test
    void anIntegerDivisionComesBackWithItsFixHint() {
        String source =
                """
                double reward(CartPoleState s, Components c) {
                    double progress = s.step / 16;
                    c.put("progress", progress);
                    return progress;
                }
                """;
        as("operator")
                .body(Map.of("task", "cartpole", "source", source))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.size()", equalTo(1))
                .body("problems[0].stage", equalTo("validate"))
                .body("problems[0].line", equalTo(2))
                .body("problems[0].column", equalTo(23))
                .body(
                        "problems[0].message",
                        equalTo("integer division s.step / 16 drops the fraction (both operands are int); divide as"
                                + " double: s.step / 16.0"))
                .body("problems[0].hint", equalTo("divide as double: s.step / 16.0"));
        // a problem without a fix has no hint field
        as("operator")
                .body(Map.of(
                        "task",
                        "cartpole",
                        "source",
                        "double reward(CartPoleState s, Components c) { return" + " s.noSuchField; }"))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("problems[0]", not(hasKey("hint")));
    }

    @Test
    void aPastedProgramsProblemsCarryTheirHintInTheErrorBody() {
        as("operator")
                .body(Map.of(
                        "task",
                        "cartpole",
                        "proposer",
                        "human",
                        "program",
                        "double reward(CartPoleState s, Components c) {\n    return s.step / 16;\n}"))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("program"))
                .body("problems[0].line", equalTo(2))
                .body("problems[0].hint", equalTo("divide as double: s.step / 16.0"));
    }

    @Test
    void problemsComeWithStageLineAndColumn() {
        String source =
                """
                double reward(CartPoleState s, Components c) {
                    double x = s.poleAngle;
                    System.exit(1);
                    return s.noSuchField + x;
                }
                """;
        as("operator")
                .body(Map.of("task", "cartpole", "source", source))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("$", not(hasKey("program")))
                .body("problems[0].stage", equalTo("validate"))
                .body("problems[0].line", equalTo(3))
                .body("problems[0].column", equalTo(5))
                .body("problems[0].message", containsString("System.exit"))
                .body("problems.find { it.line == 4 }.message", containsString("noSuchField"));
    }

    @Test
    void theStateViewDependsOnTheTask() {
        as("operator")
                .body(Map.of("task", "pendulum", "source", LLM_ANSWER))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].message", containsString("PendulumState"));
    }

    @Test
    void badRequestsGetReasons() {
        as("operator")
                .body(Map.of("task", "centipede", "source", LLM_ANSWER))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(400)
                .body("reason", containsString("unknown task 'centipede'"));
        as("operator")
                .body(Map.of("task", "cartpole"))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(400)
                .body("reason", containsString("source: must not be null"));
        as("operator")
                .body(Map.of("task", "cartpole", "source", "x".repeat(70_000)))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(400)
                .body("reason", containsString("source: must be at most 64 KB"));
        as("viewer")
                .body(Map.of("task", "cartpole", "source", LLM_ANSWER))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(403);
    }
}
