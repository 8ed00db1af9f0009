package dev.rewardsmith.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A proposer for loop tests: answers each request with what the script returns, and keeps the requests. */
final class ScriptedProposer implements Proposer {

    final List<ProposalRequest> requests = new ArrayList<>();
    private final Function<ProposalRequest, List<String>> script;

    ScriptedProposer(Function<ProposalRequest, List<String>> script) {
        this.script = script;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized CompletionStage<List<Proposal>> propose(ProposalRequest request) {
        requests.add(request);
        List<Proposal> out = new ArrayList<>();
        for (String text : script.apply(request)) out.add(Proposal.of(text, "scripted"));
        return CompletableFuture.completedFuture(out);
    }
}
