package dev.rewardsmith.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.feedback.video.RolloutVideo;
import dev.rewardsmith.store.Rollouts;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Encodes exported rollouts on a small pool of its own: {@code rewardsmith.export.concurrency} encodes at once
 * (default 2), {@code queue} more wait (default 4), and further requests are refused at once with
 * {@link Busy} rather than piling up. Nothing is cached: each request renders its video and lets it go.
 */
@ApplicationScoped
public class RolloutExports {

    private static final Logger LOG = Logger.getLogger(RolloutExports.class);

    /** The two export formats. */
    public enum Format {
        GIF("image/gif", "gif"),
        MP4("video/mp4", "mp4");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    /** Every encoder is busy and the queue is full. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    ExportConfig config;

    @Inject
    TaskRegistry tasks;

    @Inject
    ObjectMapper json;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(
                config.concurrency(),
                config.concurrency(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.queue())),
                r -> {
                    Thread t = new Thread(r, "rollout-export-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Inject
    Rollouts rollouts;

    /**
     * The video of rollout {@code left} (and rollout {@code right} beside it, when not null) in {@code format}:
     * 404 for an unknown rollout, 400 (field {@code with}) for itself or another task's rollout, {@link Busy} when
     * the encoders and their queue are full.
     */
    public Uni<byte[]> export(Format format, UUID left, UUID right) {
        if (left.equals(right)) {
            throw new InvalidInput("with", "with: a rollout cannot be shown beside itself; pass another rollout");
        }
        return rollouts.stored(left).flatMap(l -> {
            if (l == null) throw new NotFoundException("no rollout " + left);
            if (right == null) return encode(format, l, null);
            return rollouts.stored(right).flatMap(r -> {
                if (r == null) throw new NotFoundException("with: no rollout " + right);
                if (!r.task().equals(l.task())) {
                    throw new InvalidInput(
                            "with",
                            "with: rollout " + right + " is of task " + r.task() + ", rollout " + left + " of task "
                                    + l.task() + "; a pair shows two rollouts of one task");
                }
                return encode(format, l, r);
            });
        });
    }

    /** The rollout as the player reads it (see {@link Rollouts#json}); 404 when absent. */
    public Uni<String> json(UUID id) {
        return rollouts.json(id).map(json -> {
            if (json == null) throw new NotFoundException("no rollout " + id);
            return json;
        });
    }

    /**
     * The video of {@code left} (and {@code right} beside it, when not null; same task) in {@code format}, encoded
     * on the export pool; fails with {@link Busy} when the pool and its queue are full.
     */
    Uni<byte[]> encode(Format format, Rollouts.Stored left, Rollouts.Stored right) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(render(format, left, right));
                    } catch (RuntimeException | Error e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new Busy(config.concurrency() + " exports are being encoded and " + config.queue()
                        + " are waiting; try again in " + config.retryAfterSeconds() + " seconds"));
            }
        });
    }

    private byte[] render(Format format, Rollouts.Stored left, Rollouts.Stored right) {
        long start = System.nanoTime();
        Task task = tasks.find(left.task())
                .orElseThrow(
                        () -> new IllegalStateException("rollout " + left.id() + " is of unknown task " + left.task()));
        RolloutVideo video = right == null
                ? new RolloutVideo(task.framesPerSecond(), side(left))
                : new RolloutVideo(task.framesPerSecond(), side(left), side(right));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        try {
            if (format == Format.GIF) video.writeGif(out);
            else video.writeMp4(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof(
                "exported %s%s as %s: %d frames in %d ms, %d KB",
                left.id(),
                right == null ? "" : " with " + right.id(),
                format.extension,
                video.frameCount(),
                (System.nanoTime() - start) / 1_000_000,
                out.size() / 1024);
        return out.toByteArray();
    }

    private RolloutVideo.Side side(Rollouts.Stored rollout) {
        return new RolloutVideo.Side(
                rollout.frames(json), rollout.candidate().toString().substring(0, 8) + "  seed " + rollout.seed());
    }
}
