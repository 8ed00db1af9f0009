package dev.rewardsmith.api;

import dev.rewardsmith.mujoco.MuJoCo;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.TrainerWarmUp;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The framework-free core as CDI beans: one task registry and one reward compiler (with its cache) per server. */
@Singleton
public class CoreServices {

    private static final Logger LOG = Logger.getLogger(CoreServices.class);

    /** A directory of task plugin jars (docs/tasks.md, Task SDK); unset: built-in and classpath tasks only. */
    @ConfigProperty(name = "rewardsmith.tasks.plugin-dir")
    Optional<String> pluginDir;

    /** Whether the start trains briefly so the JIT compiles the trainer before the first search (see below). */
    @ConfigProperty(name = "rewardsmith.trainer.warm-up", defaultValue = "true")
    boolean trainerWarmUp;

    /**
     * The MuJoCo library to load, a name or a path (docs/tasks.md, "The binding"); unset: the system property of
     * the same name, else Debian's libmujoco.so.2.2.2.
     */
    @ConfigProperty(name = MuJoCo.LIBRARY_PROPERTY)
    Optional<String> mujocoLibrary;

    @Produces
    @Singleton
    TaskRegistry taskRegistry() {
        mujocoLibrary.ifPresent(MuJoCo::useLibrary);
        MuJoCo.Availability mujoco = MuJoCo.availability();
        if (!mujoco.available()) LOG.warnf("the MuJoCo tasks are unavailable: %s", mujoco.reason());
        TaskRegistry registry = TaskRegistry.withPlugins(pluginDir.map(Path::of).orElse(null));
        LOG.infof("tasks: %s", registry.all().stream().map(Task::id).toList());
        return registry;
    }

    @Produces
    @Singleton
    RewardCompiler rewardCompiler() {
        return new RewardCompiler();
    }

    @Produces
    @Singleton
    ContextPruner contextPruner() {
        return new ContextPruner();
    }

    /** Loads the tasks and warms the compiler (its first compile loads Janino: seconds) before users arrive. */
    void warmUp(@Observes StartupEvent event, TaskRegistry tasks, RewardCompiler compiler) {
        Thread.ofVirtual().name("reward-compiler-warm-up").start(() -> {
            for (Task task : tasks.all()) compiler.compile(task.humanReward(), task.stateType());
            LOG.debugf("compiled the human rewards of %d tasks", tasks.all().size());
        });
        if (trainerWarmUp) {
            Thread.ofPlatform()
                    .daemon()
                    .name("trainer-warm-up")
                    .priority(Thread.MIN_PRIORITY)
                    .start(() -> warmUpTrainer(tasks, compiler));
        }
    }

    /**
     * Trains cartpole and pendulum briefly as the pool trains a search's candidate ({@link TrainerWarmUp}), results
     * discarded, so the JIT has compiled the trainer before the first search: until then the Vector API runs its
     * Java fallback and C2 compiles the trainer's loops during that search (bench/README.md, "In-server"). A few
     * CPU-seconds at start.
     */
    private static void warmUpTrainer(TaskRegistry tasks, RewardCompiler compiler) {
        long start = System.nanoTime();
        try {
            TrainerWarmUp.run(tasks, compiler, TrainerWarmUp.ITERATIONS);
            TrainerWarmUp.awaitQuietCompiler();
            LOG.infof("trainer warmed up in %.1f s", (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            LOG.warnf("trainer warm-up stopped: %s", e.toString());
        }
    }
}
