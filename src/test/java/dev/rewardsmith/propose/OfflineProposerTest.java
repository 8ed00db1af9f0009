package dev.rewardsmith.propose;

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
import dev.rewardsmith.task.cartpole.CartPoleState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineProposerTest {

    private static final int K = 16;
    private static final long[] SEEDS = {1, 2, 3};

    private final RewardCompiler compiler = new RewardCompiler();
    private final OfflineProposer proposer = new OfflineProposer(compiler);

    /** One epoch's metrics with these component means and this fitness (the rest does not matter here). */
    static MetricsRecord epoch(int epoch, List<String> names, double[] means, double fitness) {
        return new MetricsRecord(
                epoch, 1000L * epoch, 1e4, 1.0, 100, fitness, names, means, Double.NaN, 0, 0, 0, 0, 0, 3e-4);
    }

    /** Three epochs in which every component moves by half its size and fitness rises to {@code finalFitness}. */
    static Reflection movingReflection(List<String> names, double finalFitness) {
        double[][] means = new double[3][names.size()];
        for (int e = 0; e < 3; e++) {
            for (int c = 0; c < names.size(); c++) means[e][c] = (c % 2 == 0 ? 1 : -1) * (0.5 + 0.25 * e) * (c + 1);
        }
        return Reflection.of(List.of(
                epoch(1, names, means[0], finalFitness / 3),
                epoch(2, names, means[1], finalFitness / 2),
                epoch(3, names, means[2], finalFitness)));
    }

    private String normalized(String text, Class<?> stateType) {
        return assertInstanceOf(CompileResult.Compiled.class, compiler.compile(text, stateType))
                .reward()
                .source();
    }

    private static ProposalRequest request(Task task, long seed, ProposalRequest.Parent parent, List<String> failures) {
        return new ProposalRequest(
                task.id(),
                task.stateType(),
                "context",
                task.description(),
                parent == null ? 0 : 1,
                K,
                seed,
                parent,
                failures,
                List.of());
    }

    private ProposalRequest.Parent parent(String program, Class<?> stateType, Reflection reflection, double fitness) {
        String source = normalized(program, stateType);
        return new ProposalRequest.Parent("parent", source, source, fitness, reflection);
    }

    private ProposalRequest.Parent humanParent(Task task) {
        String source = normalized(task.humanReward(), task.stateType());
        List<String> names = assertInstanceOf(CompileResult.Compiled.class, compiler.compile(source, task.stateType()))
                .reward()
                .componentNames();
        return parent(source, task.stateType(), movingReflection(names, 0.6), 0.6);
    }

    private List<Proposal> propose(ProposalRequest request) {
        List<Proposal> proposals =
                proposer.propose(request).toCompletableFuture().join();
        assertEquals(request.samples(), proposals.size());
        return proposals;
    }

    /** Every proposal compiles, is already normalized, has a summary, and none repeats another or the parent. */
    private void assertValidAndDistinct(ProposalRequest request, List<Proposal> proposals) {
        Set<String> sources = new HashSet<>();
        if (request.parent() != null) sources.add(request.parent().program());
        for (Proposal p : proposals) {
            assertEquals(p.text(), normalized(p.text(), request.stateType()), request.taskId());
            assertFalse(p.summary().isBlank(), request.taskId());
            assertTrue(sources.add(p.text()), request.taskId() + ": repeated " + p.summary() + "\n" + p.text());
        }
    }

    @Test
    void everyTaskGetsDistinctValidMutationsOfItsHumanReward() {
        for (Task task : new TaskRegistry().all()) {
            ProposalRequest.Parent parent = humanParent(task);
            for (long seed : SEEDS) {
                ProposalRequest request = request(task, seed, parent, List.of());
                List<Proposal> proposals = propose(request);
                assertValidAndDistinct(request, proposals);
                assertTrue(
                        proposals.stream().noneMatch(p -> p.summary().contains("fresh template")),
                        task.id() + " with fitness 0.6 should only be mutated");
            }
        }
    }

    @Test
    void everyTaskGetsDistinctValidFreshTemplatesInIterationZero() {
        for (Task task : new TaskRegistry().all()) {
            for (long seed : SEEDS) {
                ProposalRequest request = request(task, seed, null, List.of());
                List<Proposal> proposals = propose(request);
                assertValidAndDistinct(request, proposals);
                for (Proposal p : proposals) {
                    assertTrue(
                            p.summary().startsWith("no parent yet: fresh template from "),
                            task.id() + ": " + p.summary());
                }
            }
        }
    }

    @Test
    void theSameRequestGivesTheSameProposals() {
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        ProposalRequest.Parent parent = humanParent(task);
        for (ProposalRequest.Parent p : new ProposalRequest.Parent[] {parent, null}) {
            ProposalRequest request = request(task, 42, p, List.of());
            List<Proposal> first = propose(request);
            List<Proposal> second = new OfflineProposer(new RewardCompiler())
                    .propose(request)
                    .toCompletableFuture()
                    .join();
            assertEquals(first, second);
            assertNotEquals(
                    Set.copyOf(first.stream().map(Proposal::text).toList()),
                    Set.copyOf(propose(request(task, 43, p, List.of())).stream()
                            .map(Proposal::text)
                            .toList()));
        }
    }

    @Test
    void failuresFromOtherProposalsStillMutateTheParent() {
        Task task = new TaskRegistry().find("pendulum").orElseThrow();
        ProposalRequest request = request(task, 5, humanParent(task), List.of("rejected: 3:9: unknown field s.x"));
        List<Proposal> proposals = propose(request);
        assertValidAndDistinct(request, proposals);
        assertTrue(proposals.stream().noneMatch(p -> p.summary().contains("fresh template")));
    }

    @Test
    void aNearConstantComponentGetsItsTemperatureChanged() {
        List<String> names = List.of("upright", "centred");
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.990, -0.5}, 0.2),
                epoch(2, names, new double[] {0.995, -0.3}, 0.4),
                epoch(3, names, new double[] {0.993, -0.1}, 0.5)));
        assertEquals(List.of("upright"), ReflectionDiagnosis.of(reflection).nearConstant());
        ProposalRequest.Parent parent = parent(ProgramMovesTest.DESIGN_EXAMPLE, CartPoleState.class, reflection, 0.5);
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        List<Proposal> proposals = propose(request(task, 7, parent, List.of()));
        // steered moves come first, a round each: upright stayed near 0.99, its top, so its temperature goes up
        // four times, then centred (which rose with F, r 0.98) is weighed twice, then the temperature doubles
        assertEquals(
                "F rose to 0.50; 'upright' stayed near 0.99 (saturated), so retune it up: upright:"
                        + " uprightTemperature 4.0 -> 16.0",
                proposals.get(0).summary());
        assertEquals(
                ProgramMovesTest.DESIGN_EXAMPLE.replace("= 4.0;", "= 16.0;"),
                proposals.get(0).text());
        assertEquals(
                "F rose to 0.50; 'centred' moved with F (r 0.98), so weigh it more: centred: weight 1.0 -> 2.0 in"
                        + " the total",
                proposals.get(1).summary());
        assertEquals(
                "F rose to 0.50; 'upright' stayed near 0.99 (saturated), so retune it up: upright:"
                        + " uprightTemperature 4.0 -> 8.0",
                proposals.get(3).summary());
        assertEquals(
                ProgramMovesTest.DESIGN_EXAMPLE.replace("= 4.0;", "= 8.0;"),
                proposals.get(3).text());
    }

    @Test
    void aDominantComponentIsRescaledDown() {
        List<String> names = List.of("upright", "centred");
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.2, -60}, 0.2),
                epoch(2, names, new double[] {0.5, -50}, 0.4),
                epoch(3, names, new double[] {0.8, -40}, 0.5)));
        ReflectionDiagnosis diagnosis = ReflectionDiagnosis.of(reflection);
        // median of the others 0.5, |mean| 50: factor 3 * 0.5 / 50 = 0.03
        assertEquals(List.of(new ReflectionDiagnosis.Dominant("centred", 0.03)), diagnosis.dominant());
        assertEquals(List.of(), diagnosis.nearConstant());
        ProposalRequest.Parent parent = parent(ProgramMovesTest.DESIGN_EXAMPLE, CartPoleState.class, reflection, 0.5);
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        List<Proposal> proposals = propose(request(task, 7, parent, List.of()));
        assertEquals(
                "F rose to 0.50; 'centred' dwarfs the other components, so scale it down: centred: scaled x0.03",
                proposals.get(0).summary());
        assertEquals(
                ProgramMovesTest.DESIGN_EXAMPLE.replace("-0.1 *", "-0.003 *"),
                proposals.get(0).text());
        // both components rose with F (r 0.98): each weighed twice, then the second round's rescale
        assertEquals(
                "F rose to 0.50; 'upright' moved with F (r 0.98), so weigh it more: upright: weight 1.0 -> 2.0 in"
                        + " the total",
                proposals.get(1).summary());
        assertEquals(
                "F rose to 0.50; 'centred' dwarfs the other components, so scale it down: centred: scaled x0.06",
                proposals.get(3).summary());
    }

    @Test
    void aDominantComponentStaysTheLargest() {
        // a ball-balance parent's reflection: the goal bonus (mean 0.5) is an order of magnitude above the median
        // of the others (|-0.01|) but a survival bonus (0.1) is the next largest: scaled to 3 x 0.1 = 0.3, factor
        // 0.6 rounded down; scaled to 3 x the median (0.03) it would sit below the survival bonus
        List<String> names = List.of("goal", "effort", "damping", "alive");
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.4, -0.01, -0.002, 0.1}, 0.2),
                epoch(2, names, new double[] {0.5, -0.01, -0.001, 0.1}, 0.4),
                epoch(3, names, new double[] {0.6, -0.01, 0.0, 0.1}, 0.5)));
        assertEquals(
                List.of(new ReflectionDiagnosis.Dominant("goal", 0.6)),
                ReflectionDiagnosis.of(reflection).dominant());
        // two components share the top (0.5 and 0.2, within a factor 6): neither dominates the other
        Reflection shared = Reflection.of(List.of(
                epoch(1, names, new double[] {0.4, -0.01, -0.002, 0.2}, 0.2),
                epoch(2, names, new double[] {0.6, -0.01, -0.001, 0.2}, 0.4)));
        assertEquals(List.of(), ReflectionDiagnosis.of(shared).dominant());
    }

    @Test
    void zeroFitnessBringsFreshTemplates() {
        List<String> names = List.of("upright", "centred");
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.2, -0.6}, 0.0),
                epoch(2, names, new double[] {0.5, -0.5}, 0.01),
                epoch(3, names, new double[] {0.8, -0.4}, 0.04)));
        assertTrue(ReflectionDiagnosis.of(reflection).zeroFitness());
        ProposalRequest.Parent parent = parent(ProgramMovesTest.DESIGN_EXAMPLE, CartPoleState.class, reflection, 0.04);
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        ProposalRequest request = request(task, 7, parent, List.of());
        List<Proposal> proposals = propose(request);
        assertValidAndDistinct(request, proposals);
        long fresh = proposals.stream()
                .filter(p -> p.summary().startsWith("F stayed near zero (max 0.04), so rewrite: fresh template from "))
                .count();
        assertEquals(K / 2, fresh);
    }

    @Test
    void diagnosisThresholds() {
        List<String> names = List.of("a", "b", "c");
        // a: range 0.04 of magnitude 1.0 (below 5%); b: identically zero; c: range 0.06 of 1.0 (above)
        Reflection reflection = Reflection.of(List.of(
                epoch(1, names, new double[] {0.96, 0, 0.94}, 0.05),
                epoch(2, names, new double[] {1.0, 0, 1.0}, 0.05)));
        ReflectionDiagnosis diagnosis = ReflectionDiagnosis.of(reflection);
        assertEquals(List.of("a", "b"), diagnosis.nearConstant());
        assertFalse(diagnosis.zeroFitness());
        assertEquals(List.of(), diagnosis.dominant());
    }

    @Test
    void aProgramWithHelpersAndBranchesIsStillMutated() {
        String program =
                """
                private static double bonus(double x, double t) {
                    return Math.exp(-t * x * x);
                }

                double reward(CartPoleState s, Components c) {
                    double upright = bonus(s.poleAngle, 4.0);
                    if (s.failed) {
                        c.put("upright", 0.0);
                        return -1.0;
                    }
                    c.put("upright", upright);
                    return upright;
                }
                """;
        List<String> names = List.of("upright");
        Reflection reflection = Reflection.of(
                List.of(epoch(1, names, new double[] {0.2}, 0.2), epoch(2, names, new double[] {0.6}, 0.4)));
        Task task = new TaskRegistry().find("cartpole").orElseThrow();
        ProposalRequest request = request(task, 11, parent(program, CartPoleState.class, reflection, 0.4), List.of());
        List<Proposal> proposals = propose(request);
        assertValidAndDistinct(request, proposals);
        // only constants can move here (two returns: no add, drop or reweight), and there are three of them
        assertTrue(proposals.stream().anyMatch(p -> p.summary().endsWith(": upright: constant 4.0 -> 2.0")));
        assertTrue(proposals.stream().noneMatch(p -> p.summary().contains(": added")));
    }

    /** Where F plateaued, a parent without a potential also gets the documentation's potential-based shaping. */
    @Test
    void aPlateauAddsPotentialBasedShaping() {
        Task task = new TaskRegistry().find("reacher").orElseThrow();
        String context = new dev.rewardsmith.task.ContextPruner().context(task);
        List<String> names = List.of("distance", "effort");
        Reflection plateau = Reflection.of(List.of(
                epoch(1, names, new double[] {-0.3, -0.02}, 0.5),
                epoch(2, names, new double[] {-0.2, -0.03}, 0.5),
                epoch(3, names, new double[] {-0.1, -0.02}, 0.5)));
        String program =
                """
                double reward(ReacherState s, Components c) {
                    double distance = -s.distance;
                    double effort = -0.01 * (s.action[0] * s.action[0] + s.action[1] * s.action[1]);
                    c.put("distance", distance);
                    c.put("effort", effort);
                    return distance + effort;
                }
                """;
        // reacher's documentation: the distance to the goal, at most 0.41 (the arm's reach plus the goal's radius)
        String potential =
                """
                private static double potential(ReacherState s) {
                    double shapingWeight = 1.0;
                    return shapingWeight * (-s.distance / 0.41);
                }
                """;
        List<Proposal> proposals = propose(reacher(task, context, parent(program, task.stateType(), plateau, 0.5)));
        assertValidAndDistinct(reacher(task, context, parent(program, task.stateType(), plateau, 0.5)), proposals);
        List<Proposal> shaped = proposals.stream()
                .filter(p -> p.summary()
                        .equals("F plateaued (max 0.50), so add potential-based shaping toward the goal (weight 1.0)"))
                .toList();
        assertEquals(1, shaped.size(), proposals.toString());
        assertEquals(
                normalized(program + "\n" + potential, task.stateType()),
                shaped.get(0).text());
        // where F rose, the parent is kept as it is
        Reflection rising = movingReflection(names, 0.6);
        assertTrue(propose(reacher(task, context, parent(program, task.stateType(), rising, 0.6))).stream()
                .noneMatch(p -> p.summary().contains("add potential-based shaping")));
    }

    private static ProposalRequest reacher(Task task, String context, ProposalRequest.Parent parent) {
        return new ProposalRequest(
                task.id(), task.stateType(), context, task.description(), 1, K, 7, parent, List.of(), List.of());
    }
}
