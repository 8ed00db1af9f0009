package dev.rewardsmith.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.search.SearchJournal;
import dev.rewardsmith.search.SearchSnapshot;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A training longer than {@code rewardsmith.limits.stored-epochs-per-training} (2,000) is stored thinned, and the
 * reflection a resumed search reads from the journal is the one the full training gave.
 */
@QuarkusTest
class DatabaseJournalThinningTest {

    @Inject
    DatabaseJournal journal;

    @Inject
    SearchRepository searches;

    @Inject
    TaskRegistry tasks;

    @Inject
    JsonCodec json;

    /** Epochs with irregular values, fitness missing in early and scattered epochs, no finished episode at all. */
    static List<MetricsRecord> epochs(int count) {
        List<MetricsRecord> out = new ArrayList<>();
        for (int e = 1; e <= count; e++) {
            double upright = Math.sin(e * 0.37) + e / (double) count + (e == 1234 ? 5 : 0);
            double centred = -Math.abs(Math.cos(e * 1.91)) * 0.01 - (e == 2345 ? 1 : 0);
            double fitness = e < 100 || e % 7 == 0 ? Double.NaN : Math.tanh(e / 1000.0) + 0.01 * Math.sin(e);
            out.add(new MetricsRecord(
                    e,
                    e * 512L,
                    1000,
                    upright + centred,
                    Double.NaN,
                    fitness,
                    List.of("upright", "centred"),
                    new double[] {upright, centred},
                    0.5,
                    0.1,
                    0.2,
                    0.3,
                    0.01,
                    0.1,
                    1e-3));
        }
        return out;
    }

    private String storedCandidate() {
        UUID search = UUID.randomUUID();
        SearchSpec spec = new SearchSpec(
                "cartpole",
                ProposerKind.OFFLINE,
                1,
                1,
                1,
                0,
                1,
                SelectionMode.FITNESS,
                false,
                null,
                tasks.find("cartpole").orElseThrow().ppoDefaults(),
                null);
        searches.insert(new SearchRepository.NewSearch(
                        search,
                        spec,
                        SearchState.DONE, // a record: no server loop picks it up
                        null,
                        "admin",
                        1,
                        null,
                        null,
                        null,
                        null,
                        OffsetDateTime.now(ZoneOffset.UTC)))
                .await()
                .indefinitely();
        Candidate c = new Candidate();
        c.id = UUID.randomUUID().toString();
        c.searchId = search.toString();
        c.origin = "offline";
        c.response = "double reward(CartPoleState s, Components c) { return 1.0; }";
        c.proposedAt = Instant.now();
        journal.proposed(List.of(c));
        return c.id;
    }

    @Test
    void aThinnedTrainingGivesTheReflectionOfTheFullOne() {
        int count = 4_500;
        List<MetricsRecord> all = epochs(count);
        String id = storedCandidate();
        for (MetricsRecord r : all) journal.metrics(id, 1, count, r);
        journal.trainingEnded(id, 1, all);

        SearchSnapshot before = journal.load(searchOf(id));
        Candidate c = before.candidates().get(0);
        c.state = CandidateState.DONE;
        c.attempt = 1;
        c.fitness = 1.0;
        c.program = c.response;
        journal.candidate(c);

        Candidate loaded = journal.load(searchOf(id)).candidates().get(0);
        Reflection full = Reflection.of(all);
        Reflection thinned = loaded.reflectionOfEpochs();
        assertNotNull(loaded.storedReflection, "the journal kept the reflection of the full training");
        assertEquals(full.text(), thinned.text());
        for (int i = 0; i < full.components().size(); i++)
            same(full.components().get(i), thinned.components().get(i));
        same(full.fitness(), thinned.fitness());
        same(full.episodeLength(), thinned.episodeLength());
        assertTrue(thinned.episodeLength().empty());

        // at most the cap, plus the epochs the reflection reads; the first, the last and those epochs are stored
        Set<Integer> read = Reflection.epochsRead(all);
        List<Integer> stored = loaded.epochs.stream().map(MetricsRecord::epoch).toList();
        assertTrue(stored.size() <= 2_000 + read.size(), "stored " + stored.size());
        assertTrue(stored.size() < count / 2, "thinned: " + stored.size());
        assertTrue(stored.containsAll(read), "the reflection's epochs are stored");
        assertEquals(1, stored.get(0));
        assertEquals(count, stored.get(stored.size() - 1));
        for (MetricsRecord r : loaded.epochs) {
            assertArrayEquals(all.get(r.epoch() - 1).componentMeans(), r.componentMeans(), "stored as trained");
        }
        // without the stored reflection the kept epochs alone would give other numbers
        assertNotEquals(full.text(), Reflection.of(loaded.epochs).text());
        // the API's listing of the attempt's metrics shows epochs only
        assertEquals(
                stored.size(),
                searches.metrics(UUID.fromString(id), 1).await().indefinitely().size());
    }

