package dev.rewardsmith.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Browser sessions and the origin that state-changing browser requests must come from. */
@ConfigMapping(prefix = "rewardsmith.web")
public interface WebConfig {

    /** How long a browser session lasts after sign-in. */
    @WithDefault("P7D")
    Duration sessionTtl();

    /**
     * The public origin (e.g. {@code https://rewardsmith.example.com}) when behind a proxy; by default the origin
     * is taken from the request's scheme and Host header.
     */
    Optional<String> publicOrigin();
}
