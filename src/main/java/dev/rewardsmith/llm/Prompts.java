package dev.rewardsmith.llm;

import dev.rewardsmith.propose.PromptBook;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The LLM proposer's prompts rendered from the Qute templates in {@code templates/prompts/} (see
 * docs/architecture.md, Proposers); {@link PromptBook} puts them together into a request's messages.
 */
@ApplicationScoped
public class Prompts implements PromptBook {

    @CheckedTemplate(basePath = "prompts", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance system(String signature);

        static native TemplateInstance firstUser(String context, String description, String outputTips);

        static native TemplateInstance reflection(
                String reflection, List<String> feedback, String human, boolean replaced);

        static native TemplateInstance rejection(List<String> failures, boolean wholeRound);

        static native TemplateInstance repair(List<String> problems);
    }

    @Override
    public String system(Class<?> stateType) {
        return render(Templates.system("double reward(" + stateType.getSimpleName() + " s, Components c)"));
    }

    @Override
    public String firstUser(ProposalRequest r) {
        return render(Templates.firstUser(r.taskContext().strip(), r.taskDescription(), outputTips(r.stateType())));
    }

    @Override
    public String reflection(
            ProposalRequest.Parent parent,
            List<String> feedback,
            ProposalRequest.HumanReflection human,
            Class<?> stateType) {
        String text = parent.reflection().text().replace("<State>", stateType.getSimpleName());
        return render(Templates.reflection(
                text, feedback, human == null ? null : human.text(), human != null && human.replaces()));
    }

    @Override
    public String rejection(List<String> failures, boolean wholeRound) {
        return render(Templates.rejection(failures, wholeRound));
    }

    @Override
    public String repair(List<String> problems) {
        return render(Templates.repair(problems));
    }

    static String outputTips(Class<?> stateType) {
        return Reflection.OUTPUT_TIPS.replace("<State>", stateType.getSimpleName());
    }

    private static String render(TemplateInstance t) {
        return t.render().strip();
    }
}
