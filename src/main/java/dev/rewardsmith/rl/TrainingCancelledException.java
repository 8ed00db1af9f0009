package dev.rewardsmith.rl;

/** Thrown out of a training whose cancellation was requested; it stops between epochs. */
public final class TrainingCancelledException extends RuntimeException {

    private final int epoch;

    public TrainingCancelledException(int epoch) {
        super("training cancelled after epoch " + epoch);
        this.epoch = epoch;
    }

    /** Epochs completed before the cancellation was seen. */
    public int epoch() {
        return epoch;
    }
}
