package dev.rewardsmith.search;

/** A training ended because of its reward or its settings (not the infrastructure); the message says why. */
public final class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String reason) {
        super(reason);
    }
}
