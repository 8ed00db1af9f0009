package dev.rewardsmith.worker;

import dev.rewardsmith.work.BrokerTrainingQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Locale;

/**
 * {@code worker}: trains the server's jobs from a RabbitMQ broker (docs/architecture.md, Workers). Needs no database
 * and no HTTP port. Runs until stopped; when the broker goes away it connects again every few seconds (the broker
 * has requeued the jobs it was training). Exit code 2 on bad arguments, {@value #REFUSED} when the broker refuses the
 * worker's user (a wrong name or password, or missing permissions): trying again would not help.
 */
public final class WorkerMain {

    static final String USAGE =
            """
            usage: java --add-modules jdk.incubator.vector -jar quarkus-run.jar worker --broker <url> [options]
              --broker <url>        amqp://user:pass@host:5672[/vhost] (or env REWARDSMITH_WORKERS_BROKER_URL)
              --concurrency <n>     trainings at once, 1-1024 (default: one per core)
              --name <name>         shown on the Workers panel (default: host name and process id)""";

    private static final long RECONNECT_MILLIS = 3_000;

    /** The exit code when the broker refuses the worker's credentials or permissions. */
    static final int REFUSED = 3;

    private WorkerMain() {}

    /** Runs the worker until the process is stopped; returns an exit code only for bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String broker = System.getenv("REWARDSMITH_WORKERS_BROKER_URL");
        int concurrency = Runtime.getRuntime().availableProcessors();
        String name = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--broker" -> broker = v;
                    case "--concurrency" -> {
                        try {
                            concurrency = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--concurrency must be a number, not '" + v + "'");
                        }
                        if (concurrency < 1 || concurrency > 1024) {
                            throw new IllegalArgumentException("--concurrency must be in [1, 1024]");
                        }
                    }
                    case "--name" -> {
                        if (!v.matches("[A-Za-z0-9._:-]{1,64}")) {
                            throw new IllegalArgumentException(
                                    "--name must be 1-64 letters, digits, '.', '_', ':' or '-'");
                        }
                        name = v;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (broker == null || broker.isBlank()) throw new IllegalArgumentException("--broker is required");
            if (!broker.toLowerCase(Locale.ROOT).startsWith("amqp://")
                    && !broker.toLowerCase(Locale.ROOT).startsWith("amqps://")) {
                throw new IllegalArgumentException("--broker must be an amqp:// or amqps:// URL");
            }
        } catch (IllegalArgumentException e) {
            err.println("worker: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (name == null) name = defaultName();
        Worker[] current = new Worker[1];
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Worker w;
                            synchronized (current) {
                                w = current[0];
                                current[0] = null;
                            }
                            if (w != null) w.close();
                        },
                        "worker-stop"));
        while (true) {
            try (Worker w = new Worker(broker, name, concurrency, out)) {
                synchronized (current) {
                    current[0] = w;
                }
                w.awaitClosed();
                synchronized (current) {
                    if (current[0] == null) return 0; // stopped by the shutdown hook, not a lost connection
                }
                err.println("worker " + name + ": the connection to the broker was lost; connecting again");
            } catch (IOException e) {
                String refused = refusal(e);
                if (refused != null) {
                    err.println("worker " + name + ": the broker at " + BrokerTrainingQueue.redact(broker)
                            + " refused user '" + user(broker) + "': " + refused
                            + ". Give each worker its own broker user with the permissions README.md"
                            + " \"Scaling out\" lists (rabbitmqctl add_user and set_permissions); exit code "
                            + REFUSED);
                    return REFUSED;
                }
                err.println("worker " + name + ": cannot reach the broker at " + BrokerTrainingQueue.redact(broker)
                        + ": " + (e.getMessage() != null || e.getCause() == null ? e.getMessage() : e.getCause())
                        + "; trying again in " + RECONNECT_MILLIS / 1000 + " s");
            } catch (InterruptedException e) {
                return 0;
            }
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                return 0;
            }
        }
    }

    /** Entry point for a worker started directly with {@code java -cp}. */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** What the broker said when it refused the worker's user or its permissions; null for any other failure. */
    static String refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.rabbitmq.client.PossibleAuthenticationFailureException) {
                return "wrong user name or password";
            }
            String m = t.getMessage();
            // 403 ACCESS_REFUSED: no permission on a queue or exchange; 530 NOT_ALLOWED: none on the vhost
            if (m != null && (m.contains("ACCESS_REFUSED") || m.contains("NOT_ALLOWED - access to vhost"))) {
                int at = m.indexOf("reply-text=");
                String text = at < 0 ? m : m.substring(at + "reply-text=".length());
                int end = text.indexOf(", class-id");
                return "access refused (" + (end < 0 ? text : text.substring(0, end)) + ")";
            }
        }
        return null;
    }

    /** The user name of an amqp:// URL ("guest" when it names none, as the client assumes). */
    static String user(String url) {
        try {
            String info = java.net.URI.create(url).getRawUserInfo();
            if (info == null || info.isEmpty()) return "guest";
            int colon = info.indexOf(':');
            return java.net.URLDecoder.decode(
                    colon < 0 ? info : info.substring(0, colon), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "worker";
        }
        String n = (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._:-]", "-");
        return n.length() > 64 ? n.substring(n.length() - 64) : n;
    }
}
