package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoTrainer;
import dev.rewardsmith.rl.TrainingRequest;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.rl.VectorEnv;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Task SDK's example (examples/plugin-task, docs/tasks.md): built into a plain jar, loaded from a plugin
 * directory, listed after the built-ins, its context pruned like theirs, its rewards compiled, and its human
 * reward learning the task.
 */
class PluginTaskTest {

    @TempDir
    static Path plugins;

    private static TaskRegistry registry;
    private static Task heater;

    @BeforeAll
    static void buildAndLoad() {
        PluginJar.build(plugins);
        registry = TaskRegistry.withPlugins(plugins);
        heater = registry.find("heater").orElseThrow();
    }

    @Test
    void listedAfterTheBuiltInsFromItsOwnClassLoader() {
        List<String> ids = registry.all().stream().map(Task::id).toList();
        assertEquals(List.of("cartpole", "pendulum", "mountain-car"), ids.subList(0, 3));
        assertTrue(ids.indexOf("heater") > ids.indexOf("spin"), ids.toString());
        assertNotSame(TaskRegistry.class.getClassLoader(), heater.getClass().getClassLoader());
        assertFalse(new TaskRegistry().find("heater").isPresent(), "only the plugin directory brings it");
    }

    @Test
    void aMissingPluginDirectoryIsRefusedAndNoneMeansBuiltIns() {
        var e = assertThrows(IllegalStateException.class, () -> TaskRegistry.withPlugins(plugins.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(
                new TaskRegistry().all().size(),
                TaskRegistry.withPlugins(null).all().size());
    }

    @Test
    void contextIsTheShippedSourcePrunedOfF() {
        String context = new ContextPruner().context(heater);
        assertTrue(context.contains("public final class HeaterState"), context);
        assertTrue(context.contains("public final class HeaterEnv"), context);
        assertTrue(context.contains("HEATER_RISE * power - (temperature[i] - outside[i])"), context);
        for (String f : List.of("fitness", "FITNESS_WINDOW", "FITNESS_BAND", "HiddenFromContext", "last hour")) {
            assertFalse(context.toLowerCase().contains(f.toLowerCase()), f + " leaks: " + context);
        }
    }

    @Test
    void oneStepFollowsNewtonsLawOfCooling() throws Exception {
        VectorEnv env = heater.createEnv(2, 7);
        env.reset(new float[2 * heater.observationSize()]);
        env.loadStateView(0);
        Object s = env.stateView();
        double t0 = field(s, "temperature");
        double outside = field(s, "outside");
        env.step(new float[] {1f, -1f}); // full power, off
        env.loadStateView(0);
        // T' = T + 0.05 (30 * 1 - (T - outside))
        assertEquals(t0 + 0.05 * (30 - (t0 - outside)), field(env.stateView(), "temperature"), 1e-12);
        assertEquals(1.0, field(env.stateView(), "power"), 0.0);
    }

    @Test
    void sparseRewardSumsToF() {
        RewardCompiler compiler = new RewardCompiler();
        assertTrue(compiler.compile(heater.humanReward(), heater.stateType()) instanceof CompileResult.Compiled);
        SparseReturn sparse = new SparseReturn(heater, 4);
        VectorEnv env = heater.createEnv(4, 3);
        env.reset(new float[4 * heater.observationSize()]);
        SplittableRandom random = new SplittableRandom(5);
        float[] actions = new float[4];
        for (int t = 0; t < heater.episodeLength(); t++) {
            // a crude thermostat with noise, so some copies end near their set point and some do not
            for (int i = 0; i < 4; i++) {
                env.loadStateView(i);
                double error = field(env.stateView(), "setPoint") - field(env.stateView(), "temperature");
                actions[i] = (float) Math.max(-1, Math.min(1, error - 0.6 + 0.3 * i + random.nextDouble(-0.1, 0.1)));
            }
            env.step(actions);
            sparse.afterStep(env);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(env.done(i));
            assertEquals(env.episodeFitness(i), sparse.sum(i), 1e-12, "copy " + i);
        }
    }

    @Test
    void humanRewardLearnsWithTheDefaults() {
        var human = ((CompileResult.Compiled) new RewardCompiler().compile(heater.humanReward(), heater.stateType()))
                .reward()
                .function();
        TrainingResult r = new PpoTrainer()
                .train(
                        new TrainingRequest(heater, human, null, heater.ppoDefaults(), 1, null),
                        MetricsListener.none(),
                        () -> false);
        assertTrue(r.fitness() >= heater.fitnessThreshold(), "F " + r.fitness());
    }

    private static double field(Object view, String name) {
        try {
            Field f = view.getClass().getField(name);
            return f.getType() == int.class ? f.getInt(view) : f.getDouble(view);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
