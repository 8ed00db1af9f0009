package dev.rewardsmith.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.propose.ChatModel;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.Stage;
import dev.rewardsmith.search.ProgramFailures;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
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
class PromptsTest {

    // plain objects: the command line renders the prompts without Quarkus, and so does this test
    final Prompts prompts = new Prompts();

    final TaskRegistry tasks = new TaskRegistry();

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
                Reflection.Series.of(Reflection.EPISODE_LENGTH_NAME, new double[] {20, 120, 300}),
                new double[] {0.25, 0.5, 0.5});
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

    /** A team member's reflection with what a template or a protocol might be tempted to touch. */
    static final String HUMAN = "Keep <upright> & {centred}: \"penalize\" |x| > 2.4\n  second line {#if x}\\n\tend";

    @Test
    void aTeamMembersReflectionFollowsTheAutomaticOneOrReplacesItVerbatim() {
        ProposalRequest r = request(parent(), List.of(), List.of("Team note: the cart oscillates; penalize velocity."));
        String automatic = prompts.reflection(r.parent(), r.feedback(), r.stateType());
        assertEquals(
                automatic + "\n\nA team member wrote this reflection on the program above:\n" + HUMAN,
                prompts.reflection(
                        r.parent(), r.feedback(), new ProposalRequest.HumanReflection(HUMAN, false), r.stateType()));
        assertEquals(
                HUMAN,
                prompts.reflection(
                        r.parent(), r.feedback(), new ProposalRequest.HumanReflection(HUMAN, true), r.stateType()));
    }

    /** A model's answer with an unknown field on line 4 (column 23), as the checker reports it. */
    static final String REJECTED_ANSWER =
            """
            Here is the reward:
            ```java
            double reward(CartPoleState s, Components c) {
                double x = 1.0 - s.nothing;
                c.put("x", x);
                return x;
            }
            ```""";

    static final List<Problem> REJECTED_PROBLEMS =
            List.of(new Problem(Stage.VALIDATE, 4, 23, "unknown field 'nothing' of CartPoleState"));

    @Test
    void rejectionPromptQuotesEveryFailedProgramWithItsProblems() throws IOException {
        matches(
                "cartpole-rejection.txt",
                prompts.rejection(
                        List.of(
                                ProgramFailures.block(
                                        "candidate 0 was rejected. Its answer:", REJECTED_ANSWER, REJECTED_PROBLEMS),
                                "candidate 1 could not be proposed: LLM timeout"),
                        true));
    }

    @Test
    void trainingFailuresPromptQuotesTheOffendingProgram() throws IOException {
        String program = "double reward(CartPoleState s, Components c) {\n    double r = 1.0 / s.poleAngle;\n"
                + "    c.put(\"r\", r);\n    return r;\n}";
        matches(
                "cartpole-training-failures.txt",
                prompts.rejection(
                        List.of(ProgramFailures.block(
                                "candidate 2 failed in training: component 'r' was Infinity at step 0. Its program:",
                                program,
                                List.of())),
                        false));
    }

    @Test
    void repairPromptQuotesTheOffendingLine() throws IOException {
        matches("cartpole-repair.txt", prompts.repair(ProgramFailures.problems(REJECTED_ANSWER, REJECTED_PROBLEMS)));
    }

    @Test
    void messagesFollowEureka() {
        var first = prompts.messages(request(null, List.of("candidate 0 failed in training: LLM timeout"), List.of()));
        assertEquals(
                List.of("system", "user"),
                first.stream().map(ChatModel.Message::role).toList());
        assertEquals(
                prompts.firstUser(request(null, List.of(), List.of())) + "\n\n"
                        + prompts.rejection(List.of("candidate 0 failed in training: LLM timeout"), false),
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
