package dev.rewardsmith;

import dev.rewardsmith.store.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Starts Rewardsmith. With no database URL configured it first starts the embedded PostgreSQL in the data
 * directory ({@code rewardsmith.data-dir}, default {@code ~/.rewardsmith}) and points Quarkus at it. With
 * {@code search} as the first argument it runs one search headless instead ({@link dev.rewardsmith.cli.SearchCommand});
 * with {@code worker} it trains jobs from a broker ({@link dev.rewardsmith.worker.WorkerMain}).
 */
@QuarkusMain
public final class RewardsmithMain {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    private RewardsmithMain() {}

    public static void main(String... args) {
        // Rollout exports draw with AWT: never look for a display (AWT reads this once, before its first use).
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        if (!dev.rewardsmith.rl.PpoTrainer.vectorKernels()) {
            System.err.println("note: PPO training runs on its " + dev.rewardsmith.rl.PpoTrainer.kernels());
        }
        String mujocoLibrary = setting(dev.rewardsmith.mujoco.MuJoCo.LIBRARY_PROPERTY);
        if (mujocoLibrary != null && !mujocoLibrary.isBlank()) {
            // the command line and the worker; the server reads it from its configuration (CoreServices)
            dev.rewardsmith.mujoco.MuJoCo.useLibrary(mujocoLibrary);
        }
        if (args.length > 0 && args[0].equals("search")) {
            // headless: no server, no database
            System.exit(dev.rewardsmith.cli.SearchCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("worker")) {
            // a training worker on a broker: no server, no database (docs/architecture.md, Workers)
            System.exit(dev.rewardsmith.worker.WorkerMain.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(dev.rewardsmith.cli.SuiteBenchmark.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (setting(REACTIVE_URL) == null) {
            String dir = setting("rewardsmith.data-dir");
            Path dataDir = Path.of(dir != null ? dir : System.getProperty("user.home") + "/.rewardsmith");
            String port = setting("rewardsmith.embedded-db.port");
            EmbeddedDatabase db =
                    EmbeddedDatabase.start(dataDir.resolve("pg"), port == null ? 0 : Integer.parseInt(port));
            System.setProperty(REACTIVE_URL, db.reactiveUrl());
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", db.username());
            System.setProperty("quarkus.datasource.password", db.password());
            // Quarkus stops first (its own hook), then the database; closing twice is harmless.
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
        }
        Quarkus.run(args);
    }

    /** A setting from a system property or its environment variable (a.b-c -> A_B_C), before Quarkus starts. */
    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(
                    name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
