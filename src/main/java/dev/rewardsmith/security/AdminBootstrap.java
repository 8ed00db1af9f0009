package dev.rewardsmith.security;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.UUID;
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

    void onStart(@Observes StartupEvent event) throws Throwable {
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
        boolean created = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> createAdminIfEmpty(chosen).call(() -> provisionToken(tokenHash))));
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

    /** Runs on the main thread at start-up, so hashing (CPU-heavy) here blocks no event loop. */
    private Uni<Boolean> createAdminIfEmpty(String password) {
        return User.count().flatMap(count -> {
            if (count > 0) return Uni.createFrom().item(false);
            User admin = new User();
            admin.name = "admin";
            admin.passwordHash = Passwords.hash(password);
            admin.role = Role.ADMIN;
            return admin.persist().replaceWith(true);
        });
    }

    private Uni<Void> provisionToken(String secretHash) {
        if (secretHash == null) return Uni.createFrom().voidItem();
        return ApiToken.count("secretHash", secretHash).flatMap(existing -> {
            if (existing > 0) return Uni.createFrom().voidItem();
            return User.<User>find("role = ?1 and disabled = false order by id", Role.ADMIN)
                    .firstResult()
                    .flatMap(admin -> {
                        if (admin == null) {
                            LOG.warn("rewardsmith.admin.token is set but there is no enabled admin to own it");
                            return Uni.createFrom().voidItem();
                        }
                        ApiToken token = new ApiToken();
                        token.id = UUID.randomUUID();
                        token.userId = admin.id;
                        token.name = "provisioned";
                        token.role = Role.ADMIN;
                        token.secretHash = secretHash;
                        token.createdAt = OffsetDateTime.now();
                        token.expiresAt = token.createdAt.plusYears(10);
                        LOG.info("Provisioned the configured admin API token");
                        return token.persist().replaceWithVoid();
                    });
        });
    }
}
