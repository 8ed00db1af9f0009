package dev.rewardsmith.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.propose.ChatModel;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.propose.ExchangeLog;
import dev.rewardsmith.propose.IterationUsage;
import dev.rewardsmith.store.ExchangeRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The model exchanges: where the LLM proposer records each one and reads its search's spending (blocking), and
 * what the API reads back (reactive).
 */
@ApplicationScoped
public class Exchanges implements ExchangeLog {

    @Inject
    ExchangeRepository repository;

    @Override
    public void insert(Exchange exchange) {
        repository.insert(exchange);
    }

    @Inject
    ObjectMapper json;

    @Override
    public Spent spent(String searchId) {
        return repository.spent(searchId);
    }

    @Override
    public List<Received> received(
            String searchId, int restart, int iteration, int round, List<ChatModel.Message> messages) {
        return received(repository.ofRound(searchId, restart, iteration, round), messages, json);
    }

    /**
     * Of {@code stored}, the answered exchanges whose request carried exactly {@code messages} (a round's sampling
     * request, not a repair, which adds messages), with the completions of their raw response.
     */
    public static List<Received> received(List<Exchange> stored, List<ChatModel.Message> messages, ObjectMapper json) {
        List<Received> out = new ArrayList<>();
        for (Exchange e : stored) {
            if (e.error() != null || e.response() == null || e.choices() == 0) continue;
            try {
                JsonNode sent = json.readTree(e.request()).path("messages");
                if (!sent.isArray() || sent.size() != messages.size()) continue;
                boolean same = true;
                for (int i = 0; i < messages.size() && same; i++) {
                    JsonNode m = sent.get(i);
                    same = messages.get(i).role().equals(m.path("role").asText(null))
                            && messages.get(i)
                                    .content()
                                    .equals(m.path("content").asText(null));
                }
                if (!same) continue;
                ChatProtocol.Response response = json.readValue(e.response(), ChatProtocol.Response.class);
                List<ChatModel.Choice> choices = response.proposerChoices();
                if (!choices.isEmpty()) {
                    out.add(new Received(e.id(), choices, e.promptTokens(), e.completionTokens()));
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                // not one of ours as sent and answered: ask again rather than guess
            }
        }
        return out;
    }

    /** The exchange, or null. */
    public Uni<Exchange> find(UUID id) {
        return repository.find(id);
    }

    /** Every exchange of a search, oldest first. */
    public Uni<List<Exchange>> ofSearch(UUID searchId) {
        return repository.ofSearch(searchId);
    }

    /**
     * The exchange as {@code reader} may see it: a failed exchange's response is the endpoint's own text (an error
     * page, a provider's message), which operators read to fix a connection; anyone else gets the status and the
     * error (which names the status only), without the body.
     */
    public static Exchange shownTo(Exchange e, boolean operator) {
        if (operator || e.error() == null || e.response() == null) return e;
        return e.withoutResponse();
    }

    /** Usage per iteration of a search, in iteration order. */
    public Uni<List<IterationUsage>> usage(UUID searchId) {
        return repository.usage(searchId);
    }
}
