package dev.rewardsmith.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerTrainingQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workers authenticate with their own broker user (README.md, Scaling out): a refused user or password ends the
 * worker with exit code 3 and the reason; a user made with README's rabbitmqctl lines trains. Needs RabbitMQ at
 * {@link WorkerCluster#BROKER}, and rabbitmqctl (as on .ci/run's machines) to create the users: without either it
 * fails, saying so.
 */
class WorkerCredentialsTest {

    /** README's permissions for a worker's user: its queues and exchanges, and the broker-named reply queues. */
    static final String CONFIGURE = "^(rewardsmith\\..*|amq\\.gen-.*)$";

    static final String WRITE = "^(rewardsmith\\..*|amq\\.gen-.*|amq\\.default)$";
    static final String READ = "^(rewardsmith\\..*|amq\\.gen-.*)$";

    @BeforeAll
    static void broker() {
        WorkerCluster.requireBroker();
    }

    /** The test broker's URL with another user and password. */
    private static String as(String user, String password) {
        URI u = URI.create(WorkerCluster.BROKER);
        return "amqp://" + user + ":" + password + "@" + u.getHost() + ":" + u.getPort() + u.getRawPath();
    }

    private record Exit(int code, String err) {}

    private static Exit runWorker(String url) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> WorkerMain.run(
                new String[] {"--broker", url, "--name", "creds-test", "--concurrency", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        try {
            return new Exit(code.get(60, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("the worker did not exit: " + err.toString(StandardCharsets.UTF_8), e);
        }
    }

    @Test
    void aWrongPasswordEndsTheWorkerWithExitCode3AndTheReason() {
        String password = "wrong-" + UUID.randomUUID();
        Exit exit = runWorker(as(URI.create(WorkerCluster.BROKER).getUserInfo().split(":")[0], password));
        assertEquals(WorkerMain.REFUSED, exit.code(), exit.err());
        assertTrue(exit.err().contains("refused user '"), exit.err());
        assertTrue(exit.err().contains("': wrong user name or password"), exit.err());
        assertTrue(exit.err().contains("exit code 3"), exit.err());
        assertFalse(exit.err().contains(password), "the password is never printed");
    }

    @Test
    void aWorkerWithItsOwnUserTrainsAndOneWithoutPermissionsIsRefused() throws Exception {
        String user = "rs-test-worker";
        String bare = "rs-test-no-permissions";
        String password = UUID.randomUUID().toString();
        try {
            rabbitmqctl(true, "delete_user", user);
            rabbitmqctl(true, "delete_user", bare);
            rabbitmqctl(false, "add_user", user, password);
            rabbitmqctl(false, "set_permissions", "-p", "/", user, CONFIGURE, WRITE, READ);
            rabbitmqctl(false, "add_user", bare, password);

            Exit refused = runWorker(as(bare, password));
            assertEquals(WorkerMain.REFUSED, refused.code(), refused.err());
            assertTrue(refused.err().contains("refused user '" + bare + "': access refused ("), refused.err());

            try (BrokerTrainingQueue queue = new BrokerTrainingQueue(WorkerCluster.BROKER);
                    WorkerCluster cluster = new WorkerCluster()) {
                cluster.spawn("own-user", 1, as(user, password));
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (queue.workers().stream().noneMatch(w -> w.name().equals("own-user"))) {
                    assertTrue(System.nanoTime() < deadline, "no heartbeat from the worker with its own user");
                    Thread.sleep(50);
                }
                CompletableFuture<String> done = new CompletableFuture<>();
                var config = new TaskRegistry()
                        .find("cartpole").orElseThrow().ppoDefaults().toBuilder()
                                .totalTimesteps(2560)
                                .build();
                queue.submit(
                        new TrainingJob(
                                "own-user-candidate",
                                1,
                                "cartpole",
                                "double reward(CartPoleState s, Components c) { return 1.0; }",
                                null,
                                config,
                                3,
                                null),
                        new TrainingQueue.Listener() {
                            String worker;

                            @Override
                            public void event(TrainingEvent event) {
                                if (event instanceof TrainingEvent.Started s) worker = s.worker();
                                if (event instanceof TrainingEvent.Finished) done.complete(worker);
                            }

                            @Override
                            public void failed(Throwable error) {
                                done.completeExceptionally(error);
                            }
                        });
                assertEquals("own-user", done.get(120, TimeUnit.SECONDS));
            }
        } finally {
            rabbitmqctl(true, "delete_user", user);
            rabbitmqctl(true, "delete_user", bare);
        }
    }

    /** Runs rabbitmqctl; fails saying so when it cannot run (or, unless {@code mayFail}, when it fails). */
    private static void rabbitmqctl(boolean mayFail, String... args) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(java.util.stream.Stream.concat(
                                    java.util.stream.Stream.of("rabbitmqctl"), List.of(args).stream())
                            .toList())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "this test creates the workers' broker users with rabbitmqctl (README.md, Scaling out), which"
                            + " could not be run: " + e.getMessage(),
                    e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("rabbitmqctl " + args[0] + " did not end");
        if (p.exitValue() != 0 && !mayFail) {
            throw new AssertionError("rabbitmqctl " + String.join(" ", args[0]) + " failed: " + output);
        }
    }
}
