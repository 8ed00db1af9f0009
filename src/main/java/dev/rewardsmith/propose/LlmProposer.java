package dev.rewardsmith.propose;

import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.search.ProgramFailures;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.ProposerFailedException;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/**
 * The {@code llm} proposer of one search: K completions per round from an OpenAI-compatible endpoint, with
 * {@code n} per request where the endpoint honours it and parallel requests where it does not. Every exchange is
 * stored; its tokens are split over the proposals it yielded and counted against the search's budget, checked
 * before each request is sent. An exchange that yields nothing (timeout, malformed JSON, no choices) becomes
 * failed proposals with the reason, so the search goes on; a refused key or unknown endpoint fails the search.
 *
 * <p>A completion that fails extraction, parsing or validation gets up to {@code repairAttempts} repair exchanges
 * (docs/llm.md, Repair): the model sees its own answer and each problem with line:col, the line quoted and the fix
 * message, and answers again; the tokens and cost of every repair exchange are the candidate's.
 */
public final class LlmProposer implements Proposer {

    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private final String searchId;
    private final LlmConnection connection;
    private final String model;
    private final Long tokenBudget;
    private final Double costBudget;
    private final ChatModel chat;
    private final PromptBook prompts;
    private final ExchangeLog store;
    private final ToDoubleBiFunction<Integer, Integer> price;
    private final Function<String, List<Problem>> check;
    private final int repairAttempts;

    private boolean loaded;
    private long tokens;
    private double cost;

    /**
     * @param price the cost of (prompt tokens, completion tokens) for this search's model
     */
    public LlmProposer(
            String searchId,
            LlmConnection connection,
            SearchSpec.Llm settings,
            ChatModel chat,
            PromptBook prompts,
            ExchangeLog store,
            ToDoubleBiFunction<Integer, Integer> price) {
        this(searchId, connection, settings, chat, prompts, store, price, text -> List.of(), 0);
    }

    /**
     * @param price the cost of (prompt tokens, completion tokens) for this search's model
     * @param check the problems of a completion (extraction, parsing, validation); empty when it is usable
     * @param repairAttempts repair exchanges per rejected completion when the search's settings name none
     */
    public LlmProposer(
            String searchId,
            LlmConnection connection,
            SearchSpec.Llm settings,
            ChatModel chat,
            PromptBook prompts,
            ExchangeLog store,
            ToDoubleBiFunction<Integer, Integer> price,
            Function<String, List<Problem>> check,
            int repairAttempts) {
        this.check = check;
        this.repairAttempts = settings.repairAttempts() != null ? settings.repairAttempts() : repairAttempts;
        if (this.repairAttempts < 0) throw new IllegalArgumentException("repairAttempts must be >= 0");
        this.searchId = searchId;
        this.connection = connection;
        this.model = settings.model() != null ? settings.model() : connection.model();
        this.tokenBudget = settings.tokenBudget();
        this.costBudget = settings.costBudget();
        this.chat = chat;
        this.prompts = prompts;
        this.store = store;
        this.price = price;
    }

    @Override
    public String name() {
        return ProposerKind.LLM.label();
    }

