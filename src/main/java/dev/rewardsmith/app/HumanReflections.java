package dev.rewardsmith.app;

import dev.rewardsmith.store.FeedbackRepository;
import dev.rewardsmith.store.ReflectionRepository;
import dev.rewardsmith.store.ReflectionRepository.StoredReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Eureka with human feedback (docs/llm.md, Human reflection): a team member writes the reflection a search waits
 * for before proposing an iteration, and everyone sees the reflections awaited and written. The text is kept as
 * written (only blank space around it is dropped); it is refused unless the search waits for it.
 */
@ApplicationScoped
public class HumanReflections {

    /** The longest reflection a team member may write, in characters. */
    public static final int MAX_TEXT = 8000;

    /** A reflection as sent: for the proposals of iteration {@code iteration} (0-based, as candidates count them). */
    public record WriteReflection(Integer iteration, String text) {}

    /**
     * A reflection the search waited for, or waits for.
     *
     * @param iteration the iteration whose proposals read it (0-based)
     * @param candidate the parent it is about
     * @param automatic the parent's automatic reflection, shown above the text box
     * @param awaiting the search waits for it now
     * @param text the team member's text; null while none was written
     * @param author who wrote it; null while none was written
     */
    public record ReflectionView(
            int restart,
            int iteration,
            String candidate,
            String automatic,
            boolean awaiting,
            String text,
            String author,
            OffsetDateTime awaitedAt,
            OffsetDateTime writtenAt) {
        static ReflectionView of(StoredReflection r) {
            return new ReflectionView(
                    r.restart(),
                    r.iteration(),
                    r.candidate().toString(),
                    r.automatic(),
                    r.awaiting(),
                    r.text(),
                    r.author(),
                    r.awaitedAt(),
                    r.writtenAt());
        }
    }

    @Inject
    ReflectionRepository reflections;

    @Inject
    FeedbackRepository feedback;

    /**
     * Writes my reflection for the iteration the search waits for: 400 for a missing iteration or a blank or too
     * long text, 404 for an unknown search, refused (409) when the search does not wait for a reflection for that
     * iteration (it never did, the wait ended, or someone wrote it first).
     */
    public Uni<CommandResult<ReflectionView>> write(UUID search, FeedbackCommands.Voter author, WriteReflection body) {
        if (body == null) throw new InvalidInput(null, "send {\"iteration\": n, \"text\": \"...\"}");
        if (body.iteration() == null) throw new InvalidInput("iteration", "iteration: required");
        if (body.iteration() < 1) {
            throw new InvalidInput(
                    "iteration",
                    "iteration: the iteration whose proposals read the text, at least 1 (iteration 0 has no parent),"
                            + " got " + body.iteration());
        }
        if (body.text() == null || body.text().isBlank()) throw new InvalidInput("text", "text: must not be blank");
        String text = body.text().strip();
        if (text.length() > MAX_TEXT) {
            throw new InvalidInput("text", "text: at most " + MAX_TEXT + " characters, got " + text.length());
        }
        return feedback.searchExists(search).flatMap(exists -> {
            if (!exists) throw new NotFoundException("no search " + search);
            return reflections
                    .write(search, body.iteration(), author.id(), author.name(), text)
                    .map(written -> written.map(ReflectionView::of)
                            .<CommandResult<ReflectionView>>map(CommandResult::done)
                            .orElseGet(() -> CommandResult.conflict("the search does not wait for a reflection for"
                                    + " iteration " + body.iteration() + " (it never did, the wait ended, or one"
                                    + " was written already)")));
        });
    }

    /** Every reflection the search waited for, in order; 404 for an unknown search. */
    public Uni<List<ReflectionView>> list(UUID search) {
        return feedback.searchExists(search).flatMap(exists -> {
            if (!exists) throw new NotFoundException("no search " + search);
            return reflections
                    .ofSearch(search)
                    .map(list -> list.stream().map(ReflectionView::of).toList());
        });
    }
}
