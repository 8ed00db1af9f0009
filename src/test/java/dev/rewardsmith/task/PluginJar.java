package dev.rewardsmith.task;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the example plugin task (examples/plugin-task, docs/tasks.md Task SDK) into a plain jar, as its author
 * would: its sources compiled with javac against Rewardsmith's classes, its resources (the services file and the
 * reward programs) copied, and its sources shipped under {@code task-sources/} so the context pruner can read them.
 */
public final class PluginJar {

    /** The example's folder, relative to the project's root (the tests' working directory). */
    public static final Path EXAMPLE = Path.of("examples", "plugin-task");

    private PluginJar() {}

    /** Compiles the example and writes {@code heater-task.jar} into {@code directory}; returns the jar's path. */
    public static Path build(Path directory) {
        try {
            Path work = Files.createTempDirectory("plugin-task-build");
            Path classes = Files.createDirectories(work.resolve("classes"));
            Path sources = EXAMPLE.resolve("src/main/java");
            Path resources = EXAMPLE.resolve("src/main/resources");
            List<String> files;
            try (Stream<Path> s = Files.walk(sources)) {
                files = s.filter(p -> p.toString().endsWith(".java"))
                        .map(Path::toString)
                        .sorted()
                        .toList();
            }
            if (files.isEmpty()) throw new IllegalStateException("no sources under " + sources.toAbsolutePath());
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of(
                    "-d", classes.toString(), "-classpath", rewardsmithClasses(), "-proc:none", "-Xlint:-options"));
            args.addAll(files);
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            int code = javac.run(null, log, log, args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("the example plugin does not compile:\n"
                        + log.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            Files.createDirectories(directory);
            Path jar = directory.resolve("heater-task.jar");
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                add(out, classes, "");
                add(out, resources, "");
                add(out, sources, "task-sources/");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the task API's classes are: the directory or jar {@link Task} was loaded from. */
    private static String rewardsmithClasses() {
        try {
            var source = Task.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path p = Path.of(source.getLocation().toURI());
                if (Files.exists(p)) return p.toString();
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall through to the build's output directory
        }
        return Path.of("target", "classes").toString();
    }

    private static void add(JarOutputStream out, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = prefix + root.relativize(file).toString().replace('\\', '/');
            out.putNextEntry(new JarEntry(name));
            try (OutputStream entry = new NonClosing(out)) {
                Files.copy(file, entry);
            }
            out.closeEntry();
        }
    }

    /** Lets Files.copy write into the jar without closing it. */
    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {}
    }
}