    @Override
    public CompletionStage<List<Proposal>> propose(ProposalRequest request) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return proposeNow(request);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                },
                THREADS);
    }

    @Override
    public synchronized Optional<String> budgetExhausted() {
        load();
        if (tokenBudget != null && tokens >= tokenBudget) {
            return Optional.of("token budget of " + tokenBudget + " reached (" + tokens + " used)");
        }
        if (costBudget != null && cost >= costBudget) {
            return Optional.of(
                    String.format(Locale.ROOT, "cost budget of %.4f reached (%.4f spent)", costBudget, cost));
        }
        return Optional.empty();
    }

    private synchronized void load() {
        if (loaded || searchId == null) return;
        ExchangeLog.Spent spent = store.spent(searchId);
        tokens = spent.tokens();
        cost = spent.cost();
        loaded = true;
    }

    private synchronized void account(int promptTokens, int completionTokens, double exchangeCost) {
        tokens += promptTokens + completionTokens;
        cost += exchangeCost;
    }

    private List<Proposal> proposeNow(ProposalRequest r) throws InterruptedException {
        load();
        List<ChatModel.Message> messages = prompts.messages(r);
        List<Proposal> sampled = sample(r, messages);
        if (repairAttempts == 0) return sampled;
        List<Future<Proposal>> repairs = new ArrayList<>();
        for (Proposal p : sampled) repairs.add(THREADS.submit(() -> repaired(r, messages, p)));
        List<Proposal> out = new ArrayList<>();
        for (Future<Proposal> f : repairs) out.add(get(f));
        return out;
    }

    private static <T> T get(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ProposerFailedException failed) throw failed;
            if (e.getCause() instanceof InterruptedException interrupted) throw interrupted;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The proposal after up to {@code repairAttempts} repair exchanges while its text has problems. Each exchange
     * sends the first messages, the last answer and the repair request; its tokens and cost are added to the
     * proposal's. Stops early when the budget is spent or an exchange yields nothing; the last answer stays.
     */
    private Proposal repaired(ProposalRequest r, List<ChatModel.Message> messages, Proposal p)
            throws InterruptedException {
        if (p.failure() != null) return p;
        String text = p.text();
        List<Problem> problems = check.apply(text);
        int promptTokens = p.promptTokens();
        int completionTokens = p.completionTokens();
        double repairCost = 0;
        int used = 0;
        while (!problems.isEmpty() && used < repairAttempts) {
            List<ChatModel.Message> conversation = new ArrayList<>(messages);
            conversation.add(ChatModel.Message.assistant(text));
            conversation.add(ChatModel.Message.user(prompts.repair(ProgramFailures.problems(text, problems))));
            Batch b = exchange(r, conversation, null);
            if (b == null) break; // the budget is spent: the last answer is the candidate's
            used++;
            Proposal answer = b.proposals().get(0);
            promptTokens += answer.promptTokens();
            completionTokens += answer.completionTokens();
            repairCost += b.cost();
            if (answer.failure() != null || answer.text().isBlank()) break;
            text = answer.text();
            problems = check.apply(text);
        }
        if (used == 0) return p;
        String outcome = problems.isEmpty()
                ? "repaired in " + used + (used == 1 ? " exchange" : " exchanges")
                : "still rejected after " + used + (used == 1 ? " repair exchange" : " repair exchanges");
        String summary = p.summary().isEmpty() ? outcome : p.summary() + "; " + outcome;
        // the candidate keeps the exchange it was sampled in (its share of that cost); the repairs are its own
        return new Proposal(text, summary, promptTokens, completionTokens, null, p.exchangeId(), repairCost);
    }

    /**
     * The round's K samples: first those already received for this request before a restart (docs/llm.md,
     * "Resume"), then new ones for the rest.
     */
    private List<Proposal> sample(ProposalRequest r, List<ChatModel.Message> messages) throws InterruptedException {
        List<Proposal> out = new ArrayList<>();
        if (r.searchId() != null) {
            for (ExchangeLog.Received received :
                    store.received(r.searchId(), r.restart(), r.iteration(), r.round(), messages)) {
                List<ChatModel.Choice> choices = received.choices();
                for (int i = 0; i < choices.size() && out.size() < r.samples(); i++) {
                    out.add(new Proposal(
                            choices.get(i).text(),
                            model + ", received before a restart"
                                    + (choices.size() > 1 ? " (choice " + (i + 1) + " of " + choices.size() + ")" : ""),
                            share(received.promptTokens(), choices.size(), i),
                            share(received.completionTokens(), choices.size(), i),
                            null,
                            received.exchangeId()));
                }
            }
        }
        if (out.size() < r.samples()) out.addAll(sampleNew(r, messages, r.samples() - out.size()));
        return out;
    }

    private List<Proposal> sampleNew(ProposalRequest r, List<ChatModel.Message> messages, int k)
            throws InterruptedException {
        boolean askN = k > 1
                && (connection.nPerRequest() == LlmConnection.NPerRequest.YES
                        || (connection.nPerRequest() == LlmConnection.NPerRequest.AUTO && !chat.ignoresN(connection)));
        if (!askN) return parallel(r, messages, k);
        Batch first = exchange(r, messages, k);
        if (first == null) return List.of();
        List<Proposal> out = new ArrayList<>(first.proposals());
        int missing = k - out.size();
        if (missing > 0 && first.answered()) {
            // the endpoint ignored n: ask for the rest one by one, and stop asking this connection for n
            if (connection.nPerRequest() == LlmConnection.NPerRequest.AUTO) chat.markIgnoresN(connection);
            out.addAll(parallel(r, messages, missing));
        }
        return out;
    }

    /** {@code count} requests of one completion each, in parallel (the connection's limit applies). */
    private List<Proposal> parallel(ProposalRequest r, List<ChatModel.Message> messages, int count)
            throws InterruptedException {
        List<Future<Batch>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) futures.add(THREADS.submit(() -> exchange(r, messages, null)));
        List<Proposal> out = new ArrayList<>();
        for (Future<Batch> f : futures) {
            Batch b = get(f);
            if (b != null) out.addAll(b.proposals());
        }
        return out;
    }

    /** An exchange's proposals; {@code cost} is the exchange's whole cost. */
    private record Batch(List<Proposal> proposals, boolean answered, double cost) {}

    /** One exchange; null when it was not sent because the budget is spent. */
    private Batch exchange(ProposalRequest r, List<ChatModel.Message> messages, Integer n) throws InterruptedException {
        ChatModel.Request request = new ChatModel.Request(
                model, messages, connection.temperature(), connection.maxTokens(), n != null && n > 1 ? n : null);
        int expected = n == null ? 1 : n;
        Recorded[] recorded = new Recorded[1];
        ChatModel.Reply o;
        try {
            o = chat.complete(connection, request, () -> budgetExhausted().isEmpty(), outcome -> {
                recorded[0] = record(r, messages, outcome);
            });
        } catch (ChatModel.NotSent e) {
            return null;
        }
        Recorded rec = recorded[0];
        if (o.refused() && o.status() != null && List.of(401, 403, 404).contains(o.status())) {
            throw new ProposerFailedException(rec.error() + " (check the connection '" + connection.name() + "')");
        }
        List<Proposal> proposals = new ArrayList<>();
        if (rec.error() != null) {
            for (int i = 0; i < expected; i++) {
                proposals.add(Proposal.failed(
                        rec.error(),
                        "",
                        share(rec.promptTokens(), expected, i),
                        share(rec.completionTokens(), expected, i),
                        rec.id()));
            }
            return new Batch(proposals, false, rec.cost());
        }
        List<ChatModel.Choice> choices = rec.choices();
        for (int i = 0; i < choices.size(); i++) {
            ChatModel.Choice c = choices.get(i);
            String summary = "length".equals(c.finishReason())
                    ? model + ": cut off at max_tokens (finish_reason length)"
                    : model + (choices.size() > 1 ? ", choice " + (i + 1) + " of " + choices.size() : "");
            proposals.add(new Proposal(
                    c.text(),
                    summary,
                    share(rec.promptTokens(), choices.size(), i),
                    share(rec.completionTokens(), choices.size(), i),
                    null,
                    rec.id()));
        }
        return new Batch(proposals, true, rec.cost());
    }

    /** An exchange as stored and counted. */
    private record Recorded(
            String id,
            String error,
            List<ChatModel.Choice> choices,
            int promptTokens,
            int completionTokens,
            double cost) {}

    /** Stores the exchange and counts its tokens and cost. */
    private Recorded record(ProposalRequest r, List<ChatModel.Message> messages, ChatModel.Reply o) {
        String id = UUID.randomUUID().toString();
        String error = o.error();
        List<ChatModel.Choice> choices = List.of();
        if (o.answered()) {
            choices = o.choices();
            if (choices.isEmpty()) error = "LLM returned no choices";
        }
        int promptTokens = 0;
        int completionTokens = 0;
        boolean estimated = false;
        if (o.answered()) {
            ChatModel.Usage usage = o.usage();
            if (usage != null && usage.promptTokens() != null && usage.completionTokens() != null) {
                promptTokens = usage.promptTokens();
                completionTokens = usage.completionTokens();
            } else {
                // no usage reported: estimate (about four characters a token) so the budget still holds
                estimated = true;
                promptTokens = estimate(
                        messages.stream().mapToInt(m -> m.content().length()).sum());
                completionTokens = estimate(
                        choices.stream().mapToInt(c -> c.text().length()).sum());
            }
        }
        double exchangeCost = price.applyAsDouble(promptTokens, completionTokens);
        List<String> finishReasons = choices.stream()
                .map(c -> c.finishReason() == null ? "" : c.finishReason())
                .toList();
        store.insert(new Exchange(
                id,
                r.searchId(),
                r.restart(),
                r.iteration(),
                r.round(),
                connection.name(),
                model,
                o.requestBody(),
                o.rawResponse(),
                o.status(),
                error,
                choices.size(),
                finishReasons,
                promptTokens,
                completionTokens,
                estimated,
                exchangeCost,
                o.latencyMillis(),
                o.attempts(),
                Instant.now()));
        account(promptTokens, completionTokens, exchangeCost);
        return new Recorded(id, error, choices, promptTokens, completionTokens, exchangeCost);
    }

    /** The i-th of {@code parts} shares of {@code total}; the shares add up to the total. */
    static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    static int estimate(int chars) {
        return (chars + 3) / 4;
    }
}
