package dev.rewardsmith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.llm.ChatClient;
import dev.rewardsmith.llm.Prompts;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.propose.ExchangeLog;
import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.propose.LlmProposer;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.SearchSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code llm} proposer on the command line (docs/llm.md, "Command line"): the connection comes from the same
 * {@code REWARDSMITH_LLM_*} variables the server reads for its default connection, {@code --base-url} and
 * {@code --model} override them; the API key is read from {@code REWARDSMITH_LLM_API_KEY} only (never a flag, never
 * printed). Budgets, repair and accounting are the server's: the same {@link LlmProposer} over the same client,
 * with the exchanges kept in memory instead of the database.
 */
final class CommandLineLlm {

    /** The options this adds to {@code search} and {@code bench}. */
    static final List<String> OPTIONS = List.of(
            "base-url", "model", "token-budget", "cost-budget", "repair-attempts", "price-prompt", "price-completion");

    static final String USAGE_LINES =
            """
              --base-url <url>      llm: the OpenAI-compatible endpoint, without /chat/completions
                                    (default: REWARDSMITH_LLM_BASE_URL)
              --model <name>        llm: the model (default: REWARDSMITH_LLM_MODEL); the API key is read from
                                    REWARDSMITH_LLM_API_KEY only
              --token-budget <n>    llm: stop the search once this many tokens are spent (default: no cap)
              --cost-budget <x>     llm: stop the search once this cost is spent (default: no cap)
              --repair-attempts <n> llm: repair exchanges per rejected sample, 0-5 (default 2)
              --price-prompt <x>    llm: price per million prompt tokens (default 0)
              --price-completion <x> llm: price per million completion tokens (default 0)""";

    final LlmConnection connection;
    final SearchSpec.Llm settings;
    final MemoryExchanges exchanges = new MemoryExchanges();
    private final double pricePrompt;
    private final double priceCompletion;
    private final int repairAttempts;
    private final ChatClient chat;
    private final Prompts prompts = new Prompts();

