package dev.rewardsmith.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.propose.ChatModel;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each prompt template rendered for a task, compared with an expected text file in {@code prompts/}. On a
 * mismatch the rendering is written to {@code target/prompts/} to compare (and to copy when the change is meant).
 */
@QuarkusTest
class PromptsTest {

    @Inject
    Prompts prompts;

    @Inject
    TaskRegistry tasks;

    static final String CONTEXT = "public final class CartPoleState {\n    public double poleAngle;\n}";

    private ProposalRequest request(ProposalRequest.Parent parent, List<String> failures, List<String> feedback) {
        Task task = tasks.find("cartpole").orElseThrow();
        return new ProposalRequest(
                task.id(),
                task.stateType(),
                CONTEXT,
                task.description(),
                parent == null ? 0 : 1,
                2,
                1L,
                parent,
                failures,
                feedback);
    }

    static ProposalRequest.Parent parent() {
        Reflection reflection = new Reflection(
                List.of(Reflection.Series.of("upright", new double[] {0.1, 0.5, 0.9})),
                Reflection.Series.of(Reflection.FITNESS_NAME, new double[] {0.0, 0.25, 0.5}),
                Reflection.Series.of(Reflection.EPISODE_LENGTH_NAME, new double[] {20, 120, 300}));
        return new ProposalRequest.Parent("c1", "double reward(...)", "I propose:\n```java\n...\n```", 0.5, reflection);
    }

    @Test
    void systemPrompt() throws IOException {
        matches(
                "cartpole-system.txt",
                prompts.system(tasks.find("cartpole").orElseThrow().stateType()));
    }

    @Test
    void firstUserPrompt() throws IOException {
        matches("cartpole-first-user.txt", prompts.firstUser(request(null, List.of(), List.of())));
    }

    @Test
    void reflectionPromptWithTeamFeedback() throws IOException {
        ProposalRequest r = request(parent(), List.of(), List.of("Team note: the cart oscillates; penalize velocity."));
        matches("cartpole-reflection.txt", prompts.reflection(r.parent(), r.feedback(), r.stateType()));
    }

    @Test
    void rejectionPrompt() throws IOException {
        matches(
                "cartpole-rejection.txt",
                prompts.rejection(List.of(
                        "candidate 0 was rejected: 3:9 unknown field s.nothing",
                        "candidate 1 failed in training: LLM timeout")));
    }

    @Test
    void messagesFollowEureka() {
        var first = prompts.messages(request(null, List.of("candidate 0 failed in training: LLM timeout"), List.of()));
        assertEquals(
                List.of("system", "user"),
                first.stream().map(ChatModel.Message::role).toList());
        assertEquals(
                prompts.firstUser(request(null, List.of(), List.of())) + "\n\n"
                        + prompts.rejection(List.of("candidate 0 failed in training: LLM timeout")),
                first.get(1).content());
        ProposalRequest r = request(parent(), List.of(), List.of());
        var later = prompts.messages(r);
        assertEquals(
                List.of("system", "user", "assistant", "user"),
                later.stream().map(ChatModel.Message::role).toList());
        assertEquals(parent().response(), later.get(2).content());
        assertEquals(
                prompts.reflection(r.parent(), List.of(), r.stateType()),
                later.get(3).content());
    }

    private static void matches(String name, String actual) throws IOException {
        String expected;
        try (InputStream in = PromptsTest.class.getResourceAsStream("/prompts/" + name)) {
            expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        }
        if (!actual.equals(expected)) {
            Path out = Path.of("target", "prompts", name);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual + "\n");
        }
        assertEquals(expected, actual, name + " (actual written to target/prompts/)");
    }
}
