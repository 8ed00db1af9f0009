package dev.rewardsmith.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the text resources that ship beside a task (its reward programs and its own source). */
public final class TaskResources {

    private TaskResources() {}

    /**
     * Reads a UTF-8 resource relative to the anchor class's package, e.g. {@code read(CartPoleTask.class,
     * "human-reward.java")} reads {@code dev/rewardsmith/task/cartpole/human-reward.java}.
     *
     * @throws IllegalStateException if the resource is missing (a packaging error, not user input)
     */
    public static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Java source of a task class as shipped in its jar under {@code task-sources/}, e.g.
     * {@code task-sources/dev/rewardsmith/task/cartpole/CartPoleEnv.java}; a plugin jar ships its own the same way
     * (docs/tasks.md, Task SDK).
     */
    public static String source(Class<?> type) {
        String path = "task-sources/" + type.getName().replace('.', '/') + ".java";
        ClassLoader loader =
                type.getClassLoader() != null ? type.getClassLoader() : TaskResources.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing task source " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
