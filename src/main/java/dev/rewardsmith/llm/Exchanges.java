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

    /** Usage per iteration of a search, in iteration order. */
    public Uni<List<IterationUsage>> usage(UUID searchId) {
        return repository.usage(searchId);
    }
}
