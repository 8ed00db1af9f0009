package dev.rewardsmith.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The default database: a PostgreSQL server started from the application, with its data in a persistent
 * directory and {@code synchronous_commit=on} (a committed vote survives a crash). Started before Quarkus so that
 * Flyway and the SQL client find it; stopped by a shutdown hook.
 *
 * <p>It is built to survive a {@code kill -9} of the server (see docs/architecture.md, Persistence and recovery):
 * a watchdog process stops the PostgreSQL child within about a second of the server's death, and a start that
 * finds a PostgreSQL still running on its data directory (the watchdog was killed too) stops it first. It accepts
 * only password (SCRAM) connections on the loopback interface, with a generated secret kept beside the data
 * (mode 0600); there is no Unix socket.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);

    private final EmbeddedPostgres postgres;
    private final String password;
    private final Process watchdog;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password, Process watchdog) {
        this.postgres = postgres;
        this.password = password;
        this.watchdog = watchdog;
    }

    /**
     * Starts (or reopens) the database whose data lives in {@code dataDirectory}; port 0 picks a free one. The
     * password is read from {@code secret-file} beside the data directory, generated on the first start.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        try {
            Path parent = dataDirectory.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String password = secret(parent.resolve("db-secret"));
            stopOrphan(dataDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
            boolean legacyTrust = !fresh && trusts(dataDirectory.resolve("pg_hba.conf"));
            Path pwfile = Files.createTempFile(
                    parent,
                    "pw",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(pwfile, password + "\n");
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        // initdb (fresh data only): the superuser's password and SCRAM for every connection
                        .setLocaleConfig("pwfile", pwfile.toString())
                        .setLocaleConfig("auth", "scram-sha-256")
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("unix_socket_directories", "")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("fsync", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setOutputRedirector(Redirect.DISCARD)
                        .setErrorRedirector(Redirect.DISCARD);
                if (!legacyTrust) builder.setConnectConfig("password", password);
                if (port > 0) builder.setPort(port);
                EmbeddedPostgres pg = builder.start();
                if (legacyTrust) requirePasswords(pg.getPort(), dataDirectory, password);
                Process watchdog = watchdog(dataDirectory);
                return new EmbeddedDatabase(pg, password, watchdog);
            } finally {
                Files.deleteIfExists(pwfile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** The secret in {@code file}; a new random one (owner-only file) when there is none yet. */
    static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!stored.isEmpty()) return stored;
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Path tmp = Files.createTempFile(
                file.getParent(),
                "secret",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }

    private static boolean trusts(Path hba) throws IOException {
        if (!Files.exists(hba)) return false;
        return Files.readAllLines(hba).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .anyMatch(l -> l.endsWith(" trust") || l.endsWith("\ttrust"));
    }

    /** A data directory made before passwords were required: set the password, then switch every line to SCRAM. */
    private static void requirePasswords(int port, Path dataDirectory, String password) throws IOException {
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?user=" + USER);
                Statement s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter user " + USER + " password '" + password + "'");
            Files.writeString(
                    dataDirectory.resolve("pg_hba.conf"),
                    "# written by Rewardsmith: password (SCRAM) connections on the loopback interface only\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n"
                            + "host all all ::1/128 scram-sha-256\n");
            s.execute("select pg_reload_conf()");
            LOG.info("the embedded database now requires its password (was: trust)");
        } catch (SQLException e) {
            throw new IOException("could not set the embedded database's password", e);
        }
    }

    /**
     * A PostgreSQL left running on this data directory by a server that died without stopping it: stop it (smart
     * shutdown, then fast, then kill), so this start can take the directory. A stale lock file whose process is
     * gone, or belongs to another program, is removed (PostgreSQL would refuse it if the pid is alive).
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (handle.isEmpty() || !handle.get().isAlive()) return; // PostgreSQL removes a lock of a dead process
        if (!postgresOn(pid, dataDirectory)) {
            // another program reusing the pid, or a PostgreSQL that has exited but was not reaped (no command line)
            LOG.infof("removing %s: its pid %d is no PostgreSQL of this data directory now", pidFile, pid);
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warnf("stopping the PostgreSQL (pid %d) an earlier run left on %s", pid, dataDirectory);
        ProcessHandle p = handle.get();
        p.destroy(); // SIGTERM: smart shutdown; the dead server's connections are already closed
        if (waitFor(p, ORPHAN_STOP_WAIT)) return;
        signal(pid, "INT"); // fast shutdown
        if (waitFor(p, ORPHAN_STOP_WAIT)) return;
        p.destroyForcibly();
        waitFor(p, ORPHAN_STOP_WAIT);
    }

    private static boolean postgresOn(long pid, Path dataDirectory) {
        try {
            String cmdline =
                    Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            return cmdline.contains("postgres")
                    && cmdline.contains(dataDirectory.toAbsolutePath().toString());
        } catch (IOException e) {
            // no /proc: trust the command name
            return ProcessHandle.of(pid)
                    .flatMap(h -> h.info().command())
                    .map(c -> c.contains("postgres"))
                    .orElse(false);
        }
    }

    private static boolean waitFor(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warnf("could not send SIG%s to %d: %s", signal, pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A small process that outlives this JVM only to stop PostgreSQL (fast shutdown) within a second of the
     * JVM's death by any signal, so the database never runs orphaned for long. Null where there is no shell.
     */
    private static Process watchdog(Path dataDirectory) {
        long server = ProcessHandle.current().pid();
        Path pidFile = dataDirectory.toAbsolutePath().resolve("postmaster.pid");
        // the paths and pids are arguments ($1, $2), never spliced into the script's text
        String script = "pg=$(head -n 1 \"$1\" 2>/dev/null); "
                + "while kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
                + "[ -n \"$pg\" ] && grep -qs postgres \"/proc/$pg/cmdline\" && kill -INT \"$pg\"";
        try {
            return new ProcessBuilder(
                            "sh", "-c", script, "rewardsmith-db-watchdog", pidFile.toString(), Long.toString(server))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warnf(
                    "no watchdog for the embedded database (%s): after a crash it is stopped at the next start",
                    e.getMessage());
            return null;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (watchdog != null) watchdog.destroy();
        }
    }
}
