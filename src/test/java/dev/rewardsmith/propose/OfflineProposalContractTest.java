package dev.rewardsmith.propose;

import static dev.rewardsmith.propose.OfflineProposerTest.epoch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Reflection;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offline proposer's contract (issue 23): every proposal is valid (the reward compiler accepts it for its
 * task), seeded (the same request gives the same programs, another seed others) and explained (a one-line reason:
 * what was read, then what changed), on every task, from the human reward and from templates; the reasons follow
 * the reflection, and the ablation never reads it.
 */
class OfflineProposalContractTest {

    private static final int K = 4;
    private static final long[] SEEDS = {1, 2, 3, 4};

    private final RewardCompiler compiler = new RewardCompiler();

    /** The kinds of training a parent may have had: F rising, F near zero, F falling after a peak, flat parts. */
    private static List<Reflection> reflections(List<String> names) {
        int n = names.size();
        List<Reflection> kinds = new ArrayList<>();
        double[][] fitness = {{0.1, 0.3, 0.5, 0.7}, {0.0, 0.01, 0.02, 0.01}, {0.2, 0.9, 0.5, 0.3}};
        for (double[] f : fitness) {
            List<MetricsRecord> epochs = new ArrayList<>();
            for (int e = 0; e < f.length; e++) {
                double[] means = new double[n];
                for (int c = 0; c < n; c++) {
                    // even components follow F, odd ones barely move, the last one is large
                    means[c] = c % 2 == 0 ? f[e] * (c + 1) : 0.5;
                    if (c == n - 1 && n > 1) means[c] = -100 * (1 + e);
                }
                epochs.add(epoch(e + 1, names, means, f[e]));
            }
            kinds.add(Reflection.of(epochs));
        }
        return kinds;
    }

    private ProposalRequest request(Task task, long seed, ProposalRequest.Parent parent) {
        return new ProposalRequest(
                task.id(),
                task.stateType(),
                "context",
                task.description(),
                parent == null ? 0 : 1,
                K,
                seed,
                parent,
                List.of(),
                List.of());
    }

    private CompileResult.Compiled compiled(String text, Class<?> stateType) {
        return assertInstanceOf(CompileResult.Compiled.class, compiler.compile(text, stateType), text);
    }

    private static List<Proposal> propose(OfflineProposer proposer, ProposalRequest request) {
        return proposer.propose(request).toCompletableFuture().join();
    }

    /** Valid for its task, one line of reason ("what was read: what changed"), and no failure. */
    private void assertValidAndExplained(ProposalRequest request, List<Proposal> proposals) {
        assertEquals(K, proposals.size(), request.taskId());
        for (Proposal p : proposals) {
            compiled(p.text(), request.stateType());
            assertEquals(null, p.failure());
            String why = p.summary();
            assertFalse(why.isBlank(), request.taskId());
            assertFalse(why.contains("\n") || why.contains("\r"), request.taskId() + ": " + why);
            int colon = why.indexOf(": ");
            assertTrue(colon > 0 && colon + 2 < why.length(), request.taskId() + ": no reason, then change: " + why);
        }
    }

    @Test
    void everyProposalIsValidSeededAndExplainedOnEveryTask() {
        OfflineProposer proposer = new OfflineProposer(compiler);
        for (Task task : new TaskRegistry().all()) {
            String human =
                    compiled(task.humanReward(), task.stateType()).reward().source();
            List<String> names = compiled(human, task.stateType()).reward().componentNames();
            List<ProposalRequest.Parent> parents = new ArrayList<>();
            parents.add(null); // templates of the state view
            for (Reflection r : reflections(names)) {
                parents.add(new ProposalRequest.Parent(
                        "human", human, human, r.fitness().max(), r));
            }
            for (ProposalRequest.Parent parent : parents) {
                List<List<String>> bySeed = new ArrayList<>();
                for (long seed : SEEDS) {
                    ProposalRequest request = request(task, seed, parent);
                    List<Proposal> proposals = propose(proposer, request);
                    assertValidAndExplained(request, proposals);
                    // seeded: the same request to another proposer gives exactly the same programs and reasons
                    assertEquals(proposals, propose(new OfflineProposer(new RewardCompiler()), request), task.id());
                    bySeed.add(proposals.stream().map(Proposal::text).toList());
                }
                // and the seed matters: not every seed gives the same programs
                assertTrue(
                        bySeed.stream().distinct().count() > 1,
                        task.id() + (parent == null ? " from templates" : " from its human reward"));
            }
        }
    }

