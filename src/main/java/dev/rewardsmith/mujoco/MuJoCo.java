package dev.rewardsmith.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The MuJoCo engine as Rewardsmith reaches it: Debian's libmujoco 2.2.2 through Java's foreign function API and
 * the C shim built from {@code native-mujoco/} (docs/tasks.md, "MuJoCo tasks"). Loading happens once, on first
 * use; when the library or the shim is missing, {@link #availability()} says why and nothing else is affected.
 */
public final class MuJoCo {

    /** The MuJoCo version the tasks were written for: 2.2.2 as mj_version() reports it. */
    public static final int VERSION = 222;

    static final String SHIM_RESOURCE = "/native/linux-x86_64/librsmujoco.so";
    static final String LIBRARY = "libmujoco.so.2.2.2";
    /**
     * The setting naming the MuJoCo library to load instead of {@link #LIBRARY} (a name or a path). The entry points
     * read it and call {@link #useLibrary}: the server from its configuration, the command line and the worker
     * from the system property or the environment. This class reads no system property itself, so that one test's
     * setting does not leak into another's in the same JVM.
     */
    public static final String LIBRARY_PROPERTY = "rewardsmith.mujoco.library";

    private static volatile String library = LIBRARY;
    private static volatile boolean loaded;

    /** Whether the engine can be used here, and if not, why (a sentence a person can act on). */
    public record Availability(boolean available, String reason) {}

    private MuJoCo() {}

    /**
     * Loads MuJoCo from {@code nameOrPath} (a file name the dynamic loader searches, or a path) instead of
     * {@link #LIBRARY}; for a server whose library lives elsewhere, and for tests of a missing library. Takes
     * effect only before the first use of the engine in this class loader.
     *
     * @throws IllegalStateException when the engine was already loaded from another library
     */
    public static synchronized void useLibrary(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) throw new IllegalArgumentException("no library named");
        if (loaded && !nameOrPath.equals(library)) {
            throw new IllegalStateException(
                    "MuJoCo was already loaded from " + library + "; " + nameOrPath + " takes effect after a restart");
        }
        library = nameOrPath;
    }

    /** Whether MuJoCo tasks can run in this process; never throws. */
    public static Availability availability() {
        return Holder.AVAILABILITY;
    }

    /** The loaded native functions, or an exception naming why they are not there. */
    static Native natives() {
        Native n = Holder.NATIVE;
        if (n == null) throw new IllegalStateException("MuJoCo is unavailable: " + Holder.AVAILABILITY.reason());
        return n;
    }

    private static final class Holder {
        static final Native NATIVE;
        static final Availability AVAILABILITY;

        static {
            loaded = true;
            Native n = null;
            Availability a;
            try {
                n = Native.load();
                a = new Availability(true, null);
            } catch (UnavailableException e) {
                a = new Availability(false, e.getMessage());
            }
            NATIVE = n;
            AVAILABILITY = a;
        }
    }

    static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    /** Method handles for the shim's functions and MuJoCo's own mj_step. */
    static final class Native {
        private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
        private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
        private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
        private static final java.lang.foreign.AddressLayout P = ValueLayout.ADDRESS;

        final MethodHandle headerVersion;
        final MethodHandle version;
        final MethodHandle loadXml;
        final MethodHandle freeModel;
        final MethodHandle sizes;
        final MethodHandle timestep;
        final MethodHandle ctrlRange;
        final MethodHandle geomInfo;
        final MethodHandle qpos0;
        final MethodHandle makeData;
        final MethodHandle freeData;
        final MethodHandle qpos;
        final MethodHandle qvel;
        final MethodHandle ctrl;
        final MethodHandle heapInUse;
        final MethodHandle liveBytes;
        final MethodHandle liveBlocks;
        final MethodHandle recordSize;
        final MethodHandle reset;
        final MethodHandle stepBatch;
        final MethodHandle geomPoses;
        /** MuJoCo's own mj_step, called without the shim: the reference the binding is tested against. */
        final MethodHandle mjStep;

        private Native(SymbolLookup shim, SymbolLookup mujoco) {
            Linker linker = Linker.nativeLinker();
            headerVersion = handle(linker, shim, "rs_header_version", FunctionDescriptor.of(I));
            version = handle(linker, mujoco, "mj_version", FunctionDescriptor.of(I));
            loadXml = handle(linker, shim, "rs_load_xml", FunctionDescriptor.of(P, P, I, P, I));
            freeModel = handle(linker, shim, "rs_free_model", FunctionDescriptor.ofVoid(P));
            sizes = handle(linker, shim, "rs_sizes", FunctionDescriptor.ofVoid(P, P));
            timestep = handle(linker, shim, "rs_timestep", FunctionDescriptor.of(D, P));
            ctrlRange = handle(linker, shim, "rs_ctrl_range", FunctionDescriptor.ofVoid(P, P));
            geomInfo = handle(linker, shim, "rs_geom_info", FunctionDescriptor.ofVoid(P, P, P, P, P));
            qpos0 = handle(linker, shim, "rs_qpos0", FunctionDescriptor.ofVoid(P, P));
            makeData = handle(linker, shim, "rs_make_data", FunctionDescriptor.of(P, P));
            freeData = handle(linker, shim, "rs_free_data", FunctionDescriptor.ofVoid(P));
            qpos = handle(linker, shim, "rs_qpos", FunctionDescriptor.of(P, P));
            qvel = handle(linker, shim, "rs_qvel", FunctionDescriptor.of(P, P));
            ctrl = handle(linker, shim, "rs_ctrl", FunctionDescriptor.of(P, P));
            heapInUse = handle(linker, shim, "rs_heap_in_use", FunctionDescriptor.of(J));
            liveBytes = handle(linker, shim, "rs_mujoco_live_bytes", FunctionDescriptor.of(J));
            liveBlocks = handle(linker, shim, "rs_mujoco_live_blocks", FunctionDescriptor.of(J));
            recordSize = handle(linker, shim, "rs_record_size", FunctionDescriptor.of(I, P));
            reset = handle(linker, shim, "rs_reset", FunctionDescriptor.ofVoid(P, P, P, P, P));
            stepBatch = handle(linker, shim, "rs_step_batch", FunctionDescriptor.ofVoid(P, P, I, P, I, P));
            geomPoses = handle(linker, shim, "rs_geom_poses", FunctionDescriptor.ofVoid(P, P, P, P));
            mjStep = handle(linker, mujoco, "mj_step", FunctionDescriptor.ofVoid(P, P));
        }

        private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor d) {
            MemorySegment symbol = lookup.find(name)
                    .orElseThrow(() -> new IllegalStateException("symbol " + name + " not found in the MuJoCo shim"));
            return linker.downcallHandle(symbol, d);
        }

        static Native load() throws UnavailableException {
            SymbolLookup mujoco;
            String name = library;
            try {
                mujoco = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new UnavailableException(
                        name.equals(LIBRARY)
                                ? "the MuJoCo library " + LIBRARY
                                        + " is not installed (Debian: apt-get install libmujoco2.2.2)"
                                : "the MuJoCo library " + name + " (" + LIBRARY_PROPERTY
                                        + ") cannot be loaded: it does not exist or is not a shared library");
            }
            Path shimFile = extractShim();
            SymbolLookup shim;
            try {
                shim = SymbolLookup.libraryLookup(shimFile, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new UnavailableException("the MuJoCo shim " + shimFile + " does not load: " + e.getMessage());
            }
            Native n;
            try {
                n = new Native(shim, mujoco);
            } catch (IllegalStateException e) {
                throw new UnavailableException(e.getMessage());
            }
            int header;
            int library;
            try {
                header = (int) n.headerVersion.invokeExact();
                library = (int) n.version.invokeExact();
            } catch (Throwable t) {
                throw new UnavailableException("MuJoCo does not answer its version: " + t);
            }
            if (library != VERSION || header != VERSION) {
                throw new UnavailableException("MuJoCo " + library + " (shim built against " + header
                        + ") is installed; the tasks need " + VERSION + " (libmujoco2.2.2)");
            }
            return n;
        }

        /** Copies the shim from the classpath to a file the dynamic loader can open (see {@link #shimFile}). */
        private static Path extractShim() throws UnavailableException {
            byte[] content;
            try (InputStream in = MuJoCo.class.getResourceAsStream(SHIM_RESOURCE)) {
                if (in == null) {
                    throw new UnavailableException("this build has no MuJoCo shim (" + SHIM_RESOURCE
                            + "): it was built without the MuJoCo headers (Debian: apt-get install libmujoco-dev)");
                }
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new UnavailableException("cannot read the MuJoCo shim: " + e.getMessage());
            }
            try {
                return shimFile(shimDirectory(), content);
            } catch (IOException e) {
                throw new UnavailableException("cannot extract the MuJoCo shim: " + e);
            }
        }
    }

    /** The shim's directory: {@code rewardsmith-<user>} in {@code java.io.tmpdir}, private to the user. */
    static Path shimDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "rewardsmith-" + user);
    }

    static final String SHIM_PREFIX = "librsmujoco-";

    /**
     * The shim as a file named by its content's hash in {@code directory} (made private to this user if new):
     * reused when it is already there with that content, so a process killed before it could delete a temporary
     * file leaves nothing new behind; shims of other builds in the directory (left by processes of an older
     * version, or by a crash) are deleted, and so are the per-process {@code rsmujoco*.so} temporary files
     * earlier versions extracted into {@code java.io.tmpdir}. A deleted file a running process has loaded stays
     * mapped in that process (Linux), so deleting never breaks another server.
     *
     * @throws IOException when the directory cannot be made private to this user or the file not written
     */
    static Path shimFile(Path directory, byte[] content) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(directory)) {
            try {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(owner));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by a process starting at the same time
            }
        }
        // a directory others can write to could hold their library under our name
        String me = System.getProperty("user.name");
        if (!Files.getOwner(directory).getName().equals(me)
                || !Files.getPosixFilePermissions(directory).equals(owner)) {
            throw new IOException(directory + " must be owned by " + me + " with permissions rwx------");
        }
        String name = SHIM_PREFIX + sha256(content).substring(0, 16) + ".so";
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            Path partial = Files.createTempFile(directory, "partial-", ".so");
            try {
                Files.write(partial, content);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        deleteStale(directory, name);
        return file;
    }

    /** Deletes the other shims and unfinished copies in directory, and earlier versions' temporary shims. */
    private static void deleteStale(Path directory, String keep) {
        try (var files = Files.list(directory)) {
            files.filter(f -> {
                        String n = f.getFileName().toString();
                        // a partial copy may be another process's, being written now: deleted once it is old
                        return !n.equals(keep)
                                && (n.startsWith(SHIM_PREFIX) || (n.startsWith("partial-") && olderThanAMinute(f)));
                    })
                    .forEach(MuJoCo::deleteQuietly);
        } catch (IOException e) {
            // a listing that fails leaves stale files, nothing worse
        }
        Path tmp = directory.getParent();
        if (tmp == null) return;
        String me = System.getProperty("user.name");
        try (var files = Files.newDirectoryStream(tmp, "rsmujoco*.so")) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && Files.getOwner(f).getName().equals(me)) deleteQuietly(f);
            }
        } catch (IOException e) {
            // as above
        }
    }

    private static boolean olderThanAMinute(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() < System.currentTimeMillis() - 60_000;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // another process's file, or one that went meanwhile
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Bytes in use on the C heap (malloc'd and mmap'd blocks), for the native-memory checks. */
    public static long nativeHeapInUse() {
        try {
            return (long) natives().heapInUse.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** What MuJoCo has allocated and not freed in this process (counted by the shim's allocator hooks). */
    public record Allocations(long bytes, long blocks) {}

    /** MuJoCo's live allocations now: every model and data not yet closed. */
    public static Allocations mujocoAllocations() {
        try {
            Native n = natives();
            return new Allocations((long) n.liveBytes.invokeExact(), (long) n.liveBlocks.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
