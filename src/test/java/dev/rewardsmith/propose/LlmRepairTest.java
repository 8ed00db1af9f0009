package dev.rewardsmith.propose;

import static dev.rewardsmith.propose.LlmSearchTest.admin;
import static dev.rewardsmith.propose.LlmSearchTest.body;
import static dev.rewardsmith.propose.LlmSearchTest.candidates;
import static dev.rewardsmith.propose.LlmSearchTest.connection;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Repair before training and the retry of a failed round (docs/llm.md, Repair), against a fake OpenAI-compatible
 * server: a rejected sample is repaired and trained, and a round where every sample was rejected is answered with
 * the failed answer quoted line by line.
 */
@QuarkusTest
class LlmRepairTest {

    /** A model's answer reading a field CartPoleState does not have, on line 5 of the answer. */
    static final String BAD_ANSWER =
            """
            I reward an upright pole.

            ```java
            double reward(CartPoleState s, Components c) {
                double upright = Math.exp(-4.0 * s.poleTilt * s.poleTilt);
                c.put("upright", upright);
                return upright;
            }
            ```""";

    static final String UNKNOWN = "unknown field s.poleTilt: CartPoleState has cartPosition, cartVelocity, poleAngle,"
            + " poleAngularVelocity, action, step, failed";

    static final String BAD_LINE = "double upright = Math.exp(-4.0 * s.poleTilt * s.poleTilt);";

    @Inject
    ObjectMapper json;

    JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    JsonNode awaitFinished(String id) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("done", "failed", "cancelled", "budget-exhausted")
                        .contains(admin().get("/api/searches/" + id)
                                .then()
                                .extract()
                                .path("state")));
        return read(admin().get("/api/searches/" + id).asString());
    }

    String search(String connection, Object... settings) {
        Map<String, Object> b = body(
                "task",
                "cartpole",
                "proposer",
                "llm",
                "connection",
                connection,
                "seed",
                3,
                "evalSeeds",
                0,
                "iterations",
                1,
                "ppo",
                LlmSearchTest.TINY_PPO);
        b.putAll(body(settings));
        return admin().body(b)
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void repairAttemptsOutOfRangeOrWithoutAModelIsABadRequestNamingTheField() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) ->
                FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(2.0)), "stop", true)))) {
            String conn = connection(fake);
            for (Object bad : List.of(6, -1)) {
                admin().body(body("task", "cartpole", "proposer", "llm", "connection", conn, "repairAttempts", bad))
                        .post("/api/searches")
                        .then()
                        .statusCode(400)
                        .body("field", equalTo("repairAttempts"));
            }
            admin().body(body("task", "cartpole", "proposer", "offline", "repairAttempts", 1))
                    .post("/api/searches")
                    .then()
                    .statusCode(400)
                    .body("reason", containsString("repairAttempts apply to the llm proposer only"));
            assertEquals(0, fake.requestCount());
        }
    }

    @Test
    void aRejectedSampleIsRepairedWithItsProblemQuotedAndTrained() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> {
            if (n == 1) {
                return FakeOpenAi.Reply.json(
                        FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(3.0), BAD_ANSWER), "stop", true));
            }
            return FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(5.0)), "stop", true));
        })) {
            String conn = connection(fake, "model", "priced-model");
            String id = search(conn, "samples", 2);
            JsonNode s = awaitFinished(id);
            assertEquals("done", s.path("state").asText(), s.toString());
            // one sampling exchange (n = 2), one repair exchange for the rejected sample, nothing more
            assertEquals(2, fake.requestCount());
            JsonNode repair = fake.requests.get(1).path("messages");
            assertEquals(4, repair.size());
            assertEquals(
                    fake.requests.get(0).path("messages").toString(), "[" + repair.get(0) + "," + repair.get(1) + "]");
            assertEquals("assistant", repair.get(2).path("role").asText());
            assertEquals(BAD_ANSWER, repair.get(2).path("content").asText());
            String ask = repair.get(3).path("content").asText();
            assertTrue(ask.startsWith("The reward program in your answer could not be used."), ask);
            assertTrue(ask.contains("\n    line 5: " + BAD_LINE + "\n"), ask);
            assertTrue(ask.contains("poleTilt"), ask);

            List<JsonNode> all = candidates(s);
            assertEquals(2, all.size());
            for (JsonNode c : all) assertEquals("done", c.path("state").asText(), c.toString());
            JsonNode repaired =
                    read(admin().get("/api/candidates/" + all.get(1).path("id").asText())
                            .asString());
            assertTrue(repaired.path("summary").asText().endsWith("; repaired in 1 exchange"), repaired.toString());
            assertTrue(repaired.path("response").asText().contains("uprightTemperature = 5.0"), repaired.toString());
            // tokens: half of the sampling exchange (400 prompt, 2 x 100 completion) plus the whole repair
            // exchange (400 prompt, 100 completion)
            assertEquals(200 + 400, repaired.path("promptTokens").asInt());
            assertEquals(100 + 100, repaired.path("completionTokens").asInt());
            // priced-model: 1000 per million prompt tokens, 2000 per million completion tokens
            // sampling: (400 x 1000 + 200 x 2000) / 1e6 = 0.8, half each; repair: (400 x 1000 + 100 x 2000) / 1e6
            assertEquals(0.4 + 0.6, repaired.path("cost").asDouble(), 1e-12);
            JsonNode untouched =
                    read(admin().get("/api/candidates/" + all.get(0).path("id").asText())
                            .asString());
            assertEquals(200, untouched.path("promptTokens").asInt());
            assertEquals(0.4, untouched.path("cost").asDouble(), 1e-12);
            assertEquals(1.4, s.path("usage").path("cost").asDouble(), 1e-12);
            assertEquals(800, s.path("usage").path("promptTokens").asLong());
            assertEquals(300, s.path("usage").path("completionTokens").asLong());
        }
    }

    @Test
    void aWholeFailedRoundIsAnsweredWithTheFailedAnswerQuoted() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> FakeOpenAi.Reply.json(
                FakeOpenAi.completion(List.of(n == 1 ? BAD_ANSWER : FakeOpenAi.modelAnswer(4.0)), "stop", true)))) {
            String conn = connection(fake);
            String id = search(conn, "samples", 1, "repairAttempts", 0);
            JsonNode s = awaitFinished(id);
            assertEquals("done", s.path("state").asText(), s.toString());
            assertEquals(2, fake.requestCount());
            List<JsonNode> all = candidates(s);
            assertEquals(2, all.size());
            JsonNode rejected =
                    read(admin().get("/api/candidates/" + all.get(0).path("id").asText())
                            .asString());
            assertEquals("rejected", rejected.path("state").asText());
            assertEquals(2, rejected.path("problems").size(), rejected.toString());

            JsonNode retry = fake.requests.get(1).path("messages");
            assertEquals(2, retry.size());
            String user = retry.get(1).path("content").asText();
            String expected = "None of the reward programs written from this message could be used. Each one is quoted"
                    + " below with numbered\nlines, then what went wrong.\n\ncandidate 0 was rejected. Its answer:\n"
                    + "1 | I reward an upright pole.\n"
                    + "2 | \n"
                    + "3 | ```java\n"
                    + "4 | double reward(CartPoleState s, Components c) {\n"
                    + "5 |     " + BAD_LINE + "\n"
                    + "6 |     c.put(\"upright\", upright);\n"
                    + "7 |     return upright;\n"
                    + "8 | }\n"
                    + "9 | ```\n"
                    + "Problems:\n"
                    // columns counted by hand: 4 spaces and "double upright = Math.exp(-4.0 * " are 37 characters
                    + "- 5:38 " + UNKNOWN + "\n"
                    + "    line 5: " + BAD_LINE + "\n"
                    + "- 5:51 " + UNKNOWN + "\n"
                    + "    line 5: " + BAD_LINE + "\n\n"
                    + "Fix these problems and write the reward program again.";
            assertTrue(user.endsWith("\n\n" + expected), user);
            assertEquals("done", all.get(1).path("state").asText());
            assertEquals(1, all.get(1).path("round").asInt(), all.get(1).toString());
        }
    }
}