    @Test
    void reasonsSayWhatTheReflectionShowed() {
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        String program = ProgramMovesTest.DESIGN_EXAMPLE;
        List<String> names = List.of("upright", "centred");
        // upright falls as F rises (r -1.00); centred barely moves; F rises to 0.7
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.9, -0.100}, 0.1),
                epoch(2, names, new double[] {0.7, -0.101}, 0.3),
                epoch(3, names, new double[] {0.5, -0.102}, 0.5),
                epoch(4, names, new double[] {0.3, -0.100}, 0.7)));
        ReflectionDiagnosis diagnosis = ReflectionDiagnosis.of(reflection);
        assertEquals(List.of("centred"), diagnosis.nearConstant());
        assertEquals(List.of(new ReflectionDiagnosis.Correlated("upright", -1.0)), diagnosis.correlated());
        assertEquals(ReflectionDiagnosis.Trend.ROSE, diagnosis.trend());
        String source = compiled(program, task.stateType()).reward().source();
        ProposalRequest request = request(task, 9, new ProposalRequest.Parent("p", source, source, 0.7, reflection));
        List<Proposal> proposals = propose(new OfflineProposer(compiler), request);
        assertValidAndExplained(request, proposals);
        assertEquals(
                "F rose to 0.70; 'centred' barely moved, so retune it: centred: scaled x0.25",
                proposals.get(0).summary());
        assertEquals(
                "F rose to 0.70; 'upright' moved against F (r -1.00), so weigh it less: upright: weight 1.0 -> 0.5 in"
                        + " the total",
                proposals.get(1).summary());
        for (Proposal p : proposals.subList(2, K)) {
            assertTrue(p.summary().startsWith("F rose to 0.70, so also explore near the parent: "), p.summary());
        }
    }

    @Test
    void theAblationNeverReadsTheReflection() {
        OfflineProposer ablation = OfflineProposer.withoutReflection(compiler);
        assertFalse(ablation.readsReflection());
        for (Task task : new TaskRegistry().all()) {
            String human =
                    compiled(task.humanReward(), task.stateType()).reward().source();
            List<String> names = compiled(human, task.stateType()).reward().componentNames();
            List<Reflection> kinds = reflections(names);
            List<List<Proposal>> answers = new ArrayList<>();
            for (Reflection r : kinds) {
                ProposalRequest request = request(
                        task,
                        5,
                        new ProposalRequest.Parent(
                                "human", human, human, r.fitness().max(), r));
                List<Proposal> proposals = propose(ablation, request);
                assertValidAndExplained(request, proposals);
                for (Proposal p : proposals) {
                    assertTrue(p.summary().startsWith("reflection not read (ablation): "), p.summary());
                }
                answers.add(proposals);
            }
            // rising, near-zero and falling F: the same proposals, since none of it is read
            assertEquals(answers.get(0), answers.get(1), task.id());
            assertEquals(answers.get(0), answers.get(2), task.id());
            // while the full proposer answers the near-zero F with rewrites
            ProposalRequest zero =
                    request(task, 5, new ProposalRequest.Parent("human", human, human, 0.02, kinds.get(1)));
            assertNotEquals(answers.get(1), propose(new OfflineProposer(compiler), zero), task.id());
        }
    }

    @Test
    void trendAndCorrelationAreReadFromTheSamples() {
        List<String> names = List.of("a");
        Reflection fell = Reflection.of(List.of(
                epoch(1, names, new double[] {1}, 0.2),
                epoch(2, names, new double[] {2}, 0.9),
                epoch(3, names, new double[] {3}, 0.5)));
        ReflectionDiagnosis d = ReflectionDiagnosis.of(fell);
        // 0.5 < 0.8 * 0.9: fell after the peak
        assertEquals(ReflectionDiagnosis.Trend.FELL, d.trend());
        assertEquals("F fell after its peak (max 0.90)", d.fitnessClause());
        // a = 1, 2, 3 against F = 0.2, 0.9, 0.5: r = 0.3 / sqrt(2 * 0.2466...) = 0.43, below 0.6
        assertEquals(0.4271, ReflectionDiagnosis.correlation(fell.components().get(0), fell.fitness()), 1e-4);
        assertEquals(List.of(), d.correlated());
        Reflection flat = Reflection.of(List.of(
                epoch(1, names, new double[] {1}, 0.50),
                epoch(2, names, new double[] {2}, 0.52),
                epoch(3, names, new double[] {3}, 0.51)));
        assertEquals(
                ReflectionDiagnosis.Trend.FLAT, ReflectionDiagnosis.of(flat).trend());
        assertEquals("F plateaued (max 0.52)", ReflectionDiagnosis.of(flat).fitnessClause());
        // an epoch without a finished episode: samples no longer line up, no correlation is claimed
        Reflection gap = Reflection.of(List.of(
                epoch(1, names, new double[] {1}, 0.1),
                epoch(2, names, new double[] {2}, Double.NaN),
                epoch(3, names, new double[] {3}, 0.3),
                epoch(4, names, new double[] {4}, 0.4)));
        assertTrue(Double.isNaN(ReflectionDiagnosis.correlation(gap.components().get(0), gap.fitness())));
    }
}
