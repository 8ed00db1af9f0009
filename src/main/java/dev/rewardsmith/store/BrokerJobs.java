package dev.rewardsmith.store;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The jobs handed to the broker and still followed ({@code broker_jobs}; docs/architecture.md, Workers). Called from
 * search threads and the broker queue's reports thread, never from an event loop; each call waits for its commit.
 */
@ApplicationScoped
public class BrokerJobs {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /** One job: its id, the training's key and attempt, the run followed (null before a start), when sent. */
    public record Sent(String jobId, String training, int attempt, String run, Instant sentAt) {}

    public List<Sent> all() {
        List<Sent> out = new ArrayList<>();
        for (Row r : pool.query("select job_id, training, attempt, run, sent_at from broker_jobs order by sent_at")
                .execute()
                .await()
                .atMost(TIMEOUT)) {
            out.add(new Sent(
                    r.getUUID("job_id").toString(),
                    r.getString("training"),
                    r.getInteger("attempt"),
                    r.getString("run"),
                    r.getOffsetDateTime("sent_at").toInstant()));
        }
        return out;
    }

    public void sent(String jobId, String training, int attempt) {
        pool.preparedQuery("insert into broker_jobs (job_id, training, attempt) values ($1, $2, $3)"
                        + " on conflict (job_id) do nothing")
                .execute(Tuple.of(UUID.fromString(jobId), training, attempt))
                .await()
                .atMost(TIMEOUT);
    }

    /** Records the run followed; inserts the row when the start's report came before the send was recorded. */
    public void started(String jobId, String training, int attempt, String run) {
        pool.preparedQuery("insert into broker_jobs (job_id, training, attempt, run) values ($1, $2, $3, $4)"
                        + " on conflict (job_id) do update set run = excluded.run")
                .execute(Tuple.of(UUID.fromString(jobId), training, attempt, run))
                .await()
                .atMost(TIMEOUT);
    }

    public void forget(String jobId) {
        pool.preparedQuery("delete from broker_jobs where job_id = $1")
                .execute(Tuple.of(UUID.fromString(jobId)))
                .await()
                .atMost(TIMEOUT);
    }
}
