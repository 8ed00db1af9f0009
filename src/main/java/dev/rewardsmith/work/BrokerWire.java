package dev.rewardsmith.work;

import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.search.TrainingJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The messages between the server and its workers (docs/architecture.md, Workers): the broker's names and a
 * binary encoding that keeps every double's bits, so a training on a worker reports exactly what it would report
 * in process. Policies (the only large payloads) are deflated. A message is at most {@link #MAX_MESSAGE_BYTES};
 * decoding refuses anything malformed with {@link IllegalArgumentException} (a worker's message is untrusted input).
 */
public final class BrokerWire {

    /** Durable queue of training jobs; every worker consumes from it. */
    public static final String JOBS = "rewardsmith.jobs";

    /** Durable queue of what the workers report about jobs; the server consumes from it. */
    public static final String RESULTS = "rewardsmith.results";

    /** Fanout exchange of the server's commands to every worker (cancel a job). */
    public static final String CONTROL = "rewardsmith.control";

    /** Fanout exchange of the workers' heartbeats. */
    public static final String HEARTBEATS = "rewardsmith.heartbeats";

    /** Largest message either side sends or accepts: 64 MiB (RabbitMQ's own default limit is 128 MiB). */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;

    /** How often a worker sends its heartbeat. */
    public static final long HEARTBEAT_MILLIS = 2_000;

    /** A worker not heard from for this long is shown as lost. */
    public static final long LOST_AFTER_MILLIS = 5 * HEARTBEAT_MILLIS;

    /** 2: a Started report says where the job trains; metrics records carry rewardMean. */
    private static final int VERSION = 2;

    private BrokerWire() {}

    /** What a worker reports about one run of a job; {@code run} names the run (a redelivery is a new run). */
    public sealed interface Report {
        String jobId();

        String run();

        String worker();
    }

    /** {@code device} and {@code deviceReason} as in the search's TrainingEvent.Started. */
    public record Started(String jobId, String run, String worker, String device, String deviceReason)
            implements Report {}

    public record Epoch(String jobId, String run, String worker, MetricsRecord record) implements Report {}

    public record Checkpoint(String jobId, String run, String worker, int index, long globalStep, double fitness)
            implements Report {}

    public record Finished(String jobId, String run, String worker, TrainingResult result) implements Report {}

    /**
     * @param rewardsFault true when the reward or the settings made the training fail (a candidate's failure), false
     *     when the worker could not run it
     */
    public record Failed(String jobId, String run, String worker, boolean rewardsFault, String reason)
            implements Report {}

    /** A worker's heartbeat. */
    public record Heartbeat(String worker, int cores, int concurrency, List<String> runningJobs) {
        public Heartbeat {
            runningJobs = List.copyOf(runningJobs);
        }
    }

    // ---- jobs

    public static byte[] encodeJob(String jobId, TrainingJob job) {
        return write(out -> {
            out.writeInt(VERSION);
            out.writeUTF(jobId);
            out.writeUTF(job.candidateId());
            out.writeInt(job.attempt());
            out.writeUTF(job.task());
            writeLongString(out, job.program());
            out.writeBoolean(job.humanReward() != null);
            if (job.humanReward() != null) writeLongString(out, job.humanReward());
            writeConfig(out, job.config());
            out.writeLong(job.seed());
            out.writeBoolean(job.initialPolicy() != null);
            if (job.initialPolicy() != null) writeBytes(out, deflate(job.initialPolicy()));
        });
    }

    /** A job as a worker receives it. */
    public record JobMessage(String jobId, TrainingJob job) {}

    public static JobMessage decodeJob(byte[] body) {
        return read(body, in -> {
            version(in);
            String jobId = in.readUTF();
            String candidateId = in.readUTF();
            int attempt = in.readInt();
            String task = in.readUTF();
            String program = readLongString(in);
            String human = in.readBoolean() ? readLongString(in) : null;
            PpoConfig config = readConfig(in);
            long seed = in.readLong();
            byte[] policy = in.readBoolean() ? inflate(readBytes(in)) : null;
            return new JobMessage(
                    jobId, new TrainingJob(candidateId, attempt, task, program, human, config, seed, policy));
        });
    }

    // ---- reports

    private static final byte STARTED = 1, EPOCH = 2, CHECKPOINT = 3, FINISHED = 4, FAILED = 5;

    public static byte[] encode(Report report) {
        return write(out -> {
            out.writeInt(VERSION);
            out.writeByte(
                    switch (report) {
                        case Started s -> STARTED;
                        case Epoch e -> EPOCH;
                        case Checkpoint c -> CHECKPOINT;
                        case Finished f -> FINISHED;
                        case Failed f -> FAILED;
                    });
            out.writeUTF(report.jobId());
            out.writeUTF(report.run());
            out.writeUTF(report.worker());
            switch (report) {
                case Started s -> {
                    out.writeUTF(s.device() == null ? "" : s.device());
                    writeLongString(out, s.deviceReason() == null ? "" : s.deviceReason());
                }
                case Epoch e -> writeRecord(out, e.record());
                case Checkpoint c -> {
                    out.writeInt(c.index());
                    out.writeLong(c.globalStep());
                    out.writeDouble(c.fitness());
                }
                case Finished f -> writeResult(out, f.result());
                case Failed f -> {
                    out.writeBoolean(f.rewardsFault());
                    writeLongString(out, f.reason());
                }
            }
        });
    }

    public static Report decodeReport(byte[] body) {
        return read(body, in -> {
            version(in);
            byte kind = in.readByte();
            String jobId = in.readUTF();
            String run = in.readUTF();
            String worker = in.readUTF();
            return switch (kind) {
                case STARTED ->
                    new Started(jobId, run, worker, emptyAsNull(in.readUTF()), emptyAsNull(readLongString(in)));
                case EPOCH -> new Epoch(jobId, run, worker, readRecord(in));
                case CHECKPOINT -> new Checkpoint(jobId, run, worker, in.readInt(), in.readLong(), in.readDouble());
                case FINISHED -> new Finished(jobId, run, worker, readResult(in));
                case FAILED -> new Failed(jobId, run, worker, in.readBoolean(), readLongString(in));
                default -> throw new IllegalArgumentException("unknown report kind " + kind);
            };
        });
    }

    // ---- heartbeats and control

    public static byte[] encode(Heartbeat beat) {
        return write(out -> {
            out.writeInt(VERSION);
            out.writeUTF(beat.worker());
            out.writeInt(beat.cores());
            out.writeInt(beat.concurrency());
            out.writeInt(beat.runningJobs().size());
            for (String job : beat.runningJobs()) out.writeUTF(job);
        });
    }

    public static Heartbeat decodeHeartbeat(byte[] body) {
        return read(body, in -> {
            version(in);
            String worker = in.readUTF();
            int cores = in.readInt();
            int concurrency = in.readInt();
            int n = count(in.readInt(), 4096);
            List<String> jobs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) jobs.add(in.readUTF());
            return new Heartbeat(worker, cores, concurrency, jobs);
        });
    }

    /** The server's command to every worker: stop (or never start) this job. */
    public static byte[] encodeCancel(String jobId) {
        return write(out -> {
            out.writeInt(VERSION);
            out.writeUTF(jobId);
        });
    }

    public static String decodeCancel(byte[] body) {
        return read(body, in -> {
            version(in);
            return in.readUTF();
        });
    }

    // ---- parts

    private static void writeRecord(DataOutputStream out, MetricsRecord r) throws IOException {
        out.writeInt(r.epoch());
        out.writeLong(r.globalStep());
        out.writeDouble(r.stepsPerSecond());
        out.writeDouble(r.episodicReturn());
        out.writeDouble(r.episodeLength());
        out.writeDouble(r.fitness());
        out.writeInt(r.componentNames().size());
        for (String name : r.componentNames()) out.writeUTF(name);
        for (double m : r.componentMeans()) out.writeDouble(m);
        out.writeDouble(r.humanReward());
        out.writeDouble(r.policyLoss());
        out.writeDouble(r.valueLoss());
        out.writeDouble(r.entropy());
        out.writeDouble(r.approxKl());
        out.writeDouble(r.clipFraction());
        out.writeDouble(r.learningRate());
        out.writeDouble(r.rewardMean());
    }

    private static MetricsRecord readRecord(DataInputStream in) throws IOException {
        int epoch = in.readInt();
        long globalStep = in.readLong();
        double sps = in.readDouble();
        double ret = in.readDouble();
        double len = in.readDouble();
        double fitness = in.readDouble();
        int n = count(in.readInt(), 1024);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(in.readUTF());
        double[] means = new double[n];
        for (int i = 0; i < n; i++) means[i] = in.readDouble();
        return new MetricsRecord(
                epoch,
                globalStep,
                sps,
                ret,
                len,
                fitness,
                names,
                means,
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble());
    }

    private static void writeResult(DataOutputStream out, TrainingResult r) throws IOException {
        out.writeDouble(r.fitness());
        double[] checkpoints = r.checkpointFitness();
        out.writeInt(checkpoints.length);
        for (double f : checkpoints) out.writeDouble(f);
        out.writeInt(r.bestCheckpoint());
        writeBytes(out, deflate(r.bestPolicy()));
        out.writeLong(r.globalSteps());
        out.writeDouble(r.wallSeconds());
    }

    private static TrainingResult readResult(DataInputStream in) throws IOException {
        double fitness = in.readDouble();
        double[] checkpoints = new double[count(in.readInt(), 1024)];
        for (int i = 0; i < checkpoints.length; i++) checkpoints[i] = in.readDouble();
        int best = in.readInt();
        byte[] policy = inflate(readBytes(in));
        return new TrainingResult(fitness, checkpoints, best, policy, in.readLong(), in.readDouble());
    }

    /** PpoConfig by its record components in declaration order (both sides run the same jar). */
    private static void writeConfig(DataOutputStream out, PpoConfig config) throws IOException {
        RecordComponent[] components = PpoConfig.class.getRecordComponents();
        out.writeInt(components.length);
        for (RecordComponent c : components) {
            Object v;
            try {
                v = c.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            switch (v) {
                case Long l -> out.writeLong(l);
                case Integer i -> out.writeInt(i);
                case Double d -> out.writeDouble(d);
                case Boolean b -> out.writeBoolean(b);
                case List<?> list -> {
                    out.writeInt(list.size());
                    for (Object o : list) out.writeInt((Integer) o);
                }
                default -> throw new IllegalStateException("PpoConfig." + c.getName() + " has no wire form");
            }
        }
    }

    private static PpoConfig readConfig(DataInputStream in) throws IOException {
        RecordComponent[] components = PpoConfig.class.getRecordComponents();
        if (in.readInt() != components.length) {
            throw new IllegalArgumentException("the job's PPO settings come from another version");
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            if (t == long.class) values[i] = in.readLong();
            else if (t == int.class) values[i] = in.readInt();
            else if (t == double.class) values[i] = in.readDouble();
            else if (t == boolean.class) values[i] = in.readBoolean();
            else if (t == List.class) {
                int n = count(in.readInt(), 64);
                List<Integer> list = new ArrayList<>(n);
                for (int j = 0; j < n; j++) list.add(in.readInt());
                values[i] = list;
            } else throw new IllegalStateException("PpoConfig." + components[i].getName() + " has no wire form");
        }
        try {
            return PpoConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "the job's PPO settings were refused: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeLongString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readLongString(DataInputStream in) throws IOException {
        return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = count(in.readInt(), MAX_MESSAGE_BYTES);
        if (n > in.available()) throw new IllegalArgumentException("a length runs past the message's end");
        return in.readNBytes(n);
    }

    private static int count(int n, int max) {
        if (n < 0 || n > max) throw new IllegalArgumentException("a count of " + n + " is out of range");
        return n;
    }

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static void version(DataInputStream in) throws IOException {
        int v = in.readInt();
        if (v != VERSION) throw new IllegalArgumentException("message version " + v + ", this side speaks " + VERSION);
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Inflates at most {@link #MAX_MESSAGE_BYTES} (a small message must not unpack into a huge one). */
    static byte[] inflate(byte[] packed) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 2);
            byte[] buf = new byte[64 * 1024];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new IllegalArgumentException("a compressed policy is truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_MESSAGE_BYTES) throw new IllegalArgumentException("a policy unpacks too large");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a compressed policy is malformed: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.size() > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(
                    "a message of " + bytes.size() + " bytes is over the limit of " + MAX_MESSAGE_BYTES);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] body, Reader<T> r) {
        if (body == null || body.length > MAX_MESSAGE_BYTES) throw new IllegalArgumentException("no or oversized body");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            T value = r.read(in);
            if (in.available() != 0) throw new IllegalArgumentException("trailing bytes after the message");
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("a truncated message: " + e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) throw e;
            throw new IllegalArgumentException("a malformed message: " + e.getMessage());
        }
    }
}
