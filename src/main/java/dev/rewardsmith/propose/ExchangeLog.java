package dev.rewardsmith.propose;

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
}
