package dev.rewardsmith.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The human reflections of Eureka-HF in PostgreSQL (docs/llm.md, Human reflection): one row per iteration a search
 * waited for a team member's text before proposing it. The search opens and closes the wait through
 * {@link DatabaseJournal}; a voter's text is written here, once, and only while the wait is open, in one statement,
 * so a text that arrives as the wait ends is either read by the search or refused.
 */
@ApplicationScoped
public class ReflectionRepository {

    /**
     * One awaited reflection.
     *
     * @param iteration the iteration whose proposals read it (0-based)
     * @param candidate the parent it is about
     * @param automatic the parent's automatic reflection
     * @param awaiting the search still waits for it
     * @param text the team member's text; null while none was written
     * @param author who wrote it; null while none was written
     */
    public record StoredReflection(
            int restart,
            int iteration,
            UUID candidate,
            String automatic,
            boolean awaiting,
            String text,
            String author,
            OffsetDateTime awaitedAt,
            OffsetDateTime writtenAt) {}

    private static final String COLUMNS =
            "restart, iteration, candidate_id, automatic, awaiting, text, author, awaited_at, written_at";

    @Inject
    Pool pool;

    /** Every reflection the search waited for, in order of restart and iteration. */
    public Uni<List<StoredReflection>> ofSearch(UUID search) {
        return pool.preparedQuery("select " + COLUMNS
                        + " from human_reflections where search_id = $1 order by restart, iteration")
                .execute(Tuple.of(search))
                .map(rows -> {
                    List<StoredReflection> out = new ArrayList<>();
                    for (Row r : rows) out.add(reflection(r));
                    return out;
                });
    }

    /**
     * Writes a voter's text on the reflection the search waits for before proposing {@code iteration}: empty when it
     * does not wait for one (never did, the wait ended, or a text was written already).
     */
    public Uni<Optional<StoredReflection>> write(
            UUID search, int iteration, long authorId, String author, String text) {
        return pool.preparedQuery("update human_reflections set text = $3, author_id = $4, author = $5, written_at ="
                        + " now() where search_id = $1 and iteration = $2 and awaiting and text is null returning "
                        + COLUMNS)
                .execute(Tuple.of(search, iteration, text, authorId, author))
                .map(rows -> {
                    for (Row r : rows) return Optional.of(reflection(r));
                    return Optional.empty();
                });
    }

    private static StoredReflection reflection(Row r) {
        return new StoredReflection(
                r.getInteger("restart"),
                r.getInteger("iteration"),
                r.getUUID("candidate_id"),
                r.getString("automatic"),
                r.getBoolean("awaiting"),
                r.getString("text"),
                r.getString("author"),
                r.getOffsetDateTime("awaited_at"),
                r.getOffsetDateTime("written_at"));
    }
}
