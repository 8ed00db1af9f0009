package dev.rewardsmith.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two builds of the kernels' C subset (docs/gpu.md): gcc to a host shared library (no contraction into fused
 * multiply-adds, as the JVM), nvcc to PTX ({@code --fmad=false} likewise). Used for reward modules, which are
 * compiled per candidate; the main kernels are built by Maven.
 */
final class NativeBuild {

    /** The flags of the host build (the pom's gcc line uses the same). */
    static final List<String> GCC_FLAGS =
            List.of("-std=c11", "-O2", "-fPIC", "-shared", "-ffp-contract=off", "-w", "-x", "c");

    private NativeBuild() {}

    /** gcc: source -> shared library. */
    static void gcc(Path source, Path library) {
        List<String> cmd = new ArrayList<>();
        cmd.add("gcc");
        cmd.addAll(GCC_FLAGS);
        cmd.addAll(List.of("-o", library.toString(), source.toString(), "-lm"));
        run(cmd, "gcc");
    }

    /** nvcc: source -> PTX. */
    static void nvcc(String nvcc, Path source, Path ptx) {
        run(List.of(nvcc, "-ptx", "--fmad=false", "-arch=compute_75", "-o", ptx.toString(), source.toString()), "nvcc");
    }

    private static void run(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " timed out");
            }
            if (p.exitValue() != 0) throw new IllegalStateException(what + " failed: " + out);
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("rewardsmith-gpu");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory: " + e.getMessage(), e);
        }
    }
}
