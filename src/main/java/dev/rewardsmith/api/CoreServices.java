package dev.rewardsmith.api;

import dev.rewardsmith.mujoco.MuJoCo;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
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
    }
}
