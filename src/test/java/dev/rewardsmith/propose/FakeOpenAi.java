package dev.rewardsmith.propose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * An OpenAI-compatible Chat Completions server on localhost for tests: each request is answered by a script
 * (request number from 1, parsed body) that returns a reply: a status, headers and body, optionally after a
 * delay, or no answer at all (a hung request). It counts requests and the most in flight at once. Public for the
 * page tests that watch what a model is asked.
 */
public final class FakeOpenAi implements AutoCloseable {

    /** What to answer; {@code hang} never answers. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMillis, boolean hang) {
        public static Reply json(String body) {
            return new Reply(200, Map.of(), body, 0, false);
        }

        static Reply status(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body, 0, false);
        }

        static Reply hung() {
            return new Reply(0, Map.of(), "", 0, true);
        }

        Reply after(long millis) {
            return new Reply(status, headers, body, millis, hang);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    public final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final List<String> apiKeys = Collections.synchronizedList(new ArrayList<>());
    final List<String> uris = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private volatile BiFunction<Integer, JsonNode, Reply> script;

    public FakeOpenAi(BiFunction<Integer, JsonNode, Reply> script) throws Exception {
        this(0, script);
    }

    FakeOpenAi(int port, BiFunction<Integer, JsonNode, Reply> script) throws Exception {
        this.script = script;
        server = vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public int requestCount() {
        return count.get();
    }

    void script(BiFunction<Integer, JsonNode, Reply> next) {
        script = next;
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/v1/chat/completions")) {
            request.response().setStatusCode(404).end("{\"error\": \"no such path " + request.path() + "\"}");
            return;
        }
        request.body().onSuccess(buffer -> {
            int n = count.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            JsonNode body;
            try {
                body = JSON.readTree(buffer.toString());
            } catch (Exception e) {
                body = JSON.nullNode();
            }
            requests.add(body);
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            apiKeys.add(String.valueOf(request.getHeader("api-key")));
            uris.add(request.uri());
            Reply reply = script.apply(n, body);
            request.connection().closeHandler(v -> {});
            if (reply.hang()) {
                // never answered; counted as in flight until the client gives up
                request.response().closeHandler(v -> inFlight.decrementAndGet());
                return;
            }
            Runnable send = () -> {
                inFlight.decrementAndGet();
                var response = request.response().setStatusCode(reply.status());
                reply.headers().forEach(response::putHeader);
                response.putHeader("Content-Type", "application/json").end(reply.body());
            };
            if (reply.delayMillis() > 0) vertx.setTimer(reply.delayMillis(), t -> send.run());
            else send.run();
        });
    }

    /** A completion body with one choice per text, as a real model writes them. */
    public static String completion(List<String> texts, String finishReason, boolean usage) {
        var root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        root.put("model", "fake-model");
        var choices = root.putArray("choices");
        for (int i = 0; i < texts.size(); i++) {
            var c = choices.addObject();
            c.put("index", i);
            c.putObject("message").put("role", "assistant").put("content", texts.get(i));
            c.put("finish_reason", finishReason);
        }
        if (usage) {
            root.putObject("usage")
                    .put("prompt_tokens", 400)
                    .put("completion_tokens", 100 * texts.size())
                    .put("total_tokens", 400 + 100 * texts.size());
        }
        return root.toString();
    }

    /** How a model answers: prose, then the program in a fenced block, then a remark. */
    public static String modelAnswer(double temperature) {
        return """
                The pole must stay upright, so I reward a small pole angle with an exponential and keep the cart \
                near the centre.

                ```java
                double reward(CartPoleState s, Components c) {
                    double uprightTemperature = %s;
                    double upright = Math.exp(-uprightTemperature * s.poleAngle * s.poleAngle);
                    double centred = -0.05 * s.cartPosition * s.cartPosition;
                    c.put("upright", upright);
                    c.put("centred", centred);
                    return upright + centred;
                }
                ```

                The temperature controls how sharply the reward falls off with the angle.
                """
                .formatted(temperature);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
