package dev.rewardsmith.propose;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.llm.ChatClient;
import dev.rewardsmith.llm.Exchanges;
import dev.rewardsmith.llm.Prompts;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.ProposerFailedException;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each protocol fault ends as docs/llm.md says, one proposer call at a time against the fake server. */
@QuarkusTest
class ProtocolFaultsTest {

    @Inject
    ChatClient chat;

    @Inject
    Prompts prompts;

    @Inject
    Exchanges store;

    @Inject
    TaskRegistry tasks;

    @Inject
    ContextPruner pruner;

    private String searchId;

    @BeforeEach
    void aSearchToCharge() {
        // exchanges belong to a search: any stored one will do
        searchId = given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("task", "cartpole", "proposer", "human", "ppo", Map.of("totalTimesteps", 2560)))
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static LlmConnection connection(FakeOpenAi fake, String model, String apiKey, String apiVersion) {
        return new LlmConnection(
                "faults-" + UUID.randomUUID(),
                fake.baseUrl(),
                apiKey,
                apiVersion,
                model,
                1.0,
                null,
                LlmConnection.NPerRequest.NO,
                Duration.ofMillis(500),
                2,
                2,
                false);
    }

    private List<Proposal> propose(LlmConnection c, double pricePrompt) throws Exception {
        Task task = tasks.find("cartpole").orElseThrow();
        ProposalRequest request = new ProposalRequest(
                task.id(),
                task.stateType(),
                pruner.context(task),
                task.description(),
                0,
                1,
                1L,
                null,
                List.of(),
                List.of(),
                searchId,
                0,
                0);
        LlmProposer proposer = new LlmProposer(
                searchId,
                c,
                new SearchSpec.Llm(c.name(), null, null, null),
                chat,
                prompts,
                store,
                (p, k) -> (p * pricePrompt + k * 2 * pricePrompt) / 1e6);
        try {
            return proposer.propose(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private Exchange exchange(Proposal p) {
        return store.find(UUID.fromString(p.exchangeId())).await().atMost(Duration.ofSeconds(10));
    }

    private static String ok() {
        return FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(2.0)), "stop", true);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterThenSucceeds() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> n == 1
                ? FakeOpenAi.Reply.status(429, Map.of("Retry-After", "1"), "{\"error\": \"slow down\"}")
                : FakeOpenAi.Reply.json(ok()))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            assertEquals(1, out.size());
            assertNull(out.get(0).failure());
            Exchange e = exchange(out.get(0));
            assertEquals(2, e.attempts());
            assertTrue(e.latencyMillis() >= 1000, "waited the second Retry-After asked: " + e.latencyMillis());
            assertEquals(2, fake.requestCount());
            assertEquals("null", fake.authorizations.get(0), "no key, no Authorization header");
        }
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> n == 1
                ? FakeOpenAi.Reply.status(500, Map.of(), "{\"error\": \"boom\"}")
                : FakeOpenAi.Reply.json(ok()))) {
            List<Proposal> out = propose(connection(fake, "fake-model", "k", null), 0);
            assertNull(out.get(0).failure());
            assertTrue(out.get(0).text().contains("```java"));
            assertEquals(2, exchange(out.get(0)).attempts());
            assertEquals(200, exchange(out.get(0)).status());
        }
    }

    @Test
    void serverErrorOnEveryAttemptFailsTheProposalWithTheStatus() throws Exception {
        try (FakeOpenAi fake =
                new FakeOpenAi((n, r) -> FakeOpenAi.Reply.status(503, Map.of(), "{\"error\": \"overloaded\"}"))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            // the endpoint's text is in the stored response (for operators), not in the failure everyone reads
            assertEquals("LLM unavailable: HTTP 503", out.get(0).failure());
            assertEquals("{\"error\": \"overloaded\"}", exchange(out.get(0)).response());
            assertEquals(3, fake.requestCount(), "the first attempt and two retries");
        }
    }

    @Test
    void malformedJsonFailsTheProposalAndKeepsTheRawBody() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json("<html>proxy error</html>"))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            assertEquals("LLM response is not valid JSON", out.get(0).failure());
            assertEquals("<html>proxy error</html>", exchange(out.get(0)).response());
            assertEquals(1, fake.requestCount(), "not retried");
        }
    }

    @Test
    void emptyChoicesFailTheProposalButTheirTokensAreCounted() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json(
                "{\"choices\": [], \"usage\": {\"prompt_tokens\": 300, \"completion_tokens\": 0}}"))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            assertEquals("LLM returned no choices", out.get(0).failure());
            assertEquals(300, out.get(0).promptTokens());
        }
    }

    @Test
    void finishReasonLengthKeepsTheTextAndSaysItWasCut() throws Exception {
        String cut = "Here is the reward:\n```java\ndouble reward(CartPoleState s, Components c) {\n    double a =";
        try (FakeOpenAi fake =
                new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(cut), "length", true)))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            assertNull(out.get(0).failure(), "the compiler decides: it is rejected there, raw text kept");
            assertEquals(cut, out.get(0).text());
            assertEquals(
                    "fake-model: cut off at max_tokens (finish_reason length)",
                    out.get(0).summary());
            assertEquals(List.of("length"), exchange(out.get(0)).finishReasons());
        }
    }

    @Test
    void missingUsageIsEstimatedFromTheCharacters() throws Exception {
        String answer = FakeOpenAi.modelAnswer(2.0);
        try (FakeOpenAi fake = new FakeOpenAi(
                (n, r) -> FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(answer), "stop", false)))) {
            List<Proposal> out = propose(connection(fake, "fake-model", null, null), 0);
            Exchange e = exchange(out.get(0));
            assertTrue(e.usageEstimated());
            assertEquals((answer.length() + 3) / 4, e.completionTokens());
            assertTrue(e.promptTokens() > 1000, "the pruned environment source is long: " + e.promptTokens());
        }
    }

    @Test
    void clientErrorIsNotRetriedAndARefusedKeyFailsTheSearch() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> n == 1
                ? FakeOpenAi.Reply.status(400, Map.of(), "{\"error\": \"context too long\"}")
                : FakeOpenAi.Reply.status(401, Map.of(), "{\"error\": \"bad key\"}"))) {
            LlmConnection c = connection(fake, "fake-model", "wrong", null);
            List<Proposal> out = propose(c, 0);
            assertEquals("LLM request refused: HTTP 400", out.get(0).failure());
            assertEquals(
                    "{\"error\": \"context too long\"}", exchange(out.get(0)).response());
            assertEquals(1, fake.requestCount());
            Exception e = assertThrows(Exception.class, () -> propose(c, 0));
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            assertTrue(cause instanceof ProposerFailedException, String.valueOf(cause));
            assertTrue(cause.getMessage().startsWith("LLM request refused: HTTP 401"), cause.getMessage());
            assertEquals(2, fake.requestCount());
        }
    }

    @Test
    void azureStyleConnectionSendsApiKeyAndApiVersionAndCostIsPriced() throws Exception {
        try (FakeOpenAi fake = new FakeOpenAi((n, r) -> FakeOpenAi.Reply.json(ok()))) {
            List<Proposal> out = propose(connection(fake, "fake-model", "azure-key", "2024-10-21"), 1000);
            assertEquals("azure-key", fake.apiKeys.get(0));
            assertEquals("null", fake.authorizations.get(0));
            assertEquals("/v1/chat/completions?api-version=2024-10-21", fake.uris.get(0));
            // 400 prompt tokens at 1000 per million, 100 completion tokens at 2000 per million
            assertEquals(0.6, exchange(out.get(0)).cost(), 1e-12);
        }
    }
}
