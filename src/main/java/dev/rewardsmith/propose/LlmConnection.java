package dev.rewardsmith.propose;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one OpenAI-compatible Chat Completions endpoint. The API key lives here in clear only in memory;
 * it is stored encrypted and never leaves the server.
 *
 * @param name the name searches use
 * @param baseUrl up to but without {@code /chat/completions} (e.g. {@code https://api.openai.com/v1})
 * @param apiKey the key; null when the endpoint needs none (most local servers)
 * @param apiVersion Azure OpenAI's {@code api-version}; set, the key is sent as {@code api-key}, else as a bearer
 * @param model the model asked when the search names none
 * @param temperature sampling temperature
 * @param maxTokens {@code max_tokens} per completion; null for the server's default
 * @param nPerRequest whether to ask for several completions per request
 * @param timeout how long one request may take
 * @param concurrency requests in flight at once over every search
 * @param maxRetries retries after a 429, a 5xx, a timeout or a connection error
 * @param configured true for the default connection from configuration (not editable through the API)
 */
public record LlmConnection(
        String name,
        String baseUrl,
        String apiKey,
        String apiVersion,
        String model,
        double temperature,
        Integer maxTokens,
        NPerRequest nPerRequest,
        Duration timeout,
        int concurrency,
        int maxRetries,
        boolean configured) {

    /** Whether one request asks for several completions ({@code n}). */
    public enum NPerRequest {
        /** Ask for n; when fewer come back, send the rest as parallel requests and stop asking. */
        AUTO,
        YES,
        /** One completion per request, requests in parallel (e.g. servers that ignore n). */
        NO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static NPerRequest parse(String label) {
            return switch (label == null ? "auto" : label.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "yes", "true" -> YES;
                case "no", "false" -> NO;
                default -> throw new IllegalArgumentException("nPerRequest must be auto, yes or no");
            };
        }
    }

    public LlmConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(nPerRequest, "nPerRequest");
        Objects.requireNonNull(timeout, "timeout");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
    }

    /** Everything but the key, which only says whether there is one: a connection may end up in a log line. */
    @Override
    public String toString() {
        return "LlmConnection[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", apiVersion=" + apiVersion + ", model=" + model + ", temperature=" + temperature + ", maxTokens="
                + maxTokens + ", nPerRequest=" + nPerRequest + ", timeout=" + timeout + ", concurrency="
                + concurrency + ", maxRetries=" + maxRetries + ", configured=" + configured + "]";
    }

    /** Whether {@code other} points at the same origin (scheme, host and port) as {@code baseUrl}. */
    public boolean sameOrigin(String other) {
        return origin(baseUrl).equals(origin(other));
    }

    private static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
            String host = u.getHost() == null ? String.valueOf(u.getRawAuthority()) : u.getHost();
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return "unparseable:" + url;
        }
    }
}
