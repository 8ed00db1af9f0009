package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewardsmith.app.VocabularyJson;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.task.TaskRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The raw exchanges a bundle carries are written, read back and checked (docs/export.md, "Search bundles"). */
class BundleExchangesTest {

    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .registerModule(VocabularyJson.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Exchange exchange(String id) {
        return new Exchange(
                id,
                "s1",
                0,
                0,
                0,
                "default",
                "m",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"id\":\"chatcmpl-1\"}",
                200,
                null,
                1,
                List.of("stop"),
                400,
                100,
                false,
                0.0008,
                12,
                1,
                Instant.parse("2026-12-06T08:00:00Z"));
    }

    static SearchBundles.Bundle bundle(UnaryOperator<SearchBundles.BundleExchange> change, String candidateExchange) {
        TaskRegistry tasks = new TaskRegistry();
        var task = tasks.find("cartpole").orElseThrow();
        SearchSpec spec = new SearchSpec(
                "cartpole",
                ProposerKind.LLM,
                1,
                1,
                1,
                0,
                1,
                SelectionMode.FITNESS,
                false,
                null,
                task.ppoDefaults(),
                null,
                new SearchSpec.Llm("default", "m", null, null),
                null,
                null);
        Candidate c = new Candidate();
        c.id = UUID.randomUUID().toString();
        c.searchId = "s1";
        c.origin = "llm";
        c.summary = "";
        c.response = "text";
        c.state = CandidateState.REJECTED;
        c.exchangeId = candidateExchange;
        var search = new SearchBundles.BundleSearch(
                "s1",
                "cartpole",
                "llm",
                "fitness",
                "done",
                null,
                spec,
                OffsetDateTime.of(2026, 12, 6, 8, 0, 0, 0, ZoneOffset.UTC),
                "admin",
                null,
                null);
        return new SearchBundles.Bundle(
                SearchBundles.FORMAT,
                search,
                List.of(SearchBundles.candidate(c, List.of())),
                List.of(change.apply(SearchBundles.BundleExchange.of(exchange("e1")))));
    }

    static SearchBundles.Bundle read(SearchBundles.Bundle b) {
        return SearchBundles.read(SearchBundles.zip(b, JSON), id -> id.equals("cartpole"), JSON);
    }

    static String refusal(SearchBundles.Bundle b) {
        return assertThrows(SearchBundles.InvalidBundle.class, () -> read(b)).getMessage();
    }

    @Test
    void exchangesRoundTripWithTheirCandidate() {
        SearchBundles.Bundle back = read(bundle(e -> e, "e1"));
        assertEquals(1, back.exchanges().size());
        SearchBundles.BundleExchange e = back.exchanges().get(0);
        assertEquals(SearchBundles.BundleExchange.of(exchange("e1")).request(), e.request());
        assertEquals("{\"id\":\"chatcmpl-1\"}", e.response());
        assertEquals(400, e.promptTokens());
        assertEquals(100, e.completionTokens());
        assertEquals(0.0008, e.cost());
        assertEquals(List.of("stop"), e.finishReasons());
        assertEquals("e1", back.candidates().get(0).exchange());
        Exchange stored = e.toExchange("new", "s2", Instant.EPOCH);
        assertEquals("s2", stored.searchId());
        assertEquals(Instant.parse("2026-12-06T08:00:00Z"), stored.createdAt());
    }

    @Test
    void badExchangesAreRefusedWithTheReason() {
        assertEquals(
                "exchange e1: choices, tokens, cost, latency and attempts must be >= 0 (and finite)",
                refusal(bundle(e -> with(e, -1, e.cost(), e.request()), "e1")));
        assertEquals(
                "exchange e1: choices, tokens, cost, latency and attempts must be >= 0 (and finite)",
                refusal(bundle(e -> with(e, e.promptTokens(), -0.5, e.request()), "e1")));
        assertEquals(
                "every exchange needs an id, a connection, a model and its request",
                refusal(bundle(e -> with(e, e.promptTokens(), e.cost(), null), "e1")));
        assertEquals(
                "exchange e1: a request, response or error is longer than 4194304 characters",
                refusal(bundle(
                        e -> with(e, e.promptTokens(), e.cost(), "x".repeat(SearchBundles.MAX_EXCHANGE_TEXT + 1)),
                        "e1")));
        String missing = refusal(bundle(e -> e, "e2"));
        assertEquals(true, missing.endsWith("names exchange e2, which the bundle does not carry"), missing);
    }

    @Test
    void tooManyExchangesAreRefused() {
        SearchBundles.Bundle one = bundle(e -> e, null);
        List<SearchBundles.BundleExchange> many = new ArrayList<>(
                Collections.nCopies(SearchBundles.MAX_EXCHANGES + 1, SearchBundles.BundleExchange.of(exchange("e"))));
        SearchBundles.Bundle b = new SearchBundles.Bundle(one.format(), one.search(), one.candidates(), many);
        assertEquals("the bundle has 10001 exchanges; at most 10000", refusal(b));
    }

    private static SearchBundles.BundleExchange with(
            SearchBundles.BundleExchange e, int promptTokens, double cost, String request) {
        return new SearchBundles.BundleExchange(
                e.id(),
                e.restart(),
                e.iteration(),
                e.round(),
                e.connection(),
                e.model(),
                request,
                e.response(),
                e.status(),
                e.error(),
                e.choices(),
                e.finishReasons(),
                promptTokens,
                e.completionTokens(),
                e.usageEstimated(),
                cost,
                e.latencyMillis(),
                e.attempts(),
                e.createdAt());
    }
}