    @Test
    void aShortTrainingIsStoredWhole() {
        List<MetricsRecord> all = epochs(300);
        String id = storedCandidate();
        for (MetricsRecord r : all) journal.metrics(id, 1, all.size(), r);
        journal.trainingEnded(id, 1, all);
        Candidate c = journal.load(searchOf(id)).candidates().get(0);
        c.attempt = 1;
        journal.candidate(c);
        Candidate loaded = journal.load(searchOf(id)).candidates().get(0);
        assertEquals(300, loaded.epochs.size());
        assertNull(loaded.storedReflection);
    }

    @Test
    void epochsWrittenTogetherAreStoredAsOneByOne() {
        int count = 4_500;
        List<MetricsRecord> all = epochs(count);
        String single = storedCandidate();
        for (MetricsRecord r : all) journal.metrics(single, 1, count, r);
        // two trainings' epochs interleaved in batches of 64, as a search gathers them; one epoch of the second
        // training written before with other numbers is replaced
        String together = storedCandidate();
        String other = storedCandidate();
        journal.metrics(other, 1, 3, at(all.get(2 - 1), 2));
        List<SearchJournal.Epoch> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new SearchJournal.Epoch(together, 1, count, all.get(i)));
            if (i < 3) batch.add(new SearchJournal.Epoch(other, 1, 3, at(all.get(count - 1 - i), i + 1)));
            if (batch.size() >= 64 || i == count - 1) {
                journal.metrics(List.copyOf(batch));
                batch.clear();
            }
        }
        journal.metrics(List.of()); // nothing to write

        List<MetricPoint> expected =
                searches.metrics(UUID.fromString(single), 1).await().indefinitely();
        List<MetricPoint> actual =
                searches.metrics(UUID.fromString(together), 1).await().indefinitely();
        assertEquals(
                count / 3 + 1, expected.size(), "thinned to the first and every third epoch (the last among them)");
        assertEquals(json.write(expected), json.write(actual));
        List<MetricPoint> others =
                searches.metrics(UUID.fromString(other), 1).await().indefinitely();
        assertEquals(
                json.write(List.of(
                        MetricPoint.of(at(all.get(count - 1), 1)),
                        MetricPoint.of(at(all.get(count - 2), 2)),
                        MetricPoint.of(at(all.get(count - 3), 3)))),
                json.write(others));
    }

    @Test
    void keptEpochsStayUnderTheCap() {
        for (int planned : new int[] {1, 2, 1999, 2000, 2001, 4500, 19_999, 20_000}) {
            int rows = 0;
            for (int e = 1; e <= planned; e++) if (DatabaseJournal.kept(e, planned, 2000)) rows++;
            assertTrue(rows <= 2000, planned + " epochs keep " + rows);
            assertTrue(DatabaseJournal.kept(1, planned, 2000));
            assertTrue(DatabaseJournal.kept(planned, planned, 2000));
            if (planned <= 2000) assertEquals(planned, rows);
        }
    }

    /** {@code r} as epoch {@code epoch}. */
    private static MetricsRecord at(MetricsRecord r, int epoch) {
        return new MetricsRecord(
                epoch,
                r.globalStep(),
                r.stepsPerSecond(),
                r.episodicReturn(),
                r.episodeLength(),
                r.fitness(),
                r.componentNames(),
                r.componentMeans(),
                r.humanReward(),
                r.policyLoss(),
                r.valueLoss(),
                r.entropy(),
                r.approxKl(),
                r.clipFraction(),
                r.learningRate(),
                r.rewardMean());
    }

    private String searchOf(String candidateId) {
        return searches.candidate(UUID.fromString(candidateId)).await().indefinitely().searchId;
    }

    private static void same(Reflection.Series a, Reflection.Series b) {
        assertEquals(a.name(), b.name());
        assertArrayEquals(a.samples(), b.samples());
        assertEquals(a.max(), b.max());
        assertEquals(a.mean(), b.mean());
        assertEquals(a.min(), b.min());
    }
}
