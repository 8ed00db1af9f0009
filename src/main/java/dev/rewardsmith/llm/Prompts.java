package dev.rewardsmith.llm;

import dev.rewardsmith.propose.PromptBook;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LLM proposer's prompts rendered from the Qute templates in {@code templates/prompts/} (see
 * docs/architecture.md, Proposers); {@link PromptBook} puts them together into a request's messages.
 */
@ApplicationScoped
public class Prompts implements PromptBook {

    /**
     * The templates, parsed once by a Qute engine of their own, so the server and the command line (which runs
     * without Quarkus) render the same text.
     */
    private final Template system;

    private final Template firstUser;
    private final Template reflection;
    private final Template rejection;
    private final Template repair;

    public Prompts() {
        Engine engine = Engine.builder().addDefaults().build();
        system = parse(engine, "system");
        firstUser = parse(engine, "first-user");
        reflection = parse(engine, "reflection");
        rejection = parse(engine, "rejection");
        repair = parse(engine, "repair");
    }

    private static Template parse(Engine engine, String name) {
        String path = "templates/prompts/" + name + ".txt";
        try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no prompt template " + path);
            return engine.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    @Override
    public String system(Class<?> stateType) {
        return render(
                system,
                Map.of(
                        "signature",
                        "double reward(" + stateType.getSimpleName() + " s, Components c)",
                        "potential",
                        "private static double potential(" + stateType.getSimpleName() + " s)"));
    }

    @Override
    public String firstUser(ProposalRequest r) {
        return render(
                firstUser,
                Map.of(
                        "context",
                        r.taskContext().strip(),
                        "description",
                        r.taskDescription(),
                        "outputTips",
                        outputTips(r.stateType())));
    }

    @Override
    public String reflection(
            ProposalRequest.Parent parent,
            List<String> feedback,
            ProposalRequest.HumanReflection human,
            Class<?> stateType) {
        String text = parent.reflection().text().replace("<State>", stateType.getSimpleName());
        Map<String, Object> data = new HashMap<>();
        data.put("reflection", text);
        data.put("feedback", feedback);
        data.put("human", human == null ? null : human.text());
        data.put("replaced", human != null && human.replaces());
        return render(reflection, data);
    }

    @Override
    public String rejection(List<String> failures, boolean wholeRound) {
        return render(rejection, Map.of("failures", failures, "wholeRound", wholeRound));
    }

    @Override
    public String repair(List<String> problems) {
        return render(repair, Map.of("problems", problems));
    }

    static String outputTips(Class<?> stateType) {
        return Reflection.OUTPUT_TIPS.replace("<State>", stateType.getSimpleName());
    }

    private static String render(Template t, Map<String, Object> data) {
        var instance = t.instance();
        data.forEach(instance::data);
        return instance.render().strip();
    }
}
