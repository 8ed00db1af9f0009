package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Labelled;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code webui/openapi.json}, from which the UI's API types are generated, equal to the document the server
 * serves at {@code /q/openapi} (see docs/architecture.md, API and live stream). Run with
 * {@code -Drewardsmith.openapi.write=true} to rewrite the file instead of comparing.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("webui", "openapi.json");

    static final String REFRESH = "./mvnw -B test -Dtest=OpenApiDocumentTest -Drewardsmith.openapi.write=true";

    /** Sorted keys, two-space indent, "key": value, one trailing newline: the same bytes for the same document. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @Test
    void theCommittedDocumentIsTheServedOne() throws IOException {
        JsonNode served = sorted(JSON.readTree(given().header("Authorization", bearer(ADMIN_TOKEN))
                .accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString()));
        String text = format(served);
        if (Boolean.getBoolean("rewardsmith.openapi.write")) {
            Files.writeString(COMMITTED, text, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(COMMITTED)) fail(COMMITTED + " is missing; write it with: " + REFRESH);
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED, StandardCharsets.UTF_8));
        if (!committed.equals(served)) {
            fail(COMMITTED + " differs from the server's /q/openapi (an API type changed); refresh it with: " + REFRESH
                    + " (then cd webui && npm run gen:api)");
        }
        assertEquals(text, Files.readString(COMMITTED, StandardCharsets.UTF_8), "format it with: " + REFRESH);
    }

    /** Every vocabulary enum is described by its labels, as app/VocabularyJson writes it, never its constants. */
    @Test
    void vocabularyIsDescribedByLabels() throws IOException {
        JsonNode schemas = JSON.readTree(given().header("Authorization", bearer(ADMIN_TOKEN))
                        .accept("application/json")
                        .get("/q/openapi?format=json")
                        .asString())
                .path("components")
                .path("schemas");
        for (Class<? extends Labelled> type :
                List.of(ProposerKind.class, SelectionMode.class, SearchState.class, CandidateState.class)) {
            JsonNode schema = schemas.path(type.getSimpleName());
            List<String> labels =
                    Arrays.stream(type.getEnumConstants()).map(Labelled::label).toList();
            List<String> described = StreamSupport.stream(schema.path("enum").spliterator(), false)
                    .map(JsonNode::asText)
                    .toList();
            assertEquals(labels, described, type.getSimpleName() + " in components.schemas");
        }
    }

    private static String format(JsonNode document) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        return JSON.writer(printer).writeValueAsString(document) + "\n";
    }

    /** A copy whose object keys are in alphabetical order at every depth. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) copy.set(name, sorted(node.get(name)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
