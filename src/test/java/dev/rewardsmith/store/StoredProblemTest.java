package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.Stage;
import org.junit.jupiter.api.Test;

/** A problem's fix hint survives the candidate row and the bundle; rows written before hints read as none. */
class StoredProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHintIsKeptAndAnOldRowHasNone() throws Exception {
        Problem p = new Problem(Stage.VALIDATE, 2, 23, "integer division", "divide as double: s.step / 16.0");
        String row = json.writeValueAsString(StoredProblem.of(p));
        assertEquals(p, json.readValue(row, StoredProblem.class).toProblem());
        StoredProblem old = json.readValue(
                "{\"stage\":\"validate\",\"line\":3,\"column\":9,\"message\":\"unknown field\"}", StoredProblem.class);
        assertNull(old.hint());
        assertEquals(new Problem(Stage.VALIDATE, 3, 9, "unknown field"), old.toProblem());
        assertNull(StoredProblem.of(new Problem(Stage.PARSE, 1, 1, "x")).hint());
    }
}