    private CommandLineLlm(
            LlmConnection connection,
            SearchSpec.Llm settings,
            double pricePrompt,
            double priceCompletion,
            int repairAttempts,
            int maxResponseBytes) {
        this.connection = connection;
        this.settings = settings;
        this.pricePrompt = pricePrompt;
        this.priceCompletion = priceCompletion;
        this.repairAttempts = repairAttempts;
        this.chat = ChatClient.standalone(
                new ObjectMapper(), maxResponseBytes, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /**
     * The connection and settings from the options and the environment.
     *
     * @throws IllegalArgumentException a usage error: a missing endpoint or model, or an unreadable value
     */
    static CommandLineLlm of(Map<String, String> options, Map<String, String> env) {
        String baseUrl = value(options.get("base-url"), env.get("REWARDSMITH_LLM_BASE_URL"));
        String model = value(options.get("model"), env.get("REWARDSMITH_LLM_MODEL"));
        if (baseUrl == null) {
            throw new IllegalArgumentException(
                    "--proposer llm needs an endpoint: pass --base-url or set REWARDSMITH_LLM_BASE_URL");
        }
        if (model == null) {
            throw new IllegalArgumentException(
                    "--proposer llm needs a model: pass --model or set REWARDSMITH_LLM_MODEL");
        }
        try {
            java.net.URI uri = java.net.URI.create(baseUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--base-url must be an http or https URL, got '" + baseUrl + "'");
        }
        LlmConnection connection = new LlmConnection(
                "command-line",
                baseUrl,
                value(null, env.get("REWARDSMITH_LLM_API_KEY")),
                value(null, env.get("REWARDSMITH_LLM_API_VERSION")),
                model,
                decimal(env, "REWARDSMITH_LLM_TEMPERATURE", 1.0),
                env.get("REWARDSMITH_LLM_MAX_TOKENS") == null ? null : whole(env, "REWARDSMITH_LLM_MAX_TOKENS", 0, 1),
                nPerRequest(env.get("REWARDSMITH_LLM_N_PER_REQUEST")),
                duration(env, "REWARDSMITH_LLM_TIMEOUT", Duration.ofSeconds(120)),
                whole(env, "REWARDSMITH_LLM_CONCURRENCY", 4, 1),
                whole(env, "REWARDSMITH_LLM_MAX_RETRIES", 3, 0),
                true);
        Long tokenBudget = options.containsKey("token-budget") ? (long) whole(options, "--token-budget", 0, 1) : null;
        Double costBudget = options.containsKey("cost-budget") ? decimal(options, "--cost-budget", 0) : null;
        if (costBudget != null && !(costBudget > 0)) throw new IllegalArgumentException("--cost-budget must be > 0");
        Integer repair = options.containsKey("repair-attempts") ? whole(options, "--repair-attempts", 0, 0) : null;
        SearchSpec.Llm settings = new SearchSpec.Llm(connection.name(), model, tokenBudget, costBudget, repair);
        double pricePrompt = decimal(options, "--price-prompt", 0);
        double priceCompletion = decimal(options, "--price-completion", 0);
        if (pricePrompt < 0 || priceCompletion < 0) throw new IllegalArgumentException("prices must be >= 0");
        return new CommandLineLlm(
                connection,
                settings,
                pricePrompt,
                priceCompletion,
                whole(env, "REWARDSMITH_LLM_REPAIR_ATTEMPTS", 2, 0),
                whole(env, "REWARDSMITH_LLM_MAX_RESPONSE_BYTES", 4 << 20, 1));
    }

    /** The proposer of one search of a task with this state type. */
    Proposer proposer(String searchId, Class<?> stateType, RewardCompiler compiler) {
        return new LlmProposer(
                searchId,
                connection,
                settings,
                chat,
                prompts,
                exchanges,
                (p, c) -> (p * pricePrompt + c * priceCompletion) / 1e6,
                text -> switch (compiler.compile(text, stateType)) {
                    case CompileResult.Compiled compiled -> List.<Problem>of();
                    case CompileResult.Rejected rejected -> rejected.problems();
                },
                repairAttempts);
    }

    /** One line: the exchanges of a search, their tokens and cost. */
    String summary(String searchId) {
        List<Exchange> list = exchanges.of(searchId);
        long prompt = list.stream().mapToLong(Exchange::promptTokens).sum();
        long completion = list.stream().mapToLong(Exchange::completionTokens).sum();
        double cost = Exchange.totalCost(list);
        long failed = list.stream().filter(e -> e.error() != null).count();
        boolean estimated = list.stream().anyMatch(Exchange::usageEstimated);
        return String.format(
                Locale.ROOT,
                "llm %s at %s: %d exchanges (%d failed), %,d tokens (%,d prompt + %,d completion%s), cost %.4f",
                settings.model(),
                connection.baseUrl(),
                list.size(),
                failed,
                prompt + completion,
                prompt,
                completion,
                estimated ? ", some estimated" : "",
                cost);
    }

    /** The exchanges of the searches run in this process, in memory. */
    static final class MemoryExchanges implements ExchangeLog {
        private final List<Exchange> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void insert(Exchange exchange) {
            all.add(exchange);
        }

        @Override
        public Spent spent(String searchId) {
            List<Exchange> list = of(searchId);
            return new Spent(
                    list.stream()
                            .mapToLong(e -> (long) e.promptTokens() + e.completionTokens())
                            .sum(),
                    Exchange.totalCost(list));
        }

        List<Exchange> of(String searchId) {
            synchronized (all) {
                return all.stream().filter(e -> e.searchId().equals(searchId)).toList();
            }
        }
    }

    private static String value(String flag, String env) {
        if (flag != null && !flag.isBlank()) return flag.strip();
        return env == null || env.isBlank() ? null : env.strip();
    }

    private static int whole(Map<String, String> source, String name, int fallback, int min) {
        String v = source.get(name.startsWith("--") ? name.substring(2) : name);
        if (v == null || v.isBlank()) return fallback;
        int n;
        try {
            n = Integer.parseInt(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
        if (n < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + n);
        return n;
    }

    private static double decimal(Map<String, String> source, String name, double fallback) {
        String v = source.get(name.startsWith("--") ? name.substring(2) : name);
        if (v == null || v.isBlank()) return fallback;
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
        }
    }

    private static LlmConnection.NPerRequest nPerRequest(String v) {
        try {
            return LlmConnection.NPerRequest.parse(v == null || v.isBlank() ? null : v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "REWARDSMITH_LLM_N_PER_REQUEST must be auto, yes or no, got '" + v + "'");
        }
    }

    /** {@code 120s}, {@code 2m}, {@code 500ms}, a number of seconds, or ISO-8601 ({@code PT2M}), as the server reads. */
    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        String t = v.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.matches("\\d{1,9}")) d = Duration.ofSeconds(Long.parseLong(t));
            else if (t.matches("\\d{1,9}ms")) d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            else if (t.matches("\\d{1,9}[smh]")) d = Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
            else d = Duration.parse(v.strip());
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException();
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 120s, got '" + v + "'");
        }
    }
}
