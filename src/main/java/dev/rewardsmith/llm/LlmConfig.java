package dev.rewardsmith.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The LLM settings of the server: the default connection (from {@code REWARDSMITH_LLM_BASE_URL},
 * {@code REWARDSMITH_LLM_API_KEY}, {@code REWARDSMITH_LLM_MODEL}), retry timing and the price table. See
 * docs/llm.md for each provider.
 */
@ConfigMapping(prefix = "rewardsmith.llm")
public interface LlmConfig {

    /** The connection searches use when they name none. */
    String DEFAULT_CONNECTION = "default";

    /** Base URL of an OpenAI-compatible API, up to but without {@code /chat/completions}; unset: no default. */
    Optional<String> baseUrl();

    /** Sent as {@code Authorization: Bearer <key>} (or as {@code api-key} with an api-version); unset: none. */
    Optional<String> apiKey();

    /** The model (for Azure OpenAI: any name; the deployment in the URL decides). */
    Optional<String> model();

    /** Azure OpenAI's {@code api-version} query parameter; set, the key goes in the {@code api-key} header. */
    Optional<String> apiVersion();

    /** Sampling temperature of the default connection (Eureka samples at 1.0). */
    @WithDefault("1.0")
    double temperature();

    /** {@code max_tokens} of each completion; unset: the server's default. */
    Optional<Integer> maxTokens();

    /** {@code n} per request: auto (ask, fall back to parallel requests if fewer come back), yes, no. */
    @WithDefault("auto")
    String nPerRequest();

    /** How long one request may take (local models are slow). */
    @WithDefault("120s")
    Duration timeout();

    /** Requests in flight at once on the default connection (over every search). */
    @WithDefault("4")
    int concurrency();

    /** Retries of a request after a 429, a 5xx, a timeout or a connection error. */
    @WithDefault("3")
    int maxRetries();

    /**
     * The largest response body read from a model endpoint (4 MiB); a larger one fails its exchange ("LLM response
     * too large") and is never buffered whole.
     */
    @WithDefault("4194304")
    int maxResponseBytes();

    /**
     * Repair exchanges per sample that fails extraction, parsing or validation, before it counts as rejected
     * (docs/llm.md, Repair); a search may set its own ({@code repairAttempts}). 0 turns repair off.
     */
    @WithDefault("2")
    int repairAttempts();

    /** Retry timing. */
    Retry retry();

    interface Retry {
        /** Wait before the first retry; doubled each time, with up to 50% jitter. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** The longest wait between two attempts, {@code Retry-After} included. */
        @WithDefault("60s")
        Duration maxBackoff();
    }

    /** Price per million tokens by model name, e.g. {@code rewardsmith.llm.prices."gpt-4o".prompt=2.5}. */
    Map<String, Price> prices();

    interface Price {
        /** Per million prompt tokens. */
        @WithDefault("0")
        double prompt();

        /** Per million completion tokens. */
        @WithDefault("0")
        double completion();
    }
}
