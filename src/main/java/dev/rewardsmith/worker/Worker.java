package dev.rewardsmith.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.TrainingEvent;
import dev.rewardsmith.search.TrainingFailedException;
import dev.rewardsmith.search.TrainingQueue;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.BrokerTrainingQueue;
import dev.rewardsmith.work.BrokerWire;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker process (docs/architecture.md, Workers): takes training jobs from the broker, trains them with the same
 * in-process pool the server uses, and reports started, every epoch and checkpoint, and the result or the failure on
 * the results queue. A job is acknowledged only once its last report was confirmed by the broker, so a worker that
 * dies leaves its jobs to be redelivered. A cancel from the server stops a running job between epochs.
 */
final class Worker implements AutoCloseable {

    private final String name;
    private final int concurrency;
    private final PrintStream log;
    private final InProcessTrainingQueue pool;
    private final Connection connection;
    private final Channel jobs;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Job ids cancelled by the server, the newest 10 000 (a job may arrive after its cancel). */
    private final Set<String> cancelled = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    }));

    private final ScheduledExecutorService beats;
    private final CountDownLatch closed = new CountDownLatch(1);

    Worker(String brokerUrl, String name, int concurrency, PrintStream log) throws IOException {
        this.name = name;
        this.concurrency = concurrency;
        this.log = log;
        ConnectionFactory factory = BrokerTrainingQueue.factory(brokerUrl);
        // a lost connection ends this session (its jobs are requeued by the broker); WorkerMain connects anew
        factory.setAutomaticRecoveryEnabled(false);
        try {
            connection = factory.newConnection("rewardsmith-worker " + name);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not answer", e);
        }
        connection.addShutdownListener(cause -> closed.countDown());
        try {
            BrokerTrainingQueue.declare(connection);
        } catch (IOException | RuntimeException e) {
            connection.abort(); // refused permissions: this session never started
            throw e;
        }
        pool = new InProcessTrainingQueue(concurrency, new TaskRegistry(), new RewardCompiler());

        Channel control = connection.createChannel();
        String mine = control.queueDeclare().getQueue();
        control.queueBind(mine, BrokerWire.CONTROL, "");
        control.basicConsume(mine, true, new DefaultConsumer(control) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                try {
                    String jobId = BrokerWire.decodeCancel(body);
                    cancelled.add(jobId);
                    Running r = running.get(jobId);
                    if (r != null) r.cancel();
                } catch (IllegalArgumentException e) {
                    log.println("worker " + name + ": ignored a malformed control message: " + e.getMessage());
                }
            }
        });

        Channel beatChannel = connection.createChannel();
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleAtFixedRate(
                () -> {
                    try {
                        byte[] beat = BrokerWire.encode(new BrokerWire.Heartbeat(
                                name,
                                Runtime.getRuntime().availableProcessors(),
                                concurrency,
                                new ArrayList<>(running.keySet())));
                        synchronized (beatChannel) {
                            beatChannel.basicPublish(BrokerWire.HEARTBEATS, "", null, beat);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the connection is going: the session ends through its shutdown listener
                    }
                },
                0,
                BrokerWire.HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);

        jobs = connection.createChannel();
        jobs.basicQos(concurrency);
        jobs.basicConsume(BrokerWire.JOBS, false, "rewardsmith-worker-" + name, new DefaultConsumer(jobs) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                onJob(envelope.getDeliveryTag(), body);
            }
        });
        log.println("worker " + name + ": " + concurrency + " trainings at once, waiting for jobs");
    }

    /** Blocks until the connection to the broker is gone. */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void onJob(long tag, byte[] body) throws IOException {
        BrokerWire.JobMessage message;
        try {
            message = BrokerWire.decodeJob(body);
        } catch (IllegalArgumentException e) {
            log.println("worker " + name + ": dropped a malformed job: " + e.getMessage());
            synchronized (jobs) {
                jobs.basicReject(tag, false);
            }
            return;
        }
        String jobId = message.jobId();
        if (cancelled.contains(jobId)) {
            ack(tag);
            return;
        }
        Channel out = connection.createChannel();
        out.confirmSelect();
        Running r = new Running(jobId, UUID.randomUUID().toString(), tag, out);
        running.put(jobId, r);
        log.println("worker " + name + ": training job " + jobId + " (candidate "
                + message.job().candidateId() + ", attempt " + message.job().attempt() + ", run " + r.run + ")");
        r.handle = pool.submit(message.job(), r);
    }

    private void ack(long tag) throws IOException {
        synchronized (jobs) {
            jobs.basicAck(tag, false);
        }
    }

    /** One run of a job on this worker: the pool's listener, reporting to the broker. */
    private final class Running implements TrainingQueue.Listener {
        final String jobId;
        final String run;
        final long tag;
        final Channel out;
        volatile TrainingQueue.Handle handle;

        Running(String jobId, String run, long tag, Channel out) {
            this.jobId = jobId;
            this.run = run;
            this.tag = tag;
            this.out = out;
        }

        @Override
        public void event(TrainingEvent event) {
            switch (event) {
                case TrainingEvent.Started s ->
                    send(new BrokerWire.Started(jobId, run, name, s.device(), s.deviceReason()));
                case TrainingEvent.Epoch e -> send(new BrokerWire.Epoch(jobId, run, name, e.record()));
                case TrainingEvent.Checkpoint c ->
                    send(new BrokerWire.Checkpoint(jobId, run, name, c.index(), c.globalStep(), c.fitness()));
                case TrainingEvent.Finished f -> last(new BrokerWire.Finished(jobId, run, name, f.result()));
            }
        }

        @Override
        public void failed(Throwable error) {
            boolean rewardsFault = error instanceof TrainingFailedException;
            String reason = rewardsFault || error.getMessage() == null ? error.getMessage() : error.toString();
            last(new BrokerWire.Failed(jobId, run, name, rewardsFault, String.valueOf(reason)));
        }

        private void send(BrokerWire.Report report) {
            byte[] body;
            try {
                body = BrokerWire.encode(report);
            } catch (IllegalArgumentException e) {
                body = BrokerWire.encode(new BrokerWire.Failed(jobId, run, name, false, e.getMessage()));
            }
            try {
                out.basicPublish("", BrokerWire.RESULTS, MessageProperties.PERSISTENT_BASIC, body);
            } catch (IOException | RuntimeException e) {
                // the connection is lost: the job is not acknowledged, the broker gives it to another worker
                abandon();
            }
        }

        /** The last report: acknowledged only after the broker confirmed every report of this run. */
        private void last(BrokerWire.Report report) {
            send(report);
            try {
                out.waitForConfirmsOrDie(30_000);
                ack(tag);
            } catch (IOException | TimeoutException | RuntimeException e) {
                log.println("worker " + name + ": job " + jobId + " was not confirmed (" + e
                        + "); the broker redelivers it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finish();
            }
        }

        /** Stops the run (a cancel from the server): the job is acknowledged, nothing more is reported. */
        void cancel() {
            TrainingQueue.Handle h = handle;
            if (h != null) h.cancel();
            if (running.remove(jobId, this)) {
                try {
                    ack(tag);
                } catch (IOException | RuntimeException e) {
                    // the connection is gone; the broker requeues the job and the server ignores its new run
                }
                close(out);
            }
        }

        /** Stops the run without acknowledging its job. */
        private void abandon() {
            TrainingQueue.Handle h = handle;
            if (h != null) h.cancel();
            finish();
        }

        private void finish() {
            running.remove(jobId, this);
            close(out);
        }
    }

    private static void close(Channel channel) {
        try {
            if (channel.isOpen()) channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            // closing a channel of a lost connection
        }
    }

    /** Stops taking jobs and closes the connection; unacknowledged jobs go back to the queue. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            if (connection.isOpen()) connection.close(2_000);
        } catch (IOException | RuntimeException e) {
            // already closed
        }
        pool.close();
        closed.countDown();
    }
}
