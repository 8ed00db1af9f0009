package dev.rewardsmith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewardsmith.app.VocabularyJson;
import dev.rewardsmith.propose.Exchange;
import dev.rewardsmith.rl.MetricPoint;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.store.SearchBundles;
import dev.rewardsmith.store.StoredProblem;
import dev.rewardsmith.task.TaskRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Search bundles on the command line (docs/export.md, "Search bundles"): {@code search --save-bundle} writes the
 * bundle the server's export writes (with the raw model exchanges of an llm search), {@code search --replay} reads
 * one and serves its recorded programs again without a model.
 */
final class CommandLineBundles {

    /** A bundle file larger than this is refused before it is read (the unzipped limit is checked as it is read). */
    static final long MAX_FILE = 64L << 20;

    private CommandLineBundles() {}

    /** A mapper like the server's: vocabulary words as labels, dates as ISO text. */
    static ObjectMapper mapper() {
        return new ObjectMapper()
                .findAndRegisterModules()
                .registerModule(VocabularyJson.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * The checked bundle in {@code file}.
     *
     * @throws IllegalArgumentException why it cannot be replayed (unreadable, too large, not a valid bundle)
     */
    static SearchBundles.Bundle read(Path file, TaskRegistry tasks) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalArgumentException(file + " is larger than " + (MAX_FILE >> 20) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return SearchBundles.read(bytes, id -> tasks.find(id).isPresent(), mapper());
        } catch (SearchBundles.InvalidBundle e) {
            throw new IllegalArgumentException(file + " is not a search bundle: " + e.getMessage());
        }
    }

    /**
     * The spec a replay of the bundle's search runs: the recorded budget, seed and PPO settings with the replay
     * proposer. What needs a server is left out, each with a note: selection by votes becomes selection by fitness
     * (nobody votes on the command line), and fine-tuning from another search's policy trains from scratch.
     */
    static SearchSpec replaySpec(SearchBundles.Bundle bundle, List<String> notes) {
        SearchSpec s = bundle.search().spec().replayOf(bundle.search().id());
        var selection = s.selection();
        if (selection.usesVotes()) {
            notes.add("the bundle's search selected by " + selection.label() + "; the replay selects by fitness");
            selection = dev.rewardsmith.search.SelectionMode.FITNESS;
        }
        if (s.finetuneFrom() != null) {
            notes.add("the bundle's search fine-tuned from candidate " + s.finetuneFrom()
                    + ", whose policy is not in the bundle; the replay trains from scratch");
        }
        SearchSpec replay = new SearchSpec(
                s.task(),
                s.proposer(),
                s.samples(),
                s.iterations(),
                s.restarts(),
                s.evalSeeds(),
                s.seed(),
                selection,
                s.humanInit(),
                s.program(),
                s.ppo(),
                null,
                null,
                s.replayOf(),
                selection.usesVotes() ? s.preference() : null);
        return replay.withSelectionSeeds(s.selectionSeeds());
    }

    /** The bundle's candidates as the replay proposer reads them (their recorded responses and failures). */
    static List<Candidate> candidates(SearchBundles.Bundle bundle) {
        List<Candidate> list = new ArrayList<>();
        for (SearchBundles.BundleCandidate b : bundle.candidates()) {
            Candidate c = new Candidate();
            c.id = b.id();
            c.searchId = bundle.search().id();
            c.restart = b.restart();
            c.iteration = b.iteration();
            c.round = b.round();
            c.index = b.index();
            c.origin = b.origin() == null ? "imported" : b.origin();
            c.summary = b.summary() == null ? "" : b.summary();
            c.response = b.response();
            c.program = b.program();
            c.problems = b.problems() == null
                    ? List.of()
                    : b.problems().stream().map(StoredProblem::toProblem).toList();
            c.state = CandidateState.parse(b.state()).orElseThrow();
            c.failure = b.failure();
            c.startedAt = b.startedAt() == null ? null : b.startedAt().toInstant();
            list.add(c);
        }
        return list;
    }

    /** Writes the search run in this process as a bundle to {@code file}. */
    static void write(
            Path file, String id, SearchSpec spec, InMemoryJournal journal, List<Exchange> exchanges, Instant createdAt)
            throws IOException {
        List<Candidate> candidates = journal.candidates(id);
        String bestId = journal.bestId(id);
        Double bestFitness = journal.bestFitness(id); // with selection seeds, the best's mean F
        var search = new SearchBundles.BundleSearch(
                id,
                spec.task(),
                spec.proposer().label(),
                spec.selection().label(),
                journal.state(id).label(),
                journal.reason(id),
                spec,
                createdAt.atOffset(ZoneOffset.UTC),
                "command-line",
                bestId,
                bestFitness);
        var bundle = new SearchBundles.Bundle(
                SearchBundles.FORMAT,
                search,
                candidates.stream()
                        .map(c -> SearchBundles.candidate(
                                c, c.epochs.stream().map(MetricPoint::of).toList()))
                        .toList(),
                exchanges.stream().map(SearchBundles.BundleExchange::of).toList());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.write(file, SearchBundles.zip(bundle, mapper()));
    }
}
