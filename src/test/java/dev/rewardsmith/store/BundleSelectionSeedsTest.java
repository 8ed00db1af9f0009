package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.SearchSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** A bundle carries the spec's selectionSeeds and the candidates' selectionScores; one written before, neither. */
class BundleSelectionSeedsTest {

    /** The bundle of {@link BundleExchangesTest} with S = 3 and a re-scored candidate, one of its seeds failed. */
    static SearchBundles.Bundle rescored() {
        SearchBundles.Bundle b = BundleExchangesTest.bundle(e -> e, "e1");
        SearchSpec spec = b.search().spec().withSelectionSeeds(3);
        var s = b.search();
        var search = new SearchBundles.BundleSearch(
                s.id(),
                s.task(),
                s.proposer(),
                s.selection(),
                s.state(),
                s.reason(),
                spec,
                s.createdAt(),
                s.createdBy(),
                s.bestCandidate(),
                s.bestFitness());
        Candidate c = new Candidate();
        c.id = b.candidates().get(0).id();
        c.searchId = "s1";
        c.origin = "llm";
        c.response = "text";
        c.exchangeId = "e1";
        c.selectionScores = Arrays.asList(0.5, 0.25, null);
        return new SearchBundles.Bundle(
                b.format(), search, List.of(SearchBundles.candidate(c, List.of())), b.exchanges());
    }

    @Test
    void selectionSeedsAndScoresRoundTrip() {
        SearchBundles.Bundle back = BundleExchangesTest.read(rescored());
        assertEquals(3, back.search().spec().selectionSeeds());
        assertEquals(Arrays.asList(0.5, 0.25, null), back.candidates().get(0).selectionScores());
    }

    @Test
    void aBundleWrittenBeforeSelectionSeedsReadsWithOneSeed() throws Exception {
        ObjectNode tree = BundleExchangesTest.JSON.valueToTree(rescored());
        ((ObjectNode) tree.path("search").path("spec")).remove("selectionSeeds");
        ((ObjectNode) tree.path("candidates").get(0)).remove("selectionScores");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(SearchBundles.BUNDLE));
            zip.write(BundleExchangesTest.JSON.writeValueAsBytes(tree));
            zip.closeEntry();
        }
        SearchBundles.Bundle back =
                SearchBundles.read(bytes.toByteArray(), id -> id.equals("cartpole"), BundleExchangesTest.JSON);
        assertEquals(1, back.search().spec().selectionSeeds());
        assertNull(back.candidates().get(0).selectionScores());
        // and a spec with S = 1 writes and reads back as 1 (the server's stored specs go the same way)
        SearchSpec one = back.search().spec();
        assertEquals(
                1,
                BundleExchangesTest.JSON
                        .readValue(BundleExchangesTest.JSON.writeValueAsString(one), SearchSpec.class)
                        .selectionSeeds());
    }
}
