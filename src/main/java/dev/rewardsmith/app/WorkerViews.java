package dev.rewardsmith.app;

import dev.rewardsmith.work.SearchService;
import dev.rewardsmith.work.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/** The workers this server trains on (docs/architecture.md, Workers): the Workers panel's list. */
@ApplicationScoped
public class WorkerViews {

    /**
     * One worker: {@code local} is this server's own pool; {@code lost} when its heartbeats stopped.
     *
     * @param concurrency trainings at once at most
     * @param runningJobs trainings running at its last heartbeat
     */
    public record WorkerView(
            String name, int cores, int concurrency, int runningJobs, OffsetDateTime lastHeartbeat, boolean lost) {

        static WorkerView of(WorkerStatus w) {
            return new WorkerView(
                    w.name(),
                    w.cores(),
                    w.concurrency(),
                    w.runningJobs(),
                    w.lastHeartbeat().atOffset(ZoneOffset.UTC),
                    w.lost());
        }
    }

    @Inject
    SearchService searches;

    public List<WorkerView> workers() {
        return searches.workers().stream().map(WorkerView::of).toList();
    }

    /**
     * Calls {@code changes} with a worker's new view when it joins, its running trainings change, or its heartbeats
     * stop (the live stream of the Workers panel); one listener, the last registered.
     */
    public void onChange(Consumer<WorkerView> changes) {
        searches.onWorkerChanges(w -> changes.accept(WorkerView.of(w)));
    }
}
