package dev.rewardsmith.work;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingFailedException;
import dev.rewardsmith.search.TrainingJob;
import dev.rewardsmith.search.TrainingQueue;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training queue on RabbitMQ (docs/architecture.md, Workers): jobs go to a durable queue as persistent messages
 * under publisher confirms; workers report on a durable results queue; cancels go out on a fanout exchange.
 *
 * <p>Every submission gets a fresh random job id, kept only here: a report for a job this queue did not send (or no
 * longer follows) is refused and counted. A job the broker redelivers after its worker died is trained again from
 * the start as a new run; the newest run of a job is the one followed, and since a training is deterministic for its
 * seed its first epochs repeat the dead run's bit for bit, so epochs already reported are not reported again and
 * exactly one result reaches the listener. A worker that stops heartbeating is shown as lost; the broker requeues
 * its jobs when its connection's AMQP heartbeat times out.
 */
public final class BrokerTrainingQueue implements TrainingQueue, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrokerTrainingQueue.class.getName());

    private final Connection connection;
    private final Channel publish;
    private final Channel consume;
    private final Map<String, Followed> jobs = new ConcurrentHashMap<>();
    private final Map<String, WorkerStatus> workers = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();

    /** @param brokerUrl amqp://user:pass@host:port[/vhost] */
    public BrokerTrainingQueue(String brokerUrl) throws IOException {
        ConnectionFactory factory = BrokerTrainingQueue.factory(brokerUrl);
        try {
            this.connection = factory.newConnection("rewardsmith-server");
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + redact(brokerUrl) + " did not answer", e);
        }
        try {
            declare(connection);
            publish = connection.createChannel();
            publish.confirmSelect();
            consume = connection.createChannel();
            consume.basicQos(256);
            consume.basicConsume(BrokerWire.RESULTS, false, "rewardsmith-server-results", new DefaultConsumer(consume) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws IOException {
                    try {
                        onReport(body);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a worker's report could not be handled", e);
                    }
                    consume.basicAck(envelope.getDeliveryTag(), false);
                }
            });
            // heartbeats on their own channel: a report waiting for room in a search's inbox holds up its channel
            Channel beatChannel = connection.createChannel();
            String beats = beatChannel.queueDeclare().getQueue(); // exclusive, auto-delete: this server's copy
            beatChannel.queueBind(beats, BrokerWire.HEARTBEATS, "");
            beatChannel.basicConsume(beats, true, new DefaultConsumer(beatChannel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    try {
                        BrokerWire.Heartbeat beat = BrokerWire.decodeHeartbeat(body);
                        workers.put(
                                beat.worker(),
                                new WorkerStatus(
                                        beat.worker(),
                                        beat.cores(),
                                        beat.concurrency(),
                                        beat.runningJobs().size(),
                                        Instant.now(),
                                        false));
                    } catch (IllegalArgumentException e) {
                        refused.incrementAndGet();
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            try {
                connection.close();
            } catch (IOException | RuntimeException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    /** The connection settings of a broker URL, with the AMQP heartbeat that lets the broker notice a dead peer. */
    public static ConnectionFactory factory(String brokerUrl) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(brokerUrl);
        } catch (java.net.URISyntaxException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the broker URL is not amqp://user:pass@host:port[/vhost]: " + e.getMessage());
        }
        factory.setRequestedHeartbeat(5);
        factory.setConnectionTimeout(5_000);
        factory.setMaxInboundMessageBodySize(BrokerWire.MAX_MESSAGE_BYTES);
        factory.setAutomaticRecoveryEnabled(true);
        return factory;
    }

    /** Declares the queues and exchanges both sides use (idempotent). */
    public static void declare(Connection connection) throws IOException {
        try (Channel ch = connection.createChannel()) {
            ch.queueDeclare(BrokerWire.JOBS, true, false, false, null);
            ch.queueDeclare(BrokerWire.RESULTS, true, false, false, null);
            ch.exchangeDeclare(BrokerWire.CONTROL, "fanout", false);
            ch.exchangeDeclare(BrokerWire.HEARTBEATS, "fanout", false);
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** The URL with its password replaced, for messages. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    /** Trainings the workers heard from (and not lost) run at once. */
    @Override
    public int capacity() {
        return workers().stream()
                .filter(w -> !w.lost())
                .mapToInt(WorkerStatus::concurrency)
                .sum();
    }

    @Override
    public Handle submit(TrainingJob job, Listener listener) {
        String jobId = UUID.randomUUID().toString();
        Followed followed = new Followed(job, listener);
        jobs.put(jobId, followed);
        try {
            byte[] body = BrokerWire.encodeJob(jobId, job);
            synchronized (publish) {
                publish.basicPublish(
                        "",
                        BrokerWire.JOBS,
                        MessageProperties.PERSISTENT_BASIC
                                .builder()
                                .messageId(jobId)
                                .build(),
                        body);
                publish.waitForConfirmsOrDie(10_000);
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            jobs.remove(jobId);
            listener.failed(new IllegalStateException("the job could not be handed to the broker: " + e.getMessage()));
            return () -> {};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.remove(jobId);
            listener.failed(new IllegalStateException("interrupted while handing the job to the broker"));
            return () -> {};
        }
        return () -> {
            if (jobs.remove(jobId) != null) cancel(jobId);
        };
    }

    /** Reports for jobs this queue never sent or no longer follows, and malformed messages. */
    public long refused() {
        return refused.get();
    }

    /** Runs that replaced a run of the same job (a worker died or lost its connection). */
    public long redelivered() {
        return redelivered.get();
    }

    /** Jobs sent and not yet finished, failed or withdrawn. */
    public int outstanding() {
        return jobs.size();
    }

    /** Every worker heard from, by name; one silent for {@link BrokerWire#LOST_AFTER_MILLIS} is marked lost. */
    public List<WorkerStatus> workers() {
        Instant lostBefore = Instant.now().minusMillis(BrokerWire.LOST_AFTER_MILLIS);
        List<WorkerStatus> out = new ArrayList<>();
        for (WorkerStatus w : workers.values()) {
            out.add(w.lastHeartbeat().isBefore(lostBefore) ? w.markedLost() : w);
        }
        out.sort(Comparator.comparing(WorkerStatus::name));
        return out;
    }

    private void cancel(String jobId) {
        try {
            synchronized (publish) {
                publish.basicPublish(BrokerWire.CONTROL, "", null, BrokerWire.encodeCancel(jobId));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the cancel of job " + jobId + " could not be sent", e);
        }
    }

    /** Handles one report on the consumer's thread; the message is acknowledged after this returns. */
    void onReport(byte[] body) {
        BrokerWire.Report report;
        try {
            report = BrokerWire.decodeReport(body);
        } catch (IllegalArgumentException e) {
            refused.incrementAndGet();
            LOG.warning("refused a malformed report: " + e.getMessage());
            return;
        }
        Followed f = jobs.get(report.jobId());
        if (f == null) {
            refused.incrementAndGet();
            LOG.fine("refused a report for job " + report.jobId() + ", which this server does not follow");
            if (report instanceof BrokerWire.Started) cancel(report.jobId()); // a withdrawn job: stop its run
            return;
        }
        synchronized (f) {
            if (report instanceof BrokerWire.Started s) {
                if (f.run != null && !f.run.equals(s.run())) redelivered.incrementAndGet();
                f.run = s.run();
                f.listener.event(new TrainingEvent.Started(s.worker(), s.device(), s.deviceReason()));
                return;
            }
            if (!report.run().equals(f.run)) {
                refused.incrementAndGet(); // a report of a run that was replaced (or never started)
                return;
            }
            switch (report) {
                case BrokerWire.Epoch e -> {
                    if (e.record().epoch() > f.epochs) {
                        f.epochs = e.record().epoch();
                        f.listener.event(new TrainingEvent.Epoch(e.record()));
                    }
                }
                case BrokerWire.Checkpoint c -> {
                    if (c.index() > f.checkpoint) {
                        f.checkpoint = c.index();
                        f.listener.event(new TrainingEvent.Checkpoint(c.index(), c.globalStep(), c.fitness()));
                    }
                }
                case BrokerWire.Finished fin -> {
                    if (jobs.remove(report.jobId(), f)) f.listener.event(new TrainingEvent.Finished(fin.result()));
                }
                case BrokerWire.Failed fail -> {
                    if (jobs.remove(report.jobId(), f)) {
                        f.listener.failed(
                                fail.rewardsFault()
                                        ? new TrainingFailedException(fail.reason())
                                        : new IllegalStateException(
                                                "worker " + fail.worker() + " could not run it: " + fail.reason()));
                    }
                }
                case BrokerWire.Started s -> throw new AssertionError();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close(2_000);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing the broker connection", e);
        }
    }

    /** A job this queue sent, with the run it follows and how far that run's reports went. */
    private static final class Followed {
        final TrainingJob job;
        final Listener listener;
        String run;
        int epochs;
        int checkpoint = -1;

        Followed(TrainingJob job, Listener listener) {
            this.job = job;
            this.listener = listener;
        }
    }
}
