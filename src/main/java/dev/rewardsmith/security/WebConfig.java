package dev.rewardsmith.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Browser sessions and the origin that state-changing browser requests must come from. */
@ConfigMapping(prefix = "rewardsmith.web")
public interface WebConfig {

    /** At most this many live (unrevoked, unexpired) API tokens per user; one more is refused with 409. */
    @WithDefault("50")
    int maxActiveTokens();

    /** How long a browser session lasts after sign-in. */
    @WithDefault("P7D")
    Duration sessionTtl();

    /** The longest life of an API token in days (the API's own bound is 365); a token lives at most this long. */
    @WithDefault("365")
    int maxTokenDays();

    /** How often expired sessions and tokens are deleted (a scheduled purge). */
    @WithDefault("10m")
    String purgeEvery();

    /** How long an expired token is still listed to its owner before the purge deletes it. */
    @WithDefault("P7D")
    Duration expiredTokenRetention();

    /**
     * Wrong passwords for one user name within {@link #signInWindow()} after which sign-in is refused (429) until
     * the oldest leaves the window.
     */
    @WithDefault("5")
    int signInFailures();

    /** Wrong passwords from one client address (over any user names) within the window before it is refused. */
    @WithDefault("50")
    int signInAddressFailures();

    /** The window of {@link #signInFailures()}. */
    @WithDefault("PT15M")
    Duration signInWindow();

    /**
     * The public origin (e.g. {@code https://rewardsmith.example.com}) when behind a proxy; by default the origin
     * is taken from the request's scheme and Host header.
     */
    Optional<String> publicOrigin();
}
