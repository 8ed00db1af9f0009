package dev.rewardsmith.app;

import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * First start: creates the {@code admin} user when there is no user at all (password from configuration, else a
 * random one printed once), and provisions the configured admin API token.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    static final int MIN_PROVISIONED_TOKEN_LENGTH = 32;

    @Inject
    AdminConfig config;

    @Inject
    UserCommands users;

    @Inject
    TokenCommands tokens;

    /** Runs on the main thread at start-up, which may wait for the database. */
    void onStart(@Observes StartupEvent event) {
        config.token().ifPresent(token -> {
            if (token.length() < MIN_PROVISIONED_TOKEN_LENGTH || token.length() > 200) {
                throw new IllegalStateException("rewardsmith.admin.token must have 32 to 200 characters");
            }
        });
        String password = config.password().orElse(null);
        if (password != null
                && (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH)) {
            throw new IllegalStateException("rewardsmith.admin.password must have " + Passwords.MIN_LENGTH + " to "
                    + Passwords.MAX_LENGTH + " characters");
        }
        String chosen = password != null ? password : Secrets.random(15);
        String tokenHash = config.token().map(Secrets::sha256).orElse(null);
        boolean created = users.createFirstAdmin(chosen).await().atMost(Duration.ofSeconds(60));
        if (tokenHash != null) tokens.provisionAdminToken(tokenHash).await().atMost(Duration.ofSeconds(60));
        if (created) {
            if (password == null) {
                LOG.warnf(
                        "Created user 'admin' with password: %s  (shown once; change it or set "
                                + "rewardsmith.admin.password)",
                        chosen);
            } else {
                LOG.info("Created user 'admin' with the configured password");
            }
        }
    }
}
