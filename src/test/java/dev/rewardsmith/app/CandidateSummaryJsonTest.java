package dev.rewardsmith.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.Stage;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One candidate record serves the search view (with {@code round}) and the live stream (with {@code attempt}). */
class CandidateSummaryJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(VocabularyJson.module());

    private static Candidate candidate() {
        Candidate c = new Candidate();
        c.id = "c1";
        c.searchId = "s1";
        c.restart = 0;
        c.iteration = 1;
        c.round = 1;
        c.index = 2;
        c.parentId = "p";
        c.origin = "offline";
        c.summary = "tweak";
        c.state = CandidateState.REJECTED;
        c.attempt = 3;
        c.problems = List.of(new Problem(Stage.VALIDATE, 4, 7, "unknown name"));
        return c;
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void listedHasTheRoundAndNoAttempt() throws Exception {
        JsonNode node = json.valueToTree(SearchViews.CandidateSummary.listed(candidate()));
        assertEquals(
                List.of(
                        "id",
                        "restart",
                        "iteration",
                        "index",
                        "round",
                        "state",
                        "origin",
                        "summary",
                        "fitness",
                        "components",
                        "problem",
                        "failure",
                        "parent"),
                fields(node));
        assertEquals("rejected", node.get("state").asText());
        assertEquals("4:7 unknown name", node.get("problem").asText());
        assertEquals(1, node.get("round").asInt());
    }

    @Test
    void anUpdateHasTheAttemptAndNoRound() {
        JsonNode node = json.valueToTree(SearchViews.CandidateSummary.update(candidate()));
        assertEquals(
                List.of(
                        "id",
                        "restart",
                        "iteration",
                        "index",
                        "state",
                        "origin",
                        "summary",
                        "fitness",
                        "components",
                        "problem",
                        "failure",
                        "parent",
                        "attempt"),
                fields(node));
        assertEquals(3, node.get("attempt").asInt());
    }
}
