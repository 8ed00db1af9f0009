package dev.rewardsmith.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.propose.ChatModel;
import dev.rewardsmith.propose.LlmConnection;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Sends Chat Completions requests with a connection's limits: at most {@code concurrency} in flight per
 * connection (over every search), a timeout per attempt, and retries with exponential backoff and jitter after a
 * 429, a 5xx, a timeout or a connection error ({@code Retry-After} honoured); other 4xx are not retried. A response
 * body is read up to {@code rewardsmith.llm.max-response-bytes}; a larger one fails the exchange unread. The error
 * of a failed exchange names the status only: the endpoint's own text stays in the stored response, which only
 * operators read (see docs/architecture.md, Security). Blocking: callers run on virtual threads. The command line
 * makes one with {@link #standalone} (the JDK's HTTP client instead of the Quarkus REST client).
 */
@ApplicationScoped
public class ChatClient implements ChatModel {

    /** The reason of a request that timed out on every attempt. */
    public static final String TIMEOUT = "LLM timeout";

    /** The reason of a response larger than the limit (followed by the limit). */
    public static final String TOO_LARGE = "LLM response too large";

    /** A body over the limit: it was not read further. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    @Inject
    LlmConfig config;

    @Inject
    ObjectMapper json;

    private record Endpoint(String baseUrl, Duration timeout) {}

    /**
     * One HTTP attempt as read: the status, the {@code Retry-After} header (null when absent) and the body (null
     * when there was none); {@code tooLarge} when the body was over the limit (then it was not read).
     */
    record Attempt(int status, String retryAfter, String body, boolean tooLarge) {}

    /** Sends one attempt: through the Quarkus REST client in the server, through the JDK's client headless. */
    interface Transport {
        /**
         * @throws java.util.concurrent.TimeoutException when no answer came within the connection's timeout
         * @throws RuntimeException when the endpoint cannot be reached (its message is the reason)
         */
        Attempt post(LlmConnection c, String bearer, String azureKey, String body, int maxBytes)
                throws java.util.concurrent.TimeoutException, InterruptedException;
    }

    private Transport transport = this::postWithRestClient;

    /** Settings of a client made outside the server ({@link #standalone}); null in the server (config is read). */
    private Integer standaloneMaxBytes;

    private Duration standaloneInitialBackoff;
    private Duration standaloneMaxBackoff;

    /**
     * A client for the command line (no server, no CDI): the same limits, retries and accounting, over the JDK's
     * HTTP client. The settings are those of {@link LlmConfig} with the same defaults.
     */
    public static ChatClient standalone(
            ObjectMapper json, int maxResponseBytes, Duration initialBackoff, Duration maxBackoff) {
        ChatClient c = new ChatClient();
        c.json = json;
        c.standaloneMaxBytes = maxResponseBytes;
        c.standaloneInitialBackoff = initialBackoff;
        c.standaloneMaxBackoff = maxBackoff;
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        c.transport = (connection, bearer, azureKey, body, maxBytes) ->
                postWithJdk(http, connection, bearer, azureKey, body, maxBytes);
        return c;
    }

    private int maxResponseBytes() {
        return standaloneMaxBytes != null ? standaloneMaxBytes : config.maxResponseBytes();
    }

    private Attempt postWithRestClient(LlmConnection c, String bearer, String azureKey, String body, int maxBytes)
            throws java.util.concurrent.TimeoutException {
        RestResponse<java.io.InputStream> response;
        try {
            response = api(c).complete(bearer, azureKey, c.apiVersion(), body)
                    .ifNoItem()
                    .after(c.timeout())
                    .fail()
                    .await()
                    .indefinitely();
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new java.util.concurrent.TimeoutException(TIMEOUT);
        }
        int status = response.getStatus();
        String retryAfter = response.getHeaderString("Retry-After");
        try {
            return new Attempt(status, retryAfter, text(response, maxBytes), false);
        } catch (TooLarge e) {
            return new Attempt(status, retryAfter, null, true);
        }
    }

    private static Attempt postWithJdk(
            java.net.http.HttpClient http, LlmConnection c, String bearer, String azureKey, String body, int maxBytes)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        String url = c.baseUrl() + "/chat/completions"
                + (c.apiVersion() == null
                        ? ""
                        : "?api-version="
                                + java.net.URLEncoder.encode(c.apiVersion(), java.nio.charset.StandardCharsets.UTF_8));
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(url))
                .timeout(c.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) request.header("Authorization", bearer);
        if (azureKey != null) request.header("api-key", azureKey);
        try {
            java.net.http.HttpResponse<java.io.InputStream> response =
                    http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (java.io.InputStream in = response.body()) {
                if (length > maxBytes) return new Attempt(status, retryAfter, null, true);
                return new Attempt(status, retryAfter, read(in, maxBytes), false);
            } catch (TooLarge e) {
                return new Attempt(status, retryAfter, null, true);
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new java.util.concurrent.TimeoutException(TIMEOUT);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final Map<Endpoint, ChatCompletionsApi> apis = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> limits = new ConcurrentHashMap<>();

    /** Connections seen answering fewer completions than the {@code n} asked (auto mode): asked one by one. */
    private final java.util.Set<String> ignoringN = ConcurrentHashMap.newKeySet();

    @Override
    public boolean ignoresN(LlmConnection c) {
        return ignoringN.contains(c.name() + "|" + c.baseUrl());
    }

    @Override
    public void markIgnoresN(LlmConnection c) {
        ignoringN.add(c.name() + "|" + c.baseUrl());
    }

    void onStop(@Observes ShutdownEvent event) {
        apis.values().forEach(ChatCompletionsApi::close);
        apis.clear();
    }

    @Override
    public Reply complete(
            LlmConnection connection,
            ChatModel.Request request,
            BooleanSupplier mayStart,
            java.util.function.Consumer<Reply> settle)
            throws NotSent, InterruptedException {
        String body = write(ChatProtocol.Request.of(request));
        Semaphore limit = limits.computeIfAbsent(
                connection.name() + "|" + connection.concurrency(), k -> new Semaphore(connection.concurrency(), true));
        String bearer =
                connection.apiKey() == null || connection.apiVersion() != null ? null : "Bearer " + connection.apiKey();
        String azureKey = connection.apiVersion() == null ? null : connection.apiKey();
        long started = System.nanoTime();
        String error = null;
        String raw = null;
        Integer status = null;
        int attempts = 0;
        for (int attempt = 0; attempt <= connection.maxRetries(); attempt++) {
            Duration retryAfter = null;
            limit.acquire();
            try {
                if (!mayStart.getAsBoolean()) {
                    if (attempts == 0) throw new NotSent();
                    break;
                }
                attempts++;
                Attempt response = transport.post(connection, bearer, azureKey, body, maxResponseBytes());
                status = response.status();
                if (response.tooLarge()) {
                    Reply tooLarge = new Reply(
                            body,
                            null,
                            null,
                            null,
                            status,
                            TOO_LARGE + ": over " + maxResponseBytes() + " bytes (HTTP " + status + ")",
                            false,
                            attempts,
                            millisSince(started));
                    settle.accept(tooLarge);
                    return tooLarge;
                }
                raw = response.body();
                if (status >= 200 && status < 300) {
                    Reply answered = read(body, raw, status, attempts, started);
                    settle.accept(answered);
                    return answered;
                }
                if (status != 429 && status < 500) {
                    Reply refused = new Reply(
                            body,
                            null,
                            null,
                            raw,
                            status,
                            "LLM request refused: HTTP " + status,
                            true,
                            attempts,
                            millisSince(started));
                    settle.accept(refused);
                    return refused;
                }
                error = "LLM unavailable: HTTP " + status;
                retryAfter = retryAfter(response.retryAfter());
            } catch (java.util.concurrent.TimeoutException e) {
                error = TIMEOUT;
                status = null;
                raw = null;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
                String message = rootMessage(e);
                error = message.toLowerCase(java.util.Locale.ROOT).contains("timeout")
                        ? TIMEOUT
                        : "LLM unreachable: " + message;
                status = null;
                raw = null;
            } finally {
                limit.release();
            }
            if (attempt < connection.maxRetries())
                Thread.sleep(backoff(attempt, retryAfter).toMillis());
        }
        Reply failed = new Reply(body, null, null, raw, status, error, false, attempts, millisSince(started));
        settle.accept(failed);
        return failed;
    }

    private Reply read(String body, String raw, int status, int attempts, long started) {
        try {
            ChatProtocol.Response parsed = json.readValue(raw == null ? "" : raw, ChatProtocol.Response.class);
            if (parsed == null) throw new IllegalArgumentException("empty body");
            return new Reply(
                    body,
                    parsed.proposerChoices(),
                    parsed.proposerUsage(),
                    raw,
                    status,
                    null,
                    false,
                    attempts,
                    millisSince(started));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Reply(
                    body,
                    null,
                    null,
                    raw,
                    status,
                    "LLM response is not valid JSON",
                    false,
                    attempts,
                    millisSince(started));
        }
    }

    /** Exponential from the configured first wait, with up to 50% jitter; a server's Retry-After wins. */
    Duration backoff(int attempt, Duration retryAfter) {
        Duration max = standaloneMaxBackoff != null
                ? standaloneMaxBackoff
                : config.retry().maxBackoff();
        if (retryAfter != null) return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        Duration initial = standaloneInitialBackoff != null
                ? standaloneInitialBackoff
                : config.retry().initialBackoff();
        long base = initial.toMillis() << Math.min(attempt, 20);
        long jittered = base + (long) (base * 0.5 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(jittered, max.toMillis()));
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private ChatCompletionsApi api(LlmConnection c) {
        return apis.computeIfAbsent(new Endpoint(c.baseUrl(), c.timeout()), e -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(e.baseUrl()))
                .connectTimeout(Math.min(e.timeout().toMillis(), 10_000), TimeUnit.MILLISECONDS)
                // the attempt's own timeout (in complete) fires first; this one only frees a stuck connection
                .readTimeout(e.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(ChatCompletionsApi.class));
    }

    private String write(ChatProtocol.Request request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
    }

    /**
     * The body as text, read up to {@code max} bytes; {@link TooLarge} when its declared length or what came is
     * more (the rest is discarded as it arrives, never buffered).
     */
    static String text(RestResponse<?> response, int max) throws TooLarge {
        String length = response.getHeaderString("Content-Length");
        Object entity = response.getEntity();
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > max) {
            if (entity instanceof java.io.InputStream in) close(in);
            throw new TooLarge();
        }
        if (entity == null) return null;
        if (entity instanceof String text) {
            if (text.length() > max) throw new TooLarge();
            return text;
        }
        if (!(entity instanceof java.io.InputStream in)) return response.readEntity(String.class);
        try (in) {
            return read(in, max);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** At most {@code max} bytes of {@code in} as UTF-8; {@link TooLarge} as soon as there are more. */
    static String read(java.io.InputStream in, int max) throws java.io.IOException, TooLarge {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(max, 64 * 1024) + 1);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > max) throw new TooLarge();
            out.write(buffer, 0, n);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void close(java.io.InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // the connection is given up either way
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
