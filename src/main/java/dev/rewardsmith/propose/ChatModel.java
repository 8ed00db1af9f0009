package dev.rewardsmith.propose;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The port the LLM proposer sends its messages through (see docs/architecture.md, Proposers): one request on a
 * connection, with that connection's concurrency limit, timeout and retries, and what came back with its token
 * usage. Blocking: callers run on virtual threads. Implemented at the edge (package llm).
 */
public interface ChatModel {

    /** One message: role {@code system}, {@code user} or {@code assistant}. */
    record Message(String role, String content) {
        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    /** What is asked: {@code n} completions (null: one), {@code maxTokens} each (null: the server's default). */
    record Request(String model, List<Message> messages, Double temperature, Integer maxTokens, Integer n) {}

    /** One completion: its text (empty when the server sent none) and why it ended. */
    record Choice(String text, String finishReason) {}

    /** The tokens the server reported; either may be null when it did not. */
    record Usage(Integer promptTokens, Integer completionTokens) {}

    /**
     * What one request (with its retries) came to.
     *
     * @param requestBody the request as sent
     * @param choices the completions of a readable answer; empty otherwise
     * @param usage the reported usage of a readable answer; null when none was reported
     * @param rawResponse the body of the last attempt as it came; null when none came
     * @param status the HTTP status of the last attempt; null when none came
     * @param error why there is no readable answer; null when there is
     * @param refused the server refused the request (a 4xx other than 429): it was not retried
     */
    record Reply(
            String requestBody,
            List<Choice> choices,
            Usage usage,
            String rawResponse,
            Integer status,
            String error,
            boolean refused,
            int attempts,
            long latencyMillis) {

        public Reply {
            choices = choices == null ? List.of() : List.copyOf(choices);
        }

        /** The request ended with a readable response ({@code error} is null). */
        public boolean answered() {
            return error == null;
        }
    }

    /** Why a request was not sent: the caller's condition said no once a permit was free (a spent budget). */
    final class NotSent extends Exception {
        public NotSent() {
            super(null, null, false, false);
        }
    }

    /**
     * Sends {@code request} on {@code connection}. {@code mayStart} is asked once a permit is held, before every
     * attempt; when it says no, nothing is sent and {@link NotSent} is thrown. {@code settle} receives the final
     * reply while the permit of an answered attempt is still held, so what it counts (tokens against a budget) is
     * counted before the next request asks {@code mayStart}.
     */
    Reply complete(LlmConnection connection, Request request, BooleanSupplier mayStart, Consumer<Reply> settle)
            throws NotSent, InterruptedException;

    /** Whether this connection was seen answering fewer completions than the {@code n} asked. */
    boolean ignoresN(LlmConnection connection);

    /** Remembers that this connection ignores {@code n}: it is asked one completion at a time from now on. */
    void markIgnoresN(LlmConnection connection);
}
