package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.feedback.Choice;
import dev.rewardsmith.feedback.LiveVotes;
import dev.rewardsmith.feedback.VoteEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SQL that picks live votes (a voter's progress, the next pair, a search's live vote count) agrees with
 * {@link LiveVotes} over the same rows, also when the events' times are not in the order they were written; and a
 * vote events row maps to a vote event with the one empty-comment rule.
 */
@QuarkusTest
class FeedbackRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    Pool pool;

    @Inject
    FeedbackRepository feedback;

    private void sql(String statement, Tuple args) {
        pool.preparedQuery(statement).execute(args).await().atMost(WAIT);
    }

    private void event(UUID comparison, long voter, String choice, String comment, OffsetDateTime at) {
        sql(
                "insert into vote_events (comparison_id, voter_id, voter, choice, comment, at) values ($1, $2, $3,"
                        + " $4, $5, $6)",
                Tuple.tuple()
                        .addValue(comparison)
                        .addValue(voter)
                        .addValue("voter" + voter)
                        .addValue(choice)
                        .addValue(comment)
                        .addValue(at));
    }

    @Test
    void theSqlCountsLiveVotesByTheLiveVotesRule() {
        UUID search = UUID.randomUUID();
        sql(
                "insert into searches (id, task, proposer, selection, state, spec, samples, iterations, restarts,"
                        + " seed, created_by, created_by_id) values ($1, 'cartpole', 'human', 'fitness', 'done',"
                        + " '{}', 2, 1, 1, 1, 'admin', 1)",
                Tuple.of(search));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        for (UUID c : List.of(a, b)) {
            sql(
                    "insert into candidates (id, search_id, restart, iteration, round, position, origin, response,"
                            + " state, proposed_at) values ($1, $2, 0, 0, 0, $3, 'human', '', 'trained', now())",
                    Tuple.of(c, search, c.equals(a) ? 0 : 1));
        }
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        for (UUID c : List.of(first, second)) {
            sql(
                    "insert into comparisons (id, search_id, restart, iteration, seed, left_candidate,"
                            + " right_candidate) values ($1, $2, 0, 0, $3, $4, $5)",
                    Tuple.of(c, search, c.equals(first) ? 1L : 2L, a, b));
        }
        // voter 1: a withdrawal written first but timed later: the withdrawal is the latest, no live vote
        event(first, 1, null, null, T.plusSeconds(5));
        event(first, 1, "left", "  ", T);
        // voter 2: two events at the same time: the one written later is the latest (a live tie)
        event(first, 2, "left", null, T);
        event(first, 2, "tie", " close call ", T);
        // voter 3: a vote at the same time as their withdrawal, written after it: live
        event(second, 3, null, null, T);
        event(second, 3, "right", "", T);
        // voter 2 withdraws on the second pair, written before an earlier-timed vote: no live vote
        event(second, 2, null, null, T.plusSeconds(1));
        event(second, 2, "left", null, T);

        FeedbackRepository.Votes votes = feedback.votesOn(first, second).await().atMost(WAIT);
        List<VoteEvent> live = LiveVotes.of(votes.events());
        assertEquals(2, live.size(), live.toString());
        assertEquals(live.size(), feedback.liveVoteCount(search).await().atMost(WAIT));
        for (long voter : List.of(1L, 2L, 3L)) {
            long mine = live.stream()
                    .filter(e -> e.voter().equals(String.valueOf(voter)))
                    .count();
            assertEquals(
                    mine, feedback.progress(search, voter).await().atMost(WAIT).voted(), "voter " + voter);
        }
        // voter 1 has no live vote: "next" offers the first pair again; voter 2 voted on it: the second one
        assertEquals(
                first,
                feedback.next(search, 1, new UUID[0])
                        .await()
                        .atMost(WAIT)
                        .orElseThrow()
                        .id());
        assertEquals(
                second,
                feedback.next(search, 2, new UUID[0])
                        .await()
                        .atMost(WAIT)
                        .orElseThrow()
                        .id());
        assertTrue(feedback.next(search, 2, new UUID[] {second})
                .await()
                .atMost(WAIT)
                .isEmpty());

        // one mapping: the voter is the account id, a blank comment is none, others are stripped
        VoteEvent tie =
                live.stream().filter(e -> e.choice() == Choice.TIE).findFirst().orElseThrow();
        assertEquals("2", tie.voter());
        assertEquals("close call", tie.comment());
        assertEquals("voter2", votes.voterNames().get("2"));
        assertTrue(votes.events().stream()
                .filter(e -> e.voter().equals("1") && !e.withdrawal())
                .allMatch(e -> e.comment() == null));
        VoteEvent right = live.stream()
                .filter(e -> e.choice() == Choice.RIGHT)
                .findFirst()
                .orElseThrow();
        assertNull(right.comment());
        assertEquals(second.toString(), right.comparison());
    }
}
