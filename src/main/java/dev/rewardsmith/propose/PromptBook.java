package dev.rewardsmith.propose;

import dev.rewardsmith.search.ProposalRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The port that renders the LLM proposer's prompts (see docs/architecture.md, Proposers): the system message, the
 * first user message, the reflection on a parent and the rejections of a failed round. Implemented at the edge
 * (package llm, from templates); how they are put together into one request is decided here.
 */
public interface PromptBook {

    String system(Class<?> stateType);

    String firstUser(ProposalRequest request);

    /**
     * The reflection on the parent: the automatic reflection and the team's paragraphs, then a team member's text
     * ({@code add}); or that text alone when it {@link ProposalRequest.HumanReflection#replaces replaces} them
     * (docs/llm.md, Human reflection). The text is carried verbatim.
     *
     * @param human a team member's reflection; null when none
     */
    String reflection(
            ProposalRequest.Parent parent,
            List<String> feedback,
            ProposalRequest.HumanReflection human,
            Class<?> stateType);

    /** The reflection on the parent without a team member's text. */
    default String reflection(ProposalRequest.Parent parent, List<String> feedback, Class<?> stateType) {
        return reflection(parent, feedback, null, stateType);
    }

    /**
     * The failed programs of a round, each quoted with its problems (see {@code search.ProgramFailures}).
     *
     * @param wholeRound every candidate of the previous round at this iteration failed (a retry); false for the
     *     candidates of the previous iteration that failed while training (shown beside the reflection)
     */
    String rejection(List<String> failures, boolean wholeRound);

    /**
     * The repair request after a sample failed extraction, parsing or validation (docs/llm.md, Repair): each
     * problem with line:col, the offending line quoted and the fix message; sent after the sample itself.
     */
    String repair(List<String> problems);

    /**
     * The messages of one request: [system, first user], then, from iteration 1, [the parent's response, its
     * reflection (with or replaced by a team member's text)]; when every candidate of the previous round failed (or, in round 0, candidates of the previous
     * iteration failed while training), the failed programs with their problems are added to the last user
     * message (so roles keep alternating, which some local servers require).
     */
    default List<ChatModel.Message> messages(ProposalRequest r) {
        List<ChatModel.Message> messages = new ArrayList<>();
        messages.add(ChatModel.Message.system(system(r.stateType())));
        String last = firstUser(r);
        if (r.parent() != null) {
            messages.add(ChatModel.Message.user(last));
            messages.add(ChatModel.Message.assistant(r.parent().response()));
            last = reflection(r.parent(), r.feedback(), r.human(), r.stateType());
        }
        if (!r.failures().isEmpty()) last = last + "\n\n" + rejection(r.failures(), r.round() > 0);
        messages.add(ChatModel.Message.user(last));
        return messages;
    }
}
