package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** One error body everywhere: {"reason", "field"?}; a word outside the vocabulary names its field and the words. */
@QuarkusTest
class ErrorBodyTest {

    private static io.restassured.response.ValidatableResponse create(String body) {
        return given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/searches")
                .then();
    }

    @Test
    void aWordOutsideTheVocabularyNamesItsFieldAndTheWords() {
        create("{\"task\":\"cartpole\",\"proposer\":\"bogus\"}")
                .statusCode(400)
                .body("field", equalTo("proposer"))
                .body("reason", equalTo("proposer: 'bogus' is not one of [offline, llm, replay, human]"));
        create("{\"task\":\"cartpole\",\"selection\":\"votes\"}")
                .statusCode(400)
                .body("field", equalTo("selection"))
                .body("reason", equalTo("selection: 'votes' is not one of [fitness, preference, mixed]"));
    }

    @Test
    void anUnknownFieldIsNamedAndMalformedJsonHasNoField() {
        create("{\"task\":\"cartpole\",\"sampels\":2}").statusCode(400).body("field", equalTo("sampels"));
        create("{\"task\":").statusCode(400).body("field", nullValue());
    }

    @Test
    void aRefusedPpoSettingIsItsField() {
        create("{\"task\":\"cartpole\",\"ppo\":{\"numEnvs\":1,\"numSteps\":1,\"numMinibatches\":1,"
                        + "\"totalTimesteps\":50000000}}")
                .statusCode(400)
                .body("field", equalTo("ppo.totalTimesteps"));
    }
}
