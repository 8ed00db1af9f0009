package dev.rewardsmith.propose;

import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLM proposer's messages (DESIGN.md sections 7 and 8), rendered from the Qute templates in
 * {@code templates/prompts/}: [system, first user], then, from iteration 1, [the parent's response, its
 * reflection]; when every candidate of the previous round failed, the rejections are added to the last user
 * message (so roles keep alternating, which some local servers require).
 */
@ApplicationScoped
public class Prompts {

    @CheckedTemplate(basePath = "prompts", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance system(String signature);

        static native TemplateInstance firstUser(String context, String description, String outputTips);

        static native TemplateInstance reflection(String reflection, List<String> feedback);

        static native TemplateInstance rejection(List<String> problems);
    }

    public String system(Class<?> stateType) {
        return render(Templates.system("double reward(" + stateType.getSimpleName() + " s, Components c)"));
    }

    public String firstUser(ProposalRequest r) {
        return render(Templates.firstUser(r.taskContext().strip(), r.taskDescription(), outputTips(r.stateType())));
    }

    public String reflection(ProposalRequest.Parent parent, List<String> feedback, Class<?> stateType) {
        String text = parent.reflection().text().replace("<State>", stateType.getSimpleName());
        return render(Templates.reflection(text, feedback));
    }

    public String rejection(List<String> problems) {
        return render(Templates.rejection(problems));
    }

    /** The messages of one request. */
    public List<ChatProtocol.Message> messages(ProposalRequest r) {
        List<ChatProtocol.Message> messages = new ArrayList<>();
        messages.add(ChatProtocol.Message.system(system(r.stateType())));
        String last = firstUser(r);
        if (r.parent() != null) {
            messages.add(ChatProtocol.Message.user(last));
            messages.add(ChatProtocol.Message.assistant(r.parent().response()));
            last = reflection(r.parent(), r.feedback(), r.stateType());
        }
        if (!r.failures().isEmpty()) last = last + "\n\n" + rejection(r.failures());
        messages.add(ChatProtocol.Message.user(last));
        return messages;
    }

    static String outputTips(Class<?> stateType) {
        return Reflection.OUTPUT_TIPS.replace("<State>", stateType.getSimpleName());
    }

    private static String render(TemplateInstance t) {
        return t.render().strip();
    }
}
