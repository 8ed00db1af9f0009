package dev.rewardsmith.app;

/**
 * A user's access ended (a CDI event fired by app after the change is stored): the edges that hold open
 * connections (the live stream) close those of the user, so an identity checked once at connect does not outlive
 * its session or token (see docs/architecture.md, Security).
 *
 * @param userId whose access ended
 * @param credential what ended: the SHA-256 of one session, or {@code token:<id>} for one API token
 *     (security.Identities#credential); null when every session and token of the user did (a password change, a
 *     disabled user)
 * @param reason why, for the close message
 */
public record SignedOut(long userId, String credential, String reason) {

    /** Every session and token of the user ended. */
    public boolean everywhere() {
        return credential == null;
    }

    /** Without the credential. */
    @Override
    public String toString() {
        return "SignedOut[userId=" + userId + ", everywhere=" + everywhere() + ", reason=" + reason + "]";
    }
}
