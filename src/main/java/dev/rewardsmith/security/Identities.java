package dev.rewardsmith.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Builds and reads the attributes Rewardsmith puts on a {@link SecurityIdentity}. */
public final class Identities {

    /** How the request authenticated: {@link #VIA_SESSION} or {@link #VIA_TOKEN}. */
    public static final String AUTHENTICATED_VIA = "rewardsmith.via";

    public static final String VIA_SESSION = "session";
    public static final String VIA_TOKEN = "token";
    public static final String USER_ID = "rewardsmith.userId";
    public static final String ROLE = "rewardsmith.role";
    public static final String CSRF = "rewardsmith.csrf";
    /** When the token a request authenticated with expires (tokens only). */
    public static final String TOKEN_EXPIRES_AT = "rewardsmith.tokenExpiresAt";
    /** The SHA-256 of the session cookie a request authenticated with (sessions only). */
    public static final String SESSION_HASH = "rewardsmith.sessionHash";
    /** The id of the API token a request authenticated with (tokens only). */
    public static final String TOKEN_ID = "rewardsmith.tokenId";

    private Identities() {}

    static SecurityIdentity session(long userId, String name, Role role, String csrf, String sessionHash) {
        return build(userId, name, role, VIA_SESSION, csrf)
                .addAttribute(SESSION_HASH, sessionHash)
                .build();
    }

    static SecurityIdentity token(long userId, String name, Role role, UUID tokenId, OffsetDateTime expiresAt) {
        return build(userId, name, role, VIA_TOKEN, null)
                .addAttribute(TOKEN_EXPIRES_AT, expiresAt)
                .addAttribute(TOKEN_ID, tokenId)
                .build();
    }

    private static QuarkusSecurityIdentity.Builder build(long userId, String name, Role role, String via, String csrf) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(role.grantedRoles())
                .addAttribute(AUTHENTICATED_VIA, via)
                .addAttribute(USER_ID, userId)
                .addAttribute(ROLE, role);
        if (csrf != null) b.addAttribute(CSRF, csrf);
        return b;
    }

    public static long userId(SecurityIdentity identity) {
        Long id = identity.getAttribute(USER_ID);
        if (id == null) throw new IllegalStateException("not a Rewardsmith identity");
        return id;
    }

    public static Role role(SecurityIdentity identity) {
        Role role = identity.getAttribute(ROLE);
        return role == null ? Role.VIEWER : role;
    }

    /** When the caller's token expires; empty for a browser session. */
    public static Optional<OffsetDateTime> tokenExpiresAt(SecurityIdentity identity) {
        return Optional.ofNullable(identity.getAttribute(TOKEN_EXPIRES_AT));
    }

    /** The SHA-256 of the caller's session cookie; null for a token. */
    public static String sessionHash(SecurityIdentity identity) {
        return identity.getAttribute(SESSION_HASH);
    }

    /**
     * What the caller authenticated with, as {@link dev.rewardsmith.app.SignedOut#credential()} names it: the
     * session's hash, or {@code token:} and the token's id.
     */
    public static String credential(SecurityIdentity identity) {
        UUID token = identity.getAttribute(TOKEN_ID);
        return token != null ? tokenCredential(token) : sessionHash(identity);
    }

    /** The credential of a token (see {@link #credential}). */
    public static String tokenCredential(UUID tokenId) {
        return "token:" + tokenId;
    }

    public static boolean viaSession(SecurityIdentity identity) {
        return VIA_SESSION.equals(identity.getAttribute(AUTHENTICATED_VIA));
    }
}
