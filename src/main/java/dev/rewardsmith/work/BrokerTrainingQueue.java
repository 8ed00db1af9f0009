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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training queue on RabbitMQ (docs/architecture.md, Workers): jobs go to a durable queue as persistent messages
 * under publisher confirms; workers report on a durable results queue; cancels go out on a fanout exchange.
 *
 * <p>Every submission gets a fresh random job id, recorded in the {@link JobLedger} (the server's database): a report
 * for a job this server did not send (or no longer follows) is refused and counted. A restarted server accepts the
 * reports of the jobs an earlier run of it sent, holds them until its resumed search {@link #reattach}es the job,
 * and does not send the job again. A report is acknowledged only once its listener stored it (a result after the
 * database commit), so a report the server had not stored when it stopped is delivered again to the next run.
 *
 * <p>A job the broker redelivers after its worker died is trained again from the start as a new run; the newest run
 * of a job is the one followed, and since a training is deterministic for its seed its first epochs repeat the dead
 * run's bit for bit, so epochs already reported are not reported again and exactly one result reaches the listener.
 * A worker that stops heartbeating is shown as lost; the broker requeues its jobs when its connection's AMQP
 * heartbeat times out. Reports are handled in arrival order on one thread.
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
    private final JobLedger ledger;
    /** Jobs an earlier run of the server sent and this one has not reattached yet, by job id (reports thread). */
    private final Map<String, JobLedger.Entry> previous = new ConcurrentHashMap<>();
    /** Their reports, held unacknowledged until the job is reattached (reports thread only). */
    private final Map<String, List<Delivery>> held = new java.util.HashMap<>();
    /** Handles reports in arrival order, and the periodic checks. */
    private final ScheduledExecutorService reports;

    private final long startedAt = System.nanoTime();
    private volatile boolean closed;
    private volatile Consumer<WorkerStatus> workerChanges = w -> {};

    /** Jobs of an earlier run not reattached this long after the start are withdrawn (their searches went on). */
    static final long REATTACH_WINDOW_MILLIS = 5 * 60_000;

    /** With a ledger in memory (no restart survives the process). */
    public BrokerTrainingQueue(String brokerUrl) throws IOException {
        this(brokerUrl, JobLedger.inMemory());
    }

    /**
     * @param brokerUrl amqp://user:pass@host:port[/vhost]
     * @param ledger where sent jobs are recorded; the jobs it holds are those an earlier run of the server sent
     */
    public BrokerTrainingQueue(String brokerUrl, JobLedger ledger) throws IOException {
        this.ledger = ledger;
        for (JobLedger.Entry e : ledger.outstanding()) previous.put(e.jobId(), e);
        ConnectionFactory factory = BrokerTrainingQueue.factory(brokerUrl);
        try {
            this.connection = factory.newConnection("rewardsmith-server");
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + redact(brokerUrl) + " did not answer", e);
        }
        reports = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-reports");
            t.setDaemon(true);
            return t;
        });
        try {
            declare(connection);
            publish = connection.createChannel();
            publish.confirmSelect();
            consume = connection.createChannel();
            consume.basicQos(256);
            consume.basicConsume(BrokerWire.RESULTS, false, "rewardsmith-server-results", new DefaultConsumer(consume) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    long deliveryTag = envelope.getDeliveryTag();
                    reports.execute(() -> {
                        try {
                            onReport(deliveryTag, body);
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "a worker's report could not be handled", e);
                            ack(deliveryTag);
                        }
                    });
                }
            });
            reports.scheduleWithFixedDelay(this::periodic, 1, 1, TimeUnit.SECONDS);
            // heartbeats on their own channel: a report waiting for room in a search's inbox holds up its channel
            Channel beatChannel = connection.createChannel();
            String beats = beatChannel.queueDeclare().getQueue(); // exclusive, auto-delete: this server's copy
            beatChannel.queueBind(beats, BrokerWire.HEARTBEATS, "");
            beatChannel.basicConsume(beats, true, new DefaultConsumer(beatChannel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    try {
                        BrokerWire.Heartbeat beat = BrokerWire.decodeHeartbeat(body);
                        WorkerStatus now = new WorkerStatus(
                                beat.worker(),
                                beat.cores(),
                                beat.concurrency(),
                                beat.runningJobs().size(),
                                Instant.now(),
                                false);
                        WorkerStatus before = workers.put(beat.worker(), now);
                        if (before == null
                                || before.lost()
                                || before.runningJobs() != now.runningJobs()
                                || before.concurrency() != now.concurrency()
                                || before.cores() != now.cores()) {
                            workerChanged(now);
                        }
                    } catch (IllegalArgumentException e) {
                        refused.incrementAndGet();
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            reports.shutdownNow();
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
        Followed followed = new Followed(jobId, job, listener);
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
            // recorded once the broker holds it: a restart between the two leaves an unknown job, whose start is
            // answered with a cancel, never a recorded job the broker does not hold
            ledger.sent(jobId, job.candidateId(), job.attempt());
        } catch (IOException | TimeoutException | RuntimeException e) {
            jobs.remove(jobId);
            cancel(jobId);
            listener.failed(new IllegalStateException("the job could not be handed to the broker: " + e.getMessage()));
            return () -> {};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.remove(jobId);
            listener.failed(new IllegalStateException("interrupted while handing the job to the broker"));
            return () -> {};
        }
        return followed;
    }

    /**
     * Follows again a job an earlier run of this server sent for the same training and attempt: the reports held
     * for it are handed to {@code listener} first, in arrival order, then the new ones; nothing is sent.
     */
    @Override
    public Handle reattach(TrainingJob job, Listener listener) {
        JobLedger.Entry entry = null;
        for (JobLedger.Entry e : previous.values()) {
            if (e.training().equals(job.candidateId())
                    && e.attempt() == job.attempt()
                    && (entry == null || e.sentAt().isAfter(entry.sentAt()))) {
                entry = e;
            }
        }
        if (entry == null) return null;
        JobLedger.Entry found = entry;
        Followed f = new Followed(found.jobId(), job, listener);
        f.run = found.run();
        // on the reports thread: the reports held so far go first, the next ones find the job followed
        reports.execute(() -> {
            if (previous.remove(found.jobId()) == null) return; // withdrawn meanwhile: not reattached in time
            List<Delivery> waiting = held.remove(found.jobId());
            if (f.withdrawn) {
                if (waiting != null) waiting.forEach(d -> ack(d.tag()));
                return;
            }
            jobs.put(found.jobId(), f);
            if (waiting != null) {
                for (Delivery d : waiting) {
                    try {
                        onReport(d.tag(), d.body());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a held report could not be handled", e);
                        ack(d.tag());
                    }
                }
            }
        });
        return f;
    }

    /** Calls {@code changes} (on the broker's threads) when a worker joins, changes its running jobs, or is lost. */
    public void onWorkerChanges(Consumer<WorkerStatus> changes) {
        workerChanges = changes == null ? w -> {} : changes;
    }

    private void workerChanged(WorkerStatus w) {
        try {
            workerChanges.accept(w);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "a worker change could not be announced", e);
        }
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

    /**
     * Handles one report on the reports thread. The message is acknowledged once its listener stored it (or at once
     * when it is refused or changes nothing); one for a job of an earlier run not yet reattached is held.
     */
    void onReport(long tag, byte[] body) {
        BrokerWire.Report report;
        try {
            report = BrokerWire.decodeReport(body);
        } catch (IllegalArgumentException e) {
            refused.incrementAndGet();
            LOG.warning("refused a malformed report: " + e.getMessage());
            ack(tag);
            return;
        }
        Followed f = jobs.get(report.jobId());
        if (f == null) {
            if (previous.containsKey(report.jobId())) {
                held.computeIfAbsent(report.jobId(), k -> new ArrayList<>()).add(new Delivery(tag, body));
                return;
            }
            refused.incrementAndGet();
            LOG.fine("refused a report for job " + report.jobId() + ", which this server does not follow");
            if (report instanceof BrokerWire.Started) cancel(report.jobId()); // a withdrawn job: stop its run
            ack(tag);
            return;
        }
        Runnable stored = () -> ack(tag);
        if (report instanceof BrokerWire.Started s) {
            if (f.run != null && !f.run.equals(s.run())) redelivered.incrementAndGet();
            f.run = s.run();
            try {
                ledger.started(report.jobId(), f.job.candidateId(), f.job.attempt(), s.run());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the start of job " + report.jobId() + " could not be recorded", e);
            }
            f.listener.event(new TrainingEvent.Started(s.worker(), s.device(), s.deviceReason()), stored);
            return;
        }
        if (!report.run().equals(f.run)) {
            refused.incrementAndGet(); // a report of a run that was replaced (or never started)
            ack(tag);
            return;
        }
        switch (report) {
            case BrokerWire.Epoch e -> {
                if (e.record().epoch() > f.epochs) {
                    f.epochs = e.record().epoch();
                    f.listener.event(new TrainingEvent.Epoch(e.record()), stored);
                } else ack(tag);
            }
            case BrokerWire.Checkpoint c -> {
                if (c.index() > f.checkpoint) {
                    f.checkpoint = c.index();
                    f.listener.event(new TrainingEvent.Checkpoint(c.index(), c.globalStep(), c.fitness()), stored);
                } else ack(tag);
            }
            case BrokerWire.Finished fin -> {
                if (jobs.remove(report.jobId(), f)) {
                    f.listener.event(new TrainingEvent.Finished(fin.result()), () -> forgetThenAck(f.jobId, tag));
                } else ack(tag);
            }
            case BrokerWire.Failed fail -> {
                if (jobs.remove(report.jobId(), f)) {
                    f.listener.failed(
                            fail.rewardsFault()
                                    ? new TrainingFailedException(fail.reason())
                                    : new IllegalStateException(
                                            "worker " + fail.worker() + " could not run it: " + fail.reason()),
                            () -> forgetThenAck(f.jobId, tag));
                } else ack(tag);
            }
            case BrokerWire.Started s -> throw new AssertionError();
        }
    }

    /** The result is stored: the job leaves the ledger, then its report the results queue. */
    private void forgetThenAck(String jobId, long tag) {
        try {
            ledger.forget(jobId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + jobId + " could not be forgotten", e);
        }
        ack(tag);
    }

    private void ack(long tag) {
        try {
            synchronized (consume) {
                consume.basicAck(tag, false);
            }
        } catch (IOException | RuntimeException e) {
            // the channel is gone: the broker delivers the report again, and it changes nothing a second time
            LOG.log(Level.FINE, "a report could not be acknowledged", e);
        }
    }

    /** Every second: workers gone silent are announced as lost; jobs of an earlier run never reattached go. */
    private void periodic() {
        try {
            Instant lostBefore = Instant.now().minusMillis(BrokerWire.LOST_AFTER_MILLIS);
            for (WorkerStatus w : workers.values()) {
                if (!w.lost() && w.lastHeartbeat().isBefore(lostBefore)) {
                    WorkerStatus lost = w.markedLost();
                    if (workers.replace(w.name(), w, lost)) workerChanged(lost);
                }
            }
            if (!previous.isEmpty() && System.nanoTime() - startedAt > REATTACH_WINDOW_MILLIS * 1_000_000) {
                for (JobLedger.Entry e : List.copyOf(previous.values())) {
                    if (previous.remove(e.jobId()) == null) continue;
                    List<Delivery> waiting = held.remove(e.jobId());
                    if (waiting != null) {
                        refused.addAndGet(waiting.size());
                        waiting.forEach(d -> ack(d.tag()));
                    }
                    LOG.info("job " + e.jobId() + " of an earlier run was not followed again; withdrawn");
                    cancel(e.jobId());
                    ledger.forget(e.jobId());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the periodic check of the broker queue failed", e);
        }
    }

    /** Stops following every job; what the broker holds stays for the next run of the server. */
    @Override
    public void close() {
        closed = true;
        reports.shutdownNow();
        try {
            connection.close(2_000);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing the broker connection", e);
        }
    }

    /** A report held until its job is reattached. */
    private record Delivery(long tag, byte[] body) {}

    /** A job this queue sent (or reattached), with the run it follows and how far that run's reports went. */
    private final class Followed implements Handle {
        final String jobId;
        final TrainingJob job;
        final Listener listener;
        volatile boolean withdrawn;
        String run;
        int epochs;
        int checkpoint = -1;

        Followed(String jobId, TrainingJob job, Listener listener) {
            this.jobId = jobId;
            this.job = job;
            this.listener = listener;
        }

        /** Withdrawn: the workers are told to stop it, and it leaves the ledger. */
        @Override
        public void cancel() {
            if (withdrawn || closed) return; // after close: a stop of the server, which withdraws nothing
            withdrawn = true;
            jobs.remove(jobId, this);
            BrokerTrainingQueue.this.cancel(jobId);
            try {
                ledger.forget(jobId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job " + jobId + " could not be forgotten", e);
            }
        }

        /** No longer followed here; the broker and the ledger keep it for the next run of the server. */
        @Override
        public void release() {
            withdrawn = true;
            jobs.remove(jobId, this);
        }
    }
}
