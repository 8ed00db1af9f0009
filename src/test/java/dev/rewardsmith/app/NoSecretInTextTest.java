package dev.rewardsmith.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.propose.LlmConnection;
import dev.rewardsmith.store.LlmConnectionRepository;
import dev.rewardsmith.store.SessionRecord;
import dev.rewardsmith.store.UserRecord;
import dev.rewardsmith.store.UserRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay out of text that may reach a log: records holding a key, a token, a password (hash) or a session
 * print without it, and the generated admin password goes to a private file whose path alone is logged.
 */
class NoSecretInTextTest {

    static final String SECRET = "sk-very-secret-0123456789";

    @Test
    void aConnectionPrintsWhetherItHasAKeyNeverTheKey() {
        LlmConnection c = new LlmConnection(
                "openai",
                "https://api.openai.com/v1",
                SECRET,
                null,
                "gpt-4o",
                1.0,
                null,
                LlmConnection.NPerRequest.AUTO,
                Duration.ofSeconds(30),
                4,
                3,
                false);
        assertFalse(c.toString().contains(SECRET), c.toString());
        assertTrue(c.toString().contains("apiKey=***") && c.toString().contains("gpt-4o"), c.toString());
        assertTrue(String.valueOf(java.util.List.of(c)).contains("apiKey=***"), "also inside collections");
        var settings = new LlmConnectionCommands.Settings(
                "https://x.example/v1", SECRET, null, "m", null, null, null, null, null, null);
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        var stored = new LlmConnectionRepository.StoredConnection(
                "n", "https://x.example/v1", SECRET, null, "m", 1.0, null, "auto", 1000, 1, 0);
        assertFalse(stored.toString().contains(SECRET), stored.toString());
    }

    @Test
    void theSameOriginIsSchemeHostAndPort() {
        LlmConnection c = new LlmConnection(
                "c",
                "https://api.example.com/v1",
                null,
                null,
                "m",
                1.0,
                null,
                LlmConnection.NPerRequest.AUTO,
                Duration.ofSeconds(30),
                1,
                0,
                false);
        assertTrue(c.sameOrigin("https://API.example.com:443/v2/"));
        assertFalse(c.sameOrigin("https://api.example.com.evil.example/v1"));
        assertFalse(c.sameOrigin("http://api.example.com/v1"));
        assertFalse(c.sameOrigin("https://api.example.com:8443/v1"));
    }

    @Test
    void tokensSessionsAndUsersPrintWithoutTheirSecrets() {
        OffsetDateTime now = OffsetDateTime.now();
        var token = new TokenCommands.CreatedToken("id", "ci", "viewer", SECRET, now);
        assertFalse(token.toString().contains(SECRET), token.toString());
        var session = new SessionCommands.NewSession(SECRET, SECRET + "-csrf");
        assertFalse(session.toString().contains(SECRET), session.toString());
        var stored = new SessionRecord(SECRET, 1, SECRET, now, now);
        assertFalse(stored.toString().contains(SECRET), stored.toString());
        var signedIn = new UserRepository.SignedIn(1, "ann", "viewer", SECRET);
        assertFalse(signedIn.toString().contains(SECRET), signedIn.toString());
        var user = new UserRecord(1, "ann", SECRET, "viewer", false, now);
        assertFalse(user.toString().contains(SECRET), user.toString());
        var change = new UserCommands.UserChange(null, null, SECRET);
        assertFalse(change.toString().contains(SECRET), change.toString());
        var out = new SignedOut(1, SECRET, "signed out");
        assertFalse(out.toString().contains(SECRET), out.toString());
    }

    @Test
    void theGeneratedAdminPasswordGoesToAPrivateFileAndTheLogNamesTheFileOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path file = AdminBootstrap.writePasswordFile(data, SECRET);
        assertEquals(data.toAbsolutePath().resolve("admin-password"), file);
        assertEquals(SECRET + "\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String line = AdminBootstrap.announcement(file);
        assertFalse(line.contains(SECRET), line);
        assertTrue(line.contains(file.toString()), line);
        // a later first start (a wiped database) replaces it, still private
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AdminBootstrap.writePasswordFile(data, "another-password");
        assertEquals("another-password\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
