package dev.rewardsmith.propose;

import java.util.List;

/**
 * The port where the LLM proposer records every model exchange and reads what its search has spent (see
 * docs/architecture.md, Proposers). Blocking: the proposer runs on virtual threads. Implemented at the edge.
 */
public interface ExchangeLog {

    /** Tokens and cost spent by a search so far. */
    record Spent(long tokens, double cost) {}

    /** Stores the exchange and adds its cost to its search. */
    void insert(Exchange exchange);

    /** What a search has spent. */
    Spent spent(String searchId);

    /**
     * Completions already received in one answered sampling exchange.
     *
     * @param promptTokens the exchange's prompt tokens (shared over its choices, as when it was received)
     */
    record Received(String exchangeId, List<ChatModel.Choice> choices, int promptTokens, int completionTokens) {
        public Received {
            choices = List.copyOf(choices);
        }
    }

    /**
     * The answered exchanges a search already had for one round's sampling request (exactly these messages),
     * oldest first. The proposer asks only when the round has no journaled candidates, so these were received
     * before a restart cut the round short; it takes their completions instead of asking again (docs/llm.md,
     * "Resume"). A log that keeps nothing across restarts has none.
     */
    default List<Received> received(
            String searchId, int restart, int iteration, int round, List<ChatModel.Message> messages) {
        return List.of();
    }
}
