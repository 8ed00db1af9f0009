package dev.rewardsmith.search;

/** The proposer could not answer at all (after its own retries): the search ends as failed with this message. */
public final class ProposerFailedException extends RuntimeException {

    public ProposerFailedException(String message) {
        super(message);
    }
}
