package dev.rewardsmith.work;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a server handed to the broker and still follows, kept where a restart of the server finds them
 * (docs/architecture.md, Workers): the server's database ({@code broker_jobs}), or memory for a queue without one.
 * A restarted server accepts the reports of these jobs and follows them again instead of sending them twice.
 */
public interface JobLedger {

    /**
     * One job sent.
     *
     * @param jobId the id the server gave it
     * @param training the training's key ({@code TrainingJob.candidateId}: a candidate, or an evaluation training)
     * @param attempt the training's attempt
     * @param run the run (delivery) the server follows; null until a worker started it
     * @param sentAt when it was recorded
     */
    record Entry(String jobId, String training, int attempt, String run, Instant sentAt) {}

    /** Every job recorded and not forgotten. */
    List<Entry> outstanding();

    /** The job was handed to the broker (recorded once the broker confirmed it; a repeat changes nothing). */
    void sent(String jobId, String training, int attempt);

    /** A worker started {@code run} of the job, the run the server now follows (recorded even before sent). */
    void started(String jobId, String training, int attempt, String run);

    /** The job's result was stored, or it was withdrawn: nothing more is followed. */
    void forget(String jobId);

    /** A ledger in memory: survives a new queue in the same process (the tests' restarts), not the process. */
    static JobLedger inMemory() {
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        return new JobLedger() {
            @Override
            public List<Entry> outstanding() {
                return new ArrayList<>(entries.values());
            }

            @Override
            public void sent(String jobId, String training, int attempt) {
                entries.putIfAbsent(jobId, new Entry(jobId, training, attempt, null, Instant.now()));
            }

            @Override
            public void started(String jobId, String training, int attempt, String run) {
                entries.merge(
                        jobId,
                        new Entry(jobId, training, attempt, run, Instant.now()),
                        (old, fresh) -> new Entry(jobId, training, attempt, run, old.sentAt()));
            }

            @Override
            public void forget(String jobId) {
                entries.remove(jobId);
            }
        };
    }
}
