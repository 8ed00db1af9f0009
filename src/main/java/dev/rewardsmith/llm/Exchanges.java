package dev.rewardsmith.llm;

import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.propose.ExchangeLog;
import dev.rewardsmith.propose.IterationUsage;
import dev.rewardsmith.store.ExchangeRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Override
    public Spent spent(String searchId) {
        return repository.spent(searchId);
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
