package dev.rewardsmith.propose;

import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.ProposerKind;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code replay} proposer: serves again, round by round, the proposals an earlier search received (its raw
 * responses, and its failed proposals with their reasons), so a search is reproduced without calling any model.
 * A replay runs with the earlier search's spec, so its trainings, selections and rounds are the same.
 */
public final class ReplayProposer implements Proposer {

    private final String sourceId;
    private final Supplier<List<Candidate>> source;
    private List<Candidate> candidates;

    /**
     * @param sourceId the search replayed (named in each proposal's summary)
     * @param source its candidates, read on the first request (on the search's own thread)
     */
    public ReplayProposer(String sourceId, Supplier<List<Candidate>> source) {
        this.sourceId = sourceId;
        this.source = source;
    }

    @Override
    public String name() {
        return ProposerKind.REPLAY.label();
    }

    @Override
    public synchronized CompletionStage<List<Proposal>> propose(ProposalRequest r) {
        try {
            if (candidates == null) candidates = List.copyOf(source.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Proposal> proposals = candidates.stream()
                .filter(c -> c.restart == r.restart() && c.iteration == r.iteration() && c.round == r.round())
                .filter(c -> !ProposerKind.HUMAN.label().equals(c.origin))
                .sorted(Comparator.comparingInt(c -> c.index))
                .map(this::replayed)
                .toList();
        return CompletableFuture.completedFuture(proposals);
    }

    private Proposal replayed(Candidate c) {
        if (proposalFailed(c)) return Proposal.failed(c.failure, c.response, 0, 0, null);
        return Proposal.of(c.response, "replayed from candidate " + c.id + " of search " + sourceId);
    }

    /** The candidate never had a program because its proposal could not be obtained (e.g. "LLM timeout"). */
    static boolean proposalFailed(Candidate c) {
        return c.state == CandidateState.FAILED && c.program == null && c.problems.isEmpty() && c.startedAt == null;
    }
}
