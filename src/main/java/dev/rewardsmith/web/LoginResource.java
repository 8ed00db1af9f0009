package dev.rewardsmith.web;

import dev.rewardsmith.app.SessionCommands;
import dev.rewardsmith.security.Origins;
import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.RewardsmithAuthenticationMechanism;
import dev.rewardsmith.security.SignInThrottle;
import dev.rewardsmith.security.WebConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Browser sign-in and sign-out. Sign-in checks the password (bcrypt, off the event loop), stores a session and
 * sets two {@code SameSite=Strict} cookies: the HttpOnly session id and the CSRF value the UI echoes in a header.
 */
@Path("/")
public class LoginResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String error, String name);
    }

    @Inject
    SessionCommands sessions;

    @Inject
    WebConfig config;

    private volatile SignInThrottle throttle;

    private SignInThrottle throttle() {
        SignInThrottle t = throttle;
        if (t == null) {
            synchronized (this) {
                if (throttle == null) {
                    throttle = new SignInThrottle(
                            config.signInFailures(),
                            config.signInAddressFailures(),
                            config.signInWindow(),
                            System::nanoTime);
                }
                t = throttle;
            }
        }
        return t;
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("next") String next) {
        return Templates.login(safeNext(next), null, "");
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> login(
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("next") String next,
            @Context HttpServerRequest http) {
        String target = safeNext(next);
        // Login CSRF: a sign-in form posted from another site is refused.
        if (http.getHeader("Origin") != null && Origins.check(http, config.publicOrigin()) != null) {
            return Uni.createFrom().item(page(403, target, "This sign-in came from another site.", ""));
        }
        String name = username == null ? "" : username.strip();
        if (name.isEmpty()
                || password == null
                || password.isEmpty()
                || name.length() > 64
                || password.length() > Passwords.MAX_LENGTH) {
            return Uni.createFrom().item(page(400, target, "Enter your user name and password.", name));
        }
        String address =
                http.remoteAddress() == null ? "" : http.remoteAddress().host();
        SignInThrottle.Reservation attempt = throttle().reserve(name, address);
        if (!attempt.granted()) {
            java.time.Duration wait = attempt.retryAfter();
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            return Uni.createFrom()
                    .item(Response.fromResponse(page(
                                    429,
                                    target,
                                    "Too many failed sign-ins. Try again in " + minutes
                                            + (minutes == 1 ? " minute." : " minutes."),
                                    name))
                            .header("Retry-After", Math.max(1, wait.toSeconds()))
                            .build());
        }
        boolean secure = "https".equals(http.scheme())
                || config.publicOrigin().map(o -> o.startsWith("https:")).orElse(false);
        int maxAge = (int) config.sessionTtl().toSeconds();
        return sessions.signIn(name, password, config.sessionTtl()).map(result -> {
            if (result.busy()) {
                attempt.cancelled();
                return Response.fromResponse(
                                page(503, target, "The server is busy signing others in. Try again.", name))
                        .header("Retry-After", 1)
                        .build();
            }
            SessionCommands.NewSession session = result.session();
            if (session == null) {
                attempt.failed();
                return page(401, target, "Wrong user name or password.", name);
            }
            attempt.succeeded();
            return Response.seeOther(URI.create(target))
                    .cookie(
                            cookie(
                                    RewardsmithAuthenticationMechanism.SESSION_COOKIE,
                                    session.sessionId(),
                                    maxAge,
                                    true,
                                    secure),
                            cookie(
                                    RewardsmithAuthenticationMechanism.CSRF_COOKIE,
                                    session.csrf(),
                                    maxAge,
                                    false,
                                    secure))
                    .build();
        });
    }

    /** Sign-out: a plain form post carrying the CSRF value as a field, since forms cannot set headers. */
    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(
            @FormParam("csrf") String csrf,
            @jakarta.ws.rs.CookieParam(RewardsmithAuthenticationMechanism.SESSION_COOKIE) String sessionId,
            @Context HttpServerRequest http) {
        Response signedOut = Response.seeOther(URI.create("/login"))
                .cookie(
                        cookie(RewardsmithAuthenticationMechanism.SESSION_COOKIE, "", 0, true, false),
                        cookie(RewardsmithAuthenticationMechanism.CSRF_COOKIE, "", 0, false, false))
                .build();
        if (sessionId == null || sessionId.length() > 100)
            return Uni.createFrom().item(signedOut);
        if (Origins.check(http, config.publicOrigin()) != null) {
            return Uni.createFrom()
                    .item(Response.status(403)
                            .type(MediaType.TEXT_PLAIN)
                            .entity("sign-out must come from this site")
                            .build());
        }
        return sessions.signOut(sessionId, csrf)
                .map(outcome -> outcome == SessionCommands.SignOut.SIGNED_OUT
                        ? signedOut
                        : Response.status(403)
                                .type(MediaType.TEXT_PLAIN)
                                .entity("sign-out is missing this session's CSRF value")
                                .build());
    }

    private static Response page(int status, String next, String error, String name) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML)
                .entity(Templates.login(next, error, name).render())
                .build();
    }

    /** Only local paths are followed after sign-in, so the login page is no open redirect. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.length() > 500
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    private static NewCookie cookie(String name, String value, int maxAge, boolean httpOnly, boolean secure) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(httpOnly)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
