package dev.rewardsmith.work;

import java.time.Instant;

/**
 * One worker as the server last heard of it (docs/architecture.md, Workers).
 *
 * @param name the worker's name ({@code --name}, default host and process id)
 * @param cores the processors of its machine
 * @param concurrency trainings it runs at once at most
 * @param runningJobs trainings it ran at its last heartbeat
 * @param lastHeartbeat when that heartbeat arrived
 * @param lost true when no heartbeat came for {@link BrokerWire#LOST_AFTER_MILLIS}
 */
public record WorkerStatus(
        String name, int cores, int concurrency, int runningJobs, Instant lastHeartbeat, boolean lost) {

    WorkerStatus markedLost() {
        return new WorkerStatus(name, cores, concurrency, 0, lastHeartbeat, true);
    }
}
