package dev.rewardsmith.propose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.llm.ChatClient;
import dev.rewardsmith.llm.Exchanges;
import dev.rewardsmith.llm.Prompts;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An llm search killed in the middle of a round, after some samples were received and stored but before the round
 * was journaled, resumes without asking the model again for the samples it has (docs/llm.md, "Resume"). The
 * restart is a new {@link SearchRun} and a new proposer over the same journal and the same stored exchanges, as
 * the server's restart does; the exchanges are matched by {@link Exchanges#received}, the server's code.
 */
class LlmResumeTest {

    /** The stored exchanges, surviving the "restart". */
    static final class StoredExchanges implements ExchangeLog {
        final List<Exchange> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void insert(Exchange exchange) {
            all.add(exchange);
        }

        @Override
        public Spent spent(String searchId) {
            synchronized (all) {
                return new Spent(
                        all.stream()
                                .mapToLong(e -> e.promptTokens() + e.completionTokens())
                                .sum(),
                        all.stream().mapToDouble(Exchange::cost).sum());
            }
        }

        @Override
        public List<Received> received(
                String searchId, int restart, int iteration, int round, List<ChatModel.Message> messages) {
            List<Exchange> ofRound;
            synchronized (all) {
                ofRound = all.stream()
                        .filter(e -> e.searchId().equals(searchId)
                                && e.restart() == restart
                                && e.iteration() == iteration
                                && e.round() == round)
                        .toList();
            }
            return Exchanges.received(ofRound, messages, FakeOpenAi.JSON);
        }

        long answered() {
            synchronized (all) {
                return all.stream().filter(e -> e.error() == null).count();
            }
        }
    }

    @Test
    void aRoundCutShortByARestartAsksOnlyForTheSamplesItLacks() throws Exception {
        TaskRegistry tasks = new TaskRegistry();
        Task task = tasks.find("cartpole").orElseThrow();
        RewardCompiler compiler = new RewardCompiler();
        // one completion per request (n ignored): the first two are answered, the third never is
        try (FakeOpenAi fake = new FakeOpenAi((n, body) -> n == 3
                        ? FakeOpenAi.Reply.hung()
                        : FakeOpenAi.Reply.json(
                                FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(n)), "stop", true)));
                InProcessTrainingQueue queue = new InProcessTrainingQueue(1, tasks, compiler)) {
            LlmConnection connection = new LlmConnection(
                    "fake",
                    fake.baseUrl(),
                    null,
                    null,
                    "fake-model",
                    1.0,
                    null,
                    LlmConnection.NPerRequest.NO,
                    Duration.ofSeconds(120),
                    4,
                    0,
                    false);
            SearchSpec spec = new SearchSpec(
                    task.id(),
                    ProposerKind.LLM,
                    3,
                    1,
                    1,
                    0,
                    7,
                    SelectionMode.FITNESS,
                    false,
                    null,
                    task.ppoDefaults().toBuilder().totalTimesteps(2560).build(),
                    null,
                    new SearchSpec.Llm(connection.name(), null, null, null, 0),
                    null,
                    null);
            InMemoryJournal journal = new InMemoryJournal();
            String id = UUID.randomUUID().toString();
            journal.create(id, spec);
            StoredExchanges stored = new StoredExchanges();
            String context = new ContextPruner().context(task);

            SearchRun first = run(id, task, context, connection, spec, compiler, queue, journal, stored);
            Thread thread = Thread.ofVirtual().start(first);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((stored.answered() < 2 || fake.requestCount() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, stored.answered(), "two samples received and stored before the kill");
            first.stop(); // the process dies: nothing more is journaled
            thread.join(10_000);
            assertTrue(journal.candidates(id).isEmpty(), "the round was not journaled before the kill");
            Set<String> before = stored.all.stream().map(Exchange::id).collect(Collectors.toSet());

            fake.script((n, body) ->
                    FakeOpenAi.Reply.json(FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(9.0)), "stop", true)));
            run(id, task, context, connection, spec, compiler, queue, journal, stored)
                    .run();

            assertEquals(SearchState.DONE, journal.state(id), journal.reason(id));
            // three before the kill (one hung), one after: only the missing sample was asked for
            assertEquals(4, fake.requestCount());
            List<Candidate> candidates = journal.candidates(id);
            assertEquals(3, candidates.size());
            assertTrue(candidates.stream().allMatch(c -> c.state == CandidateState.DONE));
            assertEquals(
                    2,
                    candidates.stream()
                            .filter(c -> before.contains(c.exchangeId))
                            .count());
            assertEquals(
                    List.of("1.0", "2.0", "9.0"),
                    candidates.stream()
                            .map(c -> c.response.replaceAll("(?s).*uprightTemperature = ([0-9.]+);.*", "$1"))
                            .sorted()
                            .toList());
            // each keeps the tokens of its own exchange
            assertTrue(candidates.stream().allMatch(c -> c.promptTokens == 400 && c.completionTokens == 100));
            assertTrue(candidates.get(0).summary.contains("received before a restart"), candidates.get(0).summary);
        }
    }

    private static SearchRun run(
            String id,
            Task task,
            String context,
            LlmConnection connection,
            SearchSpec spec,
            RewardCompiler compiler,
            InProcessTrainingQueue queue,
            InMemoryJournal journal,
            StoredExchanges stored) {
        LlmProposer proposer = new LlmProposer(
                id,
                connection,
                spec.llm(),
                ChatClient.standalone(FakeOpenAi.JSON, 1 << 20, Duration.ofMillis(10), Duration.ofMillis(100)),
                new Prompts(),
                stored,
                (p, c) -> 0,
                text -> switch (compiler.compile(text, task.stateType())) {
                    case CompileResult.Compiled compiled -> List.<Problem>of();
                    case CompileResult.Rejected rejected -> rejected.problems();
                },
                0);
        return new SearchRun(
                id,
                task,
                context,
                proposer,
                compiler,
                queue,
                journal,
                SearchEvents.none(),
                dev.rewardsmith.search.EvaluationCache.none(),
                null);
    }
}
