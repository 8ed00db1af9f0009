package dev.rewardsmith.mujoco;

/** MJCF text that MuJoCo's compiler refuses; the message is MuJoCo's own, with the element and line it names. */
public final class MjcfException extends RuntimeException {

    public MjcfException(String message) {
        super(message);
    }
}
