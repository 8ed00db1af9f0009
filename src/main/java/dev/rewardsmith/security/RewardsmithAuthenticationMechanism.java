package dev.rewardsmith.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The one way in: API tokens as {@code Authorization: Bearer}, or the browser session cookie set at login. An API
 * or tool request without valid credentials gets 401; a page request is sent to the login page.
 */
@ApplicationScoped
public class RewardsmithAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String SESSION_COOKIE = "rs-session";
    public static final String CSRF_COOKIE = "rs-csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String BEARER = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                String secret = authorization.substring(BEARER.length()).trim();
                TokenAuthenticationRequest request =
                        new TokenAuthenticationRequest(new TokenCredential(secret, "bearer"));
                HttpSecurityUtils.setRoutingContextAttribute(request, context);
                return identityProviderManager.authenticate(request);
            }
            // Another scheme (e.g. Basic) is not accepted: treat as anonymous so the endpoint's rule answers.
            return Uni.createFrom().nullItem();
        }
        Cookie session = context.request().getCookie(SESSION_COOKIE);
        if (session != null
                && !session.getValue().isBlank()
                && session.getValue().length() <= 100) {
            SessionAuthenticationRequest request = new SessionAuthenticationRequest(session.getValue());
            HttpSecurityUtils.setRoutingContextAttribute(request, context);
            // A stale cookie is not an error: the browser is simply signed out (and may reach the login page).
            return identityProviderManager.authenticate(request).onFailure().recoverWithNull();
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (wantsPage(context)) {
            String next = context.request().uri();
            String location = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
            return Uni.createFrom().item(new ChallengeData(302, HttpHeaders.LOCATION, location));
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"rewardsmith\""));
    }

    /** A browser navigating to a page (not the API, not a tool) is redirected to the login page. */
    private static boolean wantsPage(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/ws/")) return false;
        if (!"GET".equals(context.request().method().name())) return false;
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, SessionAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
