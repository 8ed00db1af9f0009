package dev.rewardsmith.propose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The offline proposer's programs designed from the state views' documentation, read from the real contexts. */
class DesignedTemplatesTest {

    private static final String DESIGNED = "no parent yet: designed from the state view's documentation (";

    private static final Set<String> SUITE = Set.of(
            "cartpole",
            "pendulum",
            "mountain-car",
            "acrobot",
            "reacher",
            "ball-balance",
            "quadcopter",
            "reorient",
            "spin",
            "hopper",
            "ant",
            "humanoid");

    private final RewardCompiler compiler = new RewardCompiler();
    private final TaskRegistry tasks = new TaskRegistry();

    private List<FieldReading> readings(String taskId) {
        Task task = tasks.find(taskId).orElseThrow();
        return FieldReading.read(
                new ContextPruner().context(task), task.stateType().getSimpleName(), StateField.of(task.stateType()));
    }

    /** The fields with a role other than OTHER, as "name ROLE". */
    private Map<String, FieldReading.Role> roles(String taskId) {
        Map<String, FieldReading.Role> roles = new LinkedHashMap<>();
        for (FieldReading r : readings(taskId)) {
            if (r.role() != FieldReading.Role.OTHER) roles.put(r.field().name(), r.role());
        }
        return roles;
    }

