package dev.rewardsmith.feedback.video;

/** A stored frame that cannot be drawn: its message names the frame, the shape and what is wrong. */
public final class InvalidFrameException extends RuntimeException {

    public InvalidFrameException(String message) {
        super(message);
    }
}
