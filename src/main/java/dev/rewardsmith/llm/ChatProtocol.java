package dev.rewardsmith.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rewardsmith.propose.ChatModel;
import java.util.List;

/**
 * The wire records of the OpenAI Chat Completions protocol, as much of it as a proposer uses, and their
 * translation from and to the proposer's {@link ChatModel} records.
 */
public final class ChatProtocol {

    private ChatProtocol() {}

    /** One message: role {@code system}, {@code user} or {@code assistant}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String role, String content) {
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

    /** The request body; {@code n} and {@code max_tokens} are left out when null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(
            String model,
            List<Message> messages,
            Double temperature,
            @JsonProperty("max_tokens") Integer maxTokens,
            Integer n) {

        static Request of(ChatModel.Request r) {
            List<Message> messages = r.messages().stream()
                    .map(m -> new Message(m.role(), m.content()))
                    .toList();
            return new Request(r.model(), messages, r.temperature(), r.maxTokens(), r.n());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(Integer index, Message message, @JsonProperty("finish_reason") String finishReason) {
        /** The completion's text; empty when the server sent none. */
        public String text() {
            return message == null || message.content() == null ? "" : message.content();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(
            @JsonProperty("prompt_tokens") Integer promptTokens,
            @JsonProperty("completion_tokens") Integer completionTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Response(String model, List<Choice> choices, Usage usage) {

        /** The completions as the proposer reads them; empty when the server sent none. */
        List<ChatModel.Choice> proposerChoices() {
            if (choices == null) return List.of();
            return choices.stream()
                    .map(c -> new ChatModel.Choice(c.text(), c.finishReason()))
                    .toList();
        }

        /** The usage as the proposer reads it; null when none was reported. */
        ChatModel.Usage proposerUsage() {
            return usage == null ? null : new ChatModel.Usage(usage.promptTokens(), usage.completionTokens());
        }
    }
}
