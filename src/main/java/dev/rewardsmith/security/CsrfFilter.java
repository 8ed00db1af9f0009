package dev.rewardsmith.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery defence for cookie sessions: a state-changing request authenticated by the session
 * cookie must come from our own origin ({@code Origin}) and carry the session's CSRF value in
 * {@code X-CSRF-Token}. Token-authenticated requests (tools) are not exposed to CSRF and pass.
 */
public class CsrfFilter {

    /** The 403 body, shaped as every error body ({@code {"reason"}}); security depends on no other layer. */
    public record Refusal(String reason) {}

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    SecurityIdentity identity;

    @Inject
    WebConfig config;

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, HttpServerRequest http) {
        if (SAFE_METHODS.contains(request.getMethod())) return null;
        // Sign-out is a plain form (no headers): LoginResource checks its CSRF field and Origin itself.
        if ("/logout".equals(request.getUriInfo().getPath())) return null;
        if (identity.isAnonymous() || !Identities.viaSession(identity)) return null;
        String problem = Origins.check(http, config.publicOrigin());
        if (problem == null) {
            String expected = identity.getAttribute(Identities.CSRF);
            String sent = request.getHeaderString(RewardsmithAuthenticationMechanism.CSRF_HEADER);
            if (sent == null) {
                problem = "missing " + RewardsmithAuthenticationMechanism.CSRF_HEADER
                        + " header (copy the rs-csrf cookie's value into it)";
            } else if (!Secrets.constantTimeEquals(expected, sent)) {
                problem = RewardsmithAuthenticationMechanism.CSRF_HEADER + " does not match this session";
            }
        }
        if (problem == null) return null;
        return Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Refusal(problem))
                .build();
    }
}
