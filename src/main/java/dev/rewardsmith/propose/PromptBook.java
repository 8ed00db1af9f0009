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

    String reflection(ProposalRequest.Parent parent, List<String> feedback, Class<?> stateType);

    String rejection(List<String> problems);

    /**
     * The messages of one request: [system, first user], then, from iteration 1, [the parent's response, its
     * reflection]; when every candidate of the previous round failed, the rejections are added to the last user
     * message (so roles keep alternating, which some local servers require).
     */
    default List<ChatModel.Message> messages(ProposalRequest r) {
        List<ChatModel.Message> messages = new ArrayList<>();
        messages.add(ChatModel.Message.system(system(r.stateType())));
        String last = firstUser(r);
        if (r.parent() != null) {
            messages.add(ChatModel.Message.user(last));
            messages.add(ChatModel.Message.assistant(r.parent().response()));
            last = reflection(r.parent(), r.feedback(), r.stateType());
        }
        if (!r.failures().isEmpty()) last = last + "\n\n" + rejection(r.failures());
        messages.add(ChatModel.Message.user(last));
        return messages;
    }
}