    private FieldReading reading(String taskId, String field) {
        return readings(taskId).stream()
                .filter(r -> r.field().name().equals(field))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everySuiteTaskIsReadAsItsDocumentationSays() {
        // Each expectation is the field's doc comment in the task's state view, e.g. reacher's distance: "Distance
        // from the fingertip to the goal, metres, in [0, 0.41]".
        assertEquals(
                Map.of(
                        "cartPosition", FieldReading.Role.OFFSET,
                        "poleAngle", FieldReading.Role.ERROR,
                        "failed", FieldReading.Role.FAILURE),
                roles("cartpole"));
        assertEquals(Map.of("angle", FieldReading.Role.ERROR, "action", FieldReading.Role.CONTROL), roles("pendulum"));
        assertEquals(
                Map.of(
                        "velocity", FieldReading.Role.MOMENTUM,
                        "height", FieldReading.Role.PROGRESS,
                        "action", FieldReading.Role.CONTROL,
                        "atGoal", FieldReading.Role.SUCCESS),
                roles("mountain-car"));
        assertEquals(
                Map.of(
                        "theta1Velocity", FieldReading.Role.MOMENTUM,
                        "theta2Velocity", FieldReading.Role.MOMENTUM,
                        "tipHeight", FieldReading.Role.PROGRESS,
                        "atGoal", FieldReading.Role.SUCCESS),
                roles("acrobot"));
        assertEquals(
                Map.of(
                        "action", FieldReading.Role.CONTROL,
                        "fingertipSpeed", FieldReading.Role.SPEED,
                        "distance", FieldReading.Role.ERROR),
                roles("reacher"));
        assertEquals(
                Map.of(
                        "action", FieldReading.Role.CONTROL,
                        "distance", FieldReading.Role.ERROR,
                        "speed", FieldReading.Role.SPEED,
                        "onTable", FieldReading.Role.ALIVE),
                roles("ball-balance"));
        assertEquals(
                Map.of(
                        "action", FieldReading.Role.CONTROL,
                        "pitch", FieldReading.Role.OFFSET,
                        "distance", FieldReading.Role.ERROR,
                        "speed", FieldReading.Role.SPEED,
                        "crashed", FieldReading.Role.FAILURE),
                roles("quadcopter"));
        assertEquals(
                Map.of(
                        "action", FieldReading.Role.CONTROL,
                        "rotationError", FieldReading.Role.ERROR,
                        "angularSpeed", FieldReading.Role.SPEED,
                        "success", FieldReading.Role.SUCCESS),
                roles("reorient"));
        assertEquals(
                Map.of(
                        "action", FieldReading.Role.CONTROL,
                        "rotationError", FieldReading.Role.ERROR,
                        "angularSpeed", FieldReading.Role.SPEED,
                        "axialSpeed", FieldReading.Role.DIRECTION,
                        "axisDeviation", FieldReading.Role.OFFSET,
                        "success", FieldReading.Role.SUCCESS),
                roles("spin"));
    }

    @Test
    void scalesAndEventsComeFromTheDocumentedRanges() {
        assertEquals(0.41, reading("reacher", "distance").scale());
        assertEquals(Math.PI, reading("reorient", "rotationError").scale());
        assertEquals(0.71, reading("ball-balance", "distance").scale()); // "at least 0 (about 0.71 at a corner)"
        assertEquals(1.0, reading("quadcopter", "distance").scale()); // "at least 0": no range, scale 1
        assertEquals(2.4, reading("cartpole", "cartPosition").scale()); // "the episode ends beyond -2.4 or 2.4"
        FieldReading tip = reading("acrobot", "tipHeight");
        assertEquals(-2.0, tip.low());
        assertEquals(2.0, tip.high());
        assertEquals(1.0, tip.goal()); // "the goal line is at 1"
        assertTrue(reading("acrobot", "atGoal").endsEpisode()); // "the episode ends there"
        assertTrue(reading("ball-balance", "onTable").endsEpisode()); // "(the episode then ends)"
        assertTrue(reading("cartpole", "failed").endsEpisode()); // "ended the episode by a failure"
        assertTrue(!reading("reorient", "success").endsEpisode()); // "a new target is then drawn"
        assertEquals(4 * Math.PI, reading("acrobot", "theta1Velocity").scale()); // "in [-4 pi, 4 pi]"
    }

    @Test
    void rangesAreParsedAsWritten() {
        assertArrayEquals(new double[] {-4 * Math.PI, 4 * Math.PI}, FieldReading.range("in [-4 pi, 4 pi]."));
        assertArrayEquals(new double[] {-Math.PI, Math.PI}, FieldReading.range("wrapped to [-pi, pi): 0 is up"));
        assertArrayEquals(new double[] {0.0, 0.41}, FieldReading.range("metres, in [0, 0.41]"));
        assertArrayEquals(new double[] {-0.2095, 0.2095}, FieldReading.range("ends beyond about -0.2095 or 0.2095"));
        assertArrayEquals(new double[] {0.0, 0.71}, FieldReading.range("at least 0 (about 0.71 at a corner)"));
        assertArrayEquals(new double[] {0.0, 1.0}, FieldReading.range("m/s, at least 0 (about 1 at most)."));
        assertNull(FieldReading.range("metres, at least 0."));
        assertArrayEquals(new double[] {0.5 * Math.PI, 2.5}, FieldReading.range("in [0.5*pi, 2.5]"));
    }

    @Test
    void aLongRunOfDigitsIsReadInLinearTime() {
        // a plugin's doc comment is untrusted text: a bracket followed by 200,000 digits and no comma made the
        // earlier pattern try every split of the run at every digit; possessive quantifiers read it once
        String digits = "7".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertNull(FieldReading.range("in [" + digits + " and no second bound"));
            assertNull(FieldReading.range("beyond " + digits + " pi nothing"));
            assertArrayEquals(new double[] {0.0, 7.0}, FieldReading.range("in [0, 7] then [" + digits));
        });
    }

    @Test
    void reachersFirstDesignIsExactlyThis() {
        Task task = tasks.find("reacher").orElseThrow();
        Candidate c = DesignedTemplates.write(
                "ReacherState", readings("reacher"), DesignedTemplates.knobs(0, new java.util.SplittableRandom(1)));
        assertEquals(
                """
                double reward(ReacherState s, Components c) {
                    double actionEffortWeight = 0.01;
                    double actionEffort = -actionEffortWeight * (s.action[0] * s.action[0] + s.action[1] * s.action[1]);
                    double distancePullWeight = 1.0;
                    double distancePull = -distancePullWeight * s.distance / 0.41;
                    double distancePrecisionTemperature = 0.041;
                    double distancePrecision = Math.exp(-s.distance / distancePrecisionTemperature);
                    c.put("actionEffort", actionEffort);
                    c.put("distancePull", distancePull);
                    c.put("distancePrecision", distancePrecision);
                    return actionEffort + distancePull + distancePrecision;
                }

                private static double potential(ReacherState s) {
                    double shapingWeight = 1.0;
                    return shapingWeight * (-s.distance / 0.41);
                }
                """,
                c.source());
        assertEquals(
                "designed from the state view's documentation (action as effort, distance as the error to the goal"
                        + " (scale 0.41)): pull + precision, precision at 0.1 of the error's scale, effort 0.01,"
                        + " potential-based shaping 1.0",
                c.summary());
        assertInstanceOf(CompileResult.Compiled.class, compiler.compile(c.source(), task.stateType()));
    }

    @Test
    void whereFailingEndsTheEpisodeEveryErrorTermPaysPositively() {
        // cartpole: the pull (never positive) would make ending the episode early pay; the design uses a gaussian
        // bonus 0.3 of the documented range wide (0.3 x 0.2095) and a sharp one the precision's 0.1 of it wide
        Candidate c = DesignedTemplates.write(
                "CartPoleState", readings("cartpole"), DesignedTemplates.knobs(0, new java.util.SplittableRandom(1)));
        assertTrue(
                c.source()
                        .contains(
                                "double poleAngleBonusWidth = 0.06285;\n    double poleAngleBonus ="
                                        + " Math.exp(-(s.poleAngle / poleAngleBonusWidth) * (s.poleAngle / poleAngleBonusWidth));"),
                c.source());
        assertTrue(
                c.source()
                        .contains(
                                "double poleAnglePrecisionWidth = 0.02095;\n    double poleAnglePrecision = Math.exp(-(s.poleAngle"
                                        + " / poleAnglePrecisionWidth) * (s.poleAngle / poleAnglePrecisionWidth));"),
                c.source());
        assertTrue(!c.source().contains("Pull"), c.source());
        // the summary says what was written, not the variant's nominal shape
        assertEquals(
                "designed from the state view's documentation (cartPosition best at 0, poleAngle as the error to the"
                        + " goal (scale 0.2095), failed as failure): broad + sharp gaussian 0.3 and 0.1 of the error's scale wide,"
                        + " events 10.0, potential-based shaping 1.0",
                c.summary());
        // the first design's potential: minus the signed error's size over its scale
        assertTrue(
                c.source()
                        .endsWith(
                                "\nprivate static double potential(CartPoleState s) {\n    double shapingWeight = 1.0;\n"
                                        + "    return shapingWeight * (-Math.abs(s.poleAngle) / 0.2095);\n}\n"),
                c.source());
        // ball-balance: holding a state where failing ends the episode, so its speed is damped
        Candidate b = DesignedTemplates.write(
                "BallBalanceState",
                readings("ball-balance"),
                DesignedTemplates.knobs(0, new java.util.SplittableRandom(1)));
        assertTrue(
                b.source().contains("double speedDamping = -speedDampingWeight * s.speed * s.speed / 1.0;"),
                b.source());
        // acrobot: reaching the goal ends the episode, so every step before it costs
        Candidate a = DesignedTemplates.write(
                "AcrobotState", readings("acrobot"), DesignedTemplates.knobs(0, new java.util.SplittableRandom(1)));
        assertTrue(a.source().contains("double time = s.atGoal ? 0.0 : -timeCost;"), a.source());
    }

    @Test
    void iterationZeroIsDesignedValidDistinctSeededAndExplainedOnEveryTask() {
        OfflineProposer proposer = new OfflineProposer(compiler);
        for (Task task : tasks.all()) {
            String context = new ContextPruner().context(task);
            for (long seed : new long[] {1, 2}) {
                ProposalRequest request = new ProposalRequest(
                        task.id(),
                        task.stateType(),
                        context,
                        task.description(),
                        0,
                        8,
                        seed,
                        null,
                        List.of(),
                        List.of());
                List<Proposal> proposals = proposer.proposals(request);
                assertEquals(proposals, new OfflineProposer(new RewardCompiler()).proposals(request), task.id());
                Set<String> sources = new HashSet<>();
                for (Proposal p : proposals) {
                    assertTrue(sources.add(p.text()), task.id() + ": repeated\n" + p.text());
                    assertEquals(
                            p.text(),
                            assertInstanceOf(CompileResult.Compiled.class, compiler.compile(p.text(), task.stateType()))
                                    .reward()
                                    .source());
                    assertTrue(!p.summary().contains("\n"), p.summary());
                }
                // the first two samples are the first two listed designs on every task the documentation serves
                List<FieldReading> readings =
                        FieldReading.read(context, task.stateType().getSimpleName(), StateField.of(task.stateType()));
                if (!DesignedTemplates.designable(readings)) {
                    assertTrue(!SUITE.contains(task.id()), task.id() + " is a suite task");
                    continue;
                }
                assertTrue(
                        proposals.get(0).summary().startsWith(DESIGNED),
                        task.id() + ": " + proposals.get(0).summary());
                assertTrue(
                        proposals.get(1).summary().startsWith(DESIGNED),
                        task.id() + ": " + proposals.get(1).summary());
            }
        }
    }
}
