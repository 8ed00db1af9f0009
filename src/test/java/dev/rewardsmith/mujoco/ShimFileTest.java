package dev.rewardsmith.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim's file (docs/tasks.md, "The binding"): one file per build, named by its content, in a directory private
 * to the user; reused by every start, so a server killed with SIGKILL leaves nothing that accumulates, and stale
 * copies (other builds, unfinished copies, earlier versions' temporary files) are deleted at the next start.
 */
class ShimFileTest {

    private static final byte[] SHIM = "not really a shared library".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSameContentReusesTheSameFile() throws IOException {
        Path dir = tmp.resolve("rewardsmith-me");
        Path first = MuJoCo.shimFile(dir, SHIM);
        Path second = MuJoCo.shimFile(dir, SHIM);
        assertEquals(first, second);
        // the first 16 hex digits of the content's SHA-256
        assertEquals(List.of("librsmujoco-647c1d25ffb1240e.so"), names(dir));
        assertArrayEquals(SHIM, Files.readAllBytes(first));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void staleCopiesAreDeletedAndAFreshPartialCopyIsLeftToItsWriter() throws IOException {
        Path dir = tmp.resolve("rewardsmith-me");
        MuJoCo.shimFile(dir, "an older build".getBytes(StandardCharsets.UTF_8));
        Path oldPartial = Files.writeString(dir.resolve("partial-123.so"), "half");
        Files.setLastModifiedTime(oldPartial, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Files.writeString(dir.resolve("partial-456.so"), "being written");
        Path legacy = Files.writeString(tmp.resolve("rsmujoco8812345.so"), "left by kill -9");
        Path unrelated = Files.writeString(tmp.resolve("other.so"), "not ours");
        assertEquals(3, names(dir).size());

        Path shim = MuJoCo.shimFile(dir, SHIM);

        assertEquals(List.of("librsmujoco-647c1d25ffb1240e.so", "partial-456.so"), names(dir));
        assertEquals(dir.resolve("librsmujoco-647c1d25ffb1240e.so"), shim);
        assertFalse(Files.exists(legacy));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void aFileWithOtherContentUnderTheNameIsReplaced() throws IOException {
        Path dir = tmp.resolve("rewardsmith-me");
        Path shim = MuJoCo.shimFile(dir, SHIM);
        Files.writeString(shim, "tampered");
        assertEquals(shim, MuJoCo.shimFile(dir, SHIM));
        assertArrayEquals(SHIM, Files.readAllBytes(shim));
        assertEquals(List.of("librsmujoco-647c1d25ffb1240e.so"), names(dir));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("rewardsmith-me"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> MuJoCo.shimFile(dir, SHIM));
        assertEquals(
                dir + " must be owned by " + System.getProperty("user.name") + " with permissions rwx------",
                e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    /** Loads MuJoCo, says so, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            MuJoCo.Availability a = MuJoCo.availability();
            System.out.println(a.available() ? "loaded" : "unavailable: " + a.reason());
            System.out.flush();
            if (args.length > 0) Thread.sleep(60_000);
        }
    }

    private Process child(boolean wait) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName()));
        if (wait) command.add("wait");
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String firstLine(Process p) throws IOException {
        var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("loaded") || line.startsWith("unavailable")) return line;
        }
        return "no answer";
    }

    @Test
    void serversKilledWithSigkillLeaveOneShimBehind() throws Exception {
        assertTrue(MuJoCo.availability().available(), MuJoCo.availability().reason());
        Path dir = tmp.resolve("rewardsmith-" + System.getProperty("user.name"));
        for (int i = 0; i < 3; i++) {
            Process p = child(true);
            assertEquals("loaded", firstLine(p));
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no deleteOnExit
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue());
            List<String> left = names(dir);
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.getFirst().matches("librsmujoco-[0-9a-f]{16}\\.so"), left.toString());
        }
        // and nothing in the temporary directory itself but the shim's directory
        assertEquals(List.of(dir.getFileName().toString()), names(tmp));
    }
}
