package dev.rewardsmith.security;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/** Same-origin checks for browser requests (CSRF defence and WebSocket upgrades). */
public final class Origins {

    private Origins() {}

    /** The origin this server is reached at: the configured public origin, else scheme + Host of the request. */
    public static String expected(HttpServerRequest request, Optional<String> publicOrigin) {
        if (publicOrigin.isPresent()) return stripSlash(publicOrigin.get());
        String host = request.getHeader("Host");
        return request.scheme() + "://" + (host == null ? "" : host);
    }

    /** Null when the request's {@code Origin} is ours; otherwise what is wrong, for the 403 reason. */
    public static String check(HttpServerRequest request, Optional<String> publicOrigin) {
        String origin = request.getHeader("Origin");
        if (origin == null) return "missing Origin header: state-changing browser requests must be same-origin";
        String expected = expected(request, publicOrigin);
        if (!expected.equalsIgnoreCase(stripSlash(origin))) {
            return "Origin " + origin + " is not this server's origin " + expected;
        }
        return null;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
