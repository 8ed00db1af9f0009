package dev.rewardsmith.app;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** How the first administrator is provisioned. */
@ConfigMapping(prefix = "rewardsmith.admin")
public interface AdminConfig {

    /**
     * Password of the {@code admin} user created on first start with an empty database; when absent, a random
     * one is generated and written to {@code <data-dir>/admin-password} (mode 0600); the log names the file only.
     */
    Optional<String> password();

    /**
     * An API token secret (at least 32 characters) provisioned for the admin at every start, for automated
     * deployments (env {@code REWARDSMITH_ADMIN_TOKEN}); stored hashed like any other token.
     */
    Optional<String> token();
}
