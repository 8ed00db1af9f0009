package dev.rewardsmith.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** Reads stored best-checkpoint policies without blocking (for requests on the event loop). */
@ApplicationScoped
public class Checkpoints {

    @Inject
    Pool pool;

    /** The policy bytes of a candidate's best checkpoint; null item when there is none (or the id is malformed). */
    public Uni<byte[]> policy(String candidateId) {
        UUID id;
        try {
            id = UUID.fromString(candidateId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("select policy from checkpoints where candidate_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    for (Row r : rows) return r.getBuffer("policy").getBytes();
                    return null;
                });
    }
}
