package dev.rewardsmith.app;

import dev.rewardsmith.security.Passwords;
import dev.rewardsmith.security.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * First start: creates the {@code admin} user when there is no user at all (password from configuration, else a
 * random one written to {@code <data-dir>/admin-password}, mode 0600, whose path is logged: the password itself
 * never reaches a log), and provisions the configured admin API token.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    static final int MIN_PROVISIONED_TOKEN_LENGTH = 32;

    /** The file in the data directory that holds a generated first password. */
    static final String PASSWORD_FILE = "admin-password";

    @Inject
    AdminConfig config;

    @Inject
    UserCommands users;

    @Inject
    TokenCommands tokens;

    @ConfigProperty(name = "rewardsmith.data-dir")
    Optional<String> dataDir;

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
                Path file = writePasswordFile(
                        Path.of(dataDir.orElse(System.getProperty("user.home") + "/.rewardsmith")), chosen);
                LOG.warn(announcement(file));
            } else {
                LOG.info("Created user 'admin' with the configured password");
            }
        }
    }

    /** The log line of a generated password: where to read it, never the password. */
    static String announcement(Path file) {
        return "Created user 'admin' with a generated password, written to " + file + " (readable by this user"
                + " only): sign in, change it, then delete the file (or set rewardsmith.admin.password)";
    }

    /** Writes the password to {@code <dir>/admin-password}, created or replaced with mode 0600; the file. */
    static Path writePasswordFile(Path dir, String password) {
        Path file = dir.toAbsolutePath().resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated admin password to " + file, e);
        }
    }
}
