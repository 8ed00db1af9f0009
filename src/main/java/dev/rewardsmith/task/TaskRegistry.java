package dev.rewardsmith.task;

import dev.rewardsmith.task.acrobot.AcrobotTask;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import dev.rewardsmith.task.mountaincar.MountainCarTask;
import dev.rewardsmith.task.pendulum.PendulumTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Every task Rewardsmith knows: the built-in ones in a fixed order, then those found on the classpath through
 * {@link ServiceLoader} (a jar declaring {@code META-INF/services/dev.rewardsmith.task.Task}), then those of the
 * plugin jars in a directory ({@link #withPlugins}; docs/tasks.md, Task SDK). Ids are unique.
 */
public final class TaskRegistry {

    /** The built-in tasks in display order: id and implementing class (loaded only if on the classpath). */
    private static final List<BuiltIn> BUILT_INS = List.of(
            new BuiltIn("cartpole", CartPoleTask.class.getName()),
            new BuiltIn("pendulum", PendulumTask.class.getName()),
            new BuiltIn("mountain-car", MountainCarTask.class.getName()),
            new BuiltIn("acrobot", AcrobotTask.class.getName()),
            new BuiltIn("reacher", "dev.rewardsmith.task.reacher.ReacherTask"),
            new BuiltIn("ball-balance", "dev.rewardsmith.task.ballbalance.BallBalanceTask"),
            new BuiltIn("quadcopter", "dev.rewardsmith.task.quadcopter.QuadcopterTask"),
            new BuiltIn("reorient", "dev.rewardsmith.task.reorient.ReorientTask"),
            new BuiltIn("spin", "dev.rewardsmith.task.spin.SpinTask"),
            new BuiltIn("ant", "dev.rewardsmith.task.mujoco.AntTask"),
            new BuiltIn("humanoid", "dev.rewardsmith.task.mujoco.HumanoidTask"),
            new BuiltIn("hopper", "dev.rewardsmith.task.mujoco.HopperTask"));

    /** Ids appear in URLs and file names: lower-case words joined by hyphens. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private record BuiltIn(String id, String className) {}

    private final List<Task> tasks;
    private final Map<String, Task> byId;

    /** Built-ins and service-loaded tasks visible to this class's class loader. */
    public TaskRegistry() {
        this(TaskRegistry.class.getClassLoader());
    }

    /**
     * Built-ins and service-loaded tasks visible to {@code loader}.
     *
     * @throws IllegalStateException if two tasks share an id, an id is malformed, or a task cannot be created
     */
    public TaskRegistry(ClassLoader loader) {
        this(builtIns(loader), discovered(loader));
    }

    /**
     * Built-ins, service-loaded tasks, and the tasks of every {@code *.jar} in {@code pluginDirectory} (in file name
     * order), each jar declaring its tasks in {@code META-INF/services/dev.rewardsmith.task.Task}. The jars are
     * loaded by one class loader whose parent is this class's, so a plugin sees the task API and the JDK.
     *
     * @param pluginDirectory a directory of plugin jars; null for none
     * @throws IllegalStateException if the directory does not exist or cannot be read, or a plugin task is invalid
     */
    public static TaskRegistry withPlugins(Path pluginDirectory) {
        if (pluginDirectory == null) return new TaskRegistry();
        if (!Files.isDirectory(pluginDirectory)) {
            throw new IllegalStateException("task plugin directory " + pluginDirectory + " does not exist");
        }
        List<URL> jars = new ArrayList<>();
        try (var files = Files.list(pluginDirectory)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("task plugin jar with a bad path in " + pluginDirectory, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list task plugin directory " + pluginDirectory, e);
        }
        if (jars.isEmpty()) return new TaskRegistry();
        // Lives as long as the server: the plugin's classes are in use until it stops.
        URLClassLoader loader =
                new URLClassLoader("task-plugins", jars.toArray(URL[]::new), TaskRegistry.class.getClassLoader());
        return new TaskRegistry(loader);
    }

    /** A registry of exactly these tasks, in this order, then {@code discovered} ones not already listed. */
    TaskRegistry(List<Task> builtIns, List<Task> discovered) {
        Map<String, Task> map = new LinkedHashMap<>();
        for (Task task : builtIns) add(map, task);
        for (Task task : discovered) {
            Task known = map.get(task.id());
            // a jar may re-declare a built-in through its services file: the same class is the same task
            if (known != null && known.getClass() == task.getClass()) continue;
            add(map, task);
        }
        this.byId = Map.copyOf(map);
        this.tasks = List.copyOf(map.values());
    }

    private static void add(Map<String, Task> map, Task task) {
        String id = task.id();
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalStateException("task " + task.getClass().getName() + " has id '" + id
                    + "': an id must be lower-case letters and digits, words joined by '-'");
        }
        Task previous = map.putIfAbsent(id, task);
        if (previous != null) {
            throw new IllegalStateException("duplicate task id '" + id + "': "
                    + previous.getClass().getName() + " and " + task.getClass().getName() + "; rename one of them");
        }
    }

    private static List<Task> builtIns(ClassLoader loader) {
        List<Task> out = new ArrayList<>();
        for (BuiltIn b : BUILT_INS) {
            Class<?> type;
            try {
                type = Class.forName(b.className(), true, loader);
            } catch (ClassNotFoundException e) {
                continue; // that built-in is not part of this build
            }
            Task task;
            try {
                task = (Task) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot create built-in task " + b.className() + ": " + e, e);
            }
            if (!b.id().equals(task.id())) {
                throw new IllegalStateException(
                        b.className() + " has id '" + task.id() + "', expected '" + b.id() + "'");
            }
            out.add(task);
        }
        return out;
    }

    private static List<Task> discovered(ClassLoader loader) {
        List<Task> out = new ArrayList<>();
        try {
            for (Task task : ServiceLoader.load(Task.class, loader)) out.add(task);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "a task declared in META-INF/services could not be loaded: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every task: built-ins first in their fixed order, then discovered ones in classpath order. */
    public List<Task> all() {
        return tasks;
    }

    public Optional<Task> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }
}
