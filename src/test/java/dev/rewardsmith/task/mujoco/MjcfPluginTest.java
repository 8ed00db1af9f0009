package dev.rewardsmith.task.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.task.Frame;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/tasks.md ("MuJoCo tasks"): a user's MJCF model, state view class and task class
 * (src/test/resources/plugin-example) compiled against Rewardsmith, packed into a jar with its services file,
 * and found by the task registry through that jar alone.
 */
class MjcfPluginTest {

    @Test
    void aUsersMjcfTaskInAJarLoadsAsAPlugin(@TempDir Path dir) throws Exception {
        Path source = Path.of("src/test/resources/plugin-example");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> javaFiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(source)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> javaFiles.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(
                List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "--release", "25"));
        args.addAll(javaFiles);
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the example compiles");
        Path jar = dir.resolve("crawler-plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            add(jarOut, classes);
            add(jarOut, source, ".xml");
            add(jarOut, source, "dev.rewardsmith.task.Task");
        }

        // the example is not on the test classpath: only the jar's loader finds it
        assertFalse(new TaskRegistry().find("crawler").isPresent());
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            TaskRegistry registry = new TaskRegistry(loader);
            Task crawler = registry.find("crawler").orElseThrow(() -> new AssertionError("crawler not discovered"));
            assertEquals("com.example.crawler.CrawlerTask", crawler.getClass().getName());
            assertEquals("crawler", registry.all().getLast().id());
            assertTrue(crawler.available());
            assertEquals(4 + 5, crawler.observationSize());
            assertInstanceOf(
                    CompileResult.Compiled.class,
                    new RewardCompiler().compile(crawler.humanReward(), crawler.stateType()));
            VectorEnv env = crawler.createEnv(2, 1);
            float[] obs = new float[2 * crawler.observationSize()];
            env.reset(obs);
            for (int s = 0; s < 10; s++) {
                env.step(new float[] {1, -1, -1, 1});
                env.autoReset(obs);
            }
            env.loadStateView(0);
            assertEquals(10, crawler.stateType().getField("step").getInt(env.stateView()));
            Frame frame = crawler.render(env.stateView());
            // the box torso is drawn as the outline of its projected corners
            assertTrue(frame.shapes().stream().anyMatch(s -> s instanceof Frame.Polygon), frame.toJson());
            ((AutoCloseable) env).close();
        }
    }

    private static void add(JarOutputStream jar, Path root) throws IOException {
        add(jar, root, ".class");
    }

    private static void add(JarOutputStream jar, Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(
                            f -> Files.isRegularFile(f) && f.toString().endsWith(suffix))
                    .toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }
}
