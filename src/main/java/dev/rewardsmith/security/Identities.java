package dev.rewardsmith.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Builds and reads the attributes Rewardsmith puts on a {@link SecurityIdentity}. */
public final class Identities {

    /** How the request authenticated: {@link #VIA_SESSION} or {@link #VIA_TOKEN}. */
    public static final String AUTHENTICATED_VIA = "rewardsmith.via";

    public static final String VIA_SESSION = "session";
    public static final String VIA_TOKEN = "token";
    public static final String USER_ID = "rewardsmith.userId";
    public static final String ROLE = "rewardsmith.role";
    public static final String CSRF = "rewardsmith.csrf";

    private Identities() {}

    static SecurityIdentity build(long userId, String name, Role role, String via, String csrf) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(role.grantedRoles())
                .addAttribute(AUTHENTICATED_VIA, via)
                .addAttribute(USER_ID, userId)
                .addAttribute(ROLE, role);
        if (csrf != null) b.addAttribute(CSRF, csrf);
        return b.build();
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

    public static boolean viaSession(SecurityIdentity identity) {
        return VIA_SESSION.equals(identity.getAttribute(AUTHENTICATED_VIA));
    }
}
