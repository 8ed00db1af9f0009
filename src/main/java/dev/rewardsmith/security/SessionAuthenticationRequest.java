package dev.rewardsmith.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The session id from a browser's cookie, to be resolved into the signed-in user. */
public final class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String sessionId;

    public SessionAuthenticationRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
