package dev.rewardsmith.app;

/**
 * A user's access ended (a CDI event fired by app after the change is stored): the edges that hold open
 * connections (the live stream) close those of the user, so an identity checked once at connect does not outlive
 * its session (see docs/architecture.md, Security).
 *
 * @param userId whose access ended
 * @param sessionHash the SHA-256 of the one session that ended; null when every session and token of the user did
 *     (a password change, a disabled user)
 * @param reason why, for the close message
 */
public record SignedOut(long userId, String sessionHash, String reason) {

    /** Every session and token of the user ended. */
    public boolean everywhere() {
        return sessionHash == null;
    }

    /** Without the session's hash. */
    @Override
    public String toString() {
        return "SignedOut[userId=" + userId + ", everywhere=" + everywhere() + ", reason=" + reason + "]";
    }
}
