package dev.rewardsmith.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads stored rollouts without blocking (for requests on the event loop). */
@ApplicationScoped
public class Rollouts {

    /** A rollout's listing entry. */
    public record Summary(String id, long seed, int steps, double fitness) {}

    /**
     * A stored rollout as it is exported: who recorded it, on which task and seed, and its compressed body. Reading
     * the frames decompresses and parses them: CPU work, for a worker thread.
     */
    public record Stored(UUID id, UUID candidate, String task, long seed, double fitness, byte[] data) {

        /** The frames, parsed and validated; throws InvalidFrameException naming the first bad one. */
        public List<Frame> frames(ObjectMapper json) {
            return RolloutJson.frames(RolloutJson.gunzip(data), json);
        }
    }

    @Inject
    Pool pool;

    @Inject
    TaskRegistry tasks;

    public Uni<List<Summary>> of(UUID candidate) {
        return pool.preparedQuery("select id, seed, steps, fitness from rollouts where candidate_id = $1 order by seed")
                .execute(Tuple.of(candidate))
                .map(rows -> {
                    List<Summary> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Summary(
                                r.getUUID("id").toString(),
                                r.getLong("seed"),
                                r.getInteger("steps"),
                                r.getDouble("fitness")));
                    }
                    return out;
                });
    }

    /** The stored rollout; null if absent. */
    public Uni<Stored> stored(UUID id) {
        return pool.preparedQuery(
                        "select r.candidate_id, r.seed, r.fitness, r.data, s.task from rollouts r join"
                                + " candidates c on c.id = r.candidate_id join searches s on s.id = c.search_id where r.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    for (Row r : rows) {
                        return new Stored(
                                id,
                                r.getUUID("candidate_id"),
                                r.getString("task"),
                                r.getLong("seed"),
                                r.getDouble("fitness"),
                                r.getBuffer("data").getBytes());
                    }
                    return null;
                });
    }

    /**
     * The rollout as JSON ({@code id, candidate, task, framesPerSecond, seed, fitness, components, frames, steps});
     * null if absent. {@code framesPerSecond} is the task's, so a player shows the episode at its real pace.
     */
    public Uni<String> json(UUID id) {
        return stored(id).map(r -> {
            if (r == null) return null;
            String body = RolloutJson.gunzip(r.data());
            // a task no longer registered still plays, at Task's default rate
            int fps = tasks.find(r.task()).map(Task::framesPerSecond).orElse(50);
            return "{\"id\":\"" + id + "\",\"candidate\":\"" + r.candidate() + "\",\"task\":\"" + r.task()
                    + "\",\"framesPerSecond\":" + fps + ",\"seed\":" + r.seed() + ",\"fitness\":" + r.fitness() + ","
                    + body.substring(1);
        });
    }
}
