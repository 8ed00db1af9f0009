package dev.rewardsmith.gpu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernels built for the host by gcc (docs/gpu.md), called through java.lang.foreign: each kernel's
 * grid-stride loop runs every work item in order on the calling thread. Buffers are native memory.
 */
public final class HostBackend implements Backend {

    private final Arena arena = Arena.ofShared();
    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup kernels;
    private SymbolLookup reward;
    private final Map<String, MethodHandle> handles = new HashMap<>();
    private final Path work;

    /** @param library the host build of native-gpu/ppo.cu (Maven writes target/native-gpu/librsppo.so) */
    public HostBackend(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("no host build of the kernels at " + library);
        }
        kernels = SymbolLookup.libraryLookup(library, arena);
        work = NativeBuild.tempDir();
    }

    /** The Maven build's host library, or null when the build did not make one. */
    public static Path defaultLibrary() {
        Path p = Path.of(System.getProperty("rewardsmith.gpu.host-library", "target/native-gpu/librsppo.so"));
        return Files.isRegularFile(p) ? p : null;
    }

    record HostBuffer(MemorySegment segment, Arena owner) implements Buffer {
        @Override
        public long bytes() {
            return segment.byteSize();
        }
    }

    @Override
    public Buffer allocate(long bytes) {
        Arena owner = Arena.ofShared();
        return new HostBuffer(owner.allocate(Math.max(8, bytes), 16), owner);
    }

    @Override
    public void free(Buffer buffer) {
        ((HostBuffer) buffer).owner().close();
    }

    private static MemorySegment seg(Buffer b) {
        return ((HostBuffer) b).segment();
    }

    @Override
    public void upload(Buffer target, long byteOffset, float[] values) {
        MemorySegment.copy(values, 0, seg(target), ValueLayout.JAVA_FLOAT, byteOffset, values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, double[] values) {
        MemorySegment.copy(values, 0, seg(target), ValueLayout.JAVA_DOUBLE, byteOffset, values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, int[] values) {
        MemorySegment.copy(values, 0, seg(target), ValueLayout.JAVA_INT, byteOffset, values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, long[] values) {
        MemorySegment.copy(values, 0, seg(target), ValueLayout.JAVA_LONG, byteOffset, values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, float[] values) {
        MemorySegment.copy(seg(source), ValueLayout.JAVA_FLOAT, byteOffset, values, 0, values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, double[] values) {
        MemorySegment.copy(seg(source), ValueLayout.JAVA_DOUBLE, byteOffset, values, 0, values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, int[] values) {
        MemorySegment.copy(seg(source), ValueLayout.JAVA_INT, byteOffset, values, 0, values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, long[] values) {
        MemorySegment.copy(seg(source), ValueLayout.JAVA_LONG, byteOffset, values, 0, values.length);
    }

    @Override
    public void launch(String name, long items, Object... args) {
        call(kernels, "k:", name, args);
    }

    @Override
    public void loadRewardModule(String source) {
        try {
            Path c = Files.createTempFile(work, "reward", ".c");
            Files.writeString(c, source, StandardCharsets.UTF_8);
            Path so = Path.of(c.toString().replace(".c", ".so"));
            NativeBuild.gcc(c, so);
            reward = SymbolLookup.libraryLookup(so, arena);
            handles.keySet().removeIf(k -> k.startsWith("r:"));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the reward module: " + e.getMessage(), e);
        }
    }

    @Override
    public void launchReward(String name, long items, Object... args) {
        if (reward == null) throw new IllegalStateException("no reward module loaded");
        call(reward, "r:", name, args);
    }

    private void call(SymbolLookup lookup, String prefix, String name, Object[] args) {
        MemoryLayout[] layouts = new MemoryLayout[args.length];
        Object[] values = new Object[args.length];
        StringBuilder key = new StringBuilder(prefix).append(name).append(':');
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case Buffer b -> {
                    layouts[i] = ValueLayout.ADDRESS;
                    values[i] = seg(b);
                }
                case Slice s -> {
                    layouts[i] = ValueLayout.ADDRESS;
                    values[i] = seg(s.buffer()).asSlice(s.byteOffset());
                }
                case Integer v -> {
                    layouts[i] = ValueLayout.JAVA_INT;
                    values[i] = v;
                }
                case Long v -> {
                    layouts[i] = ValueLayout.JAVA_LONG;
                    values[i] = v;
                }
                case Float v -> {
                    layouts[i] = ValueLayout.JAVA_FLOAT;
                    values[i] = v;
                }
                case Double v -> {
                    layouts[i] = ValueLayout.JAVA_DOUBLE;
                    values[i] = v;
                }
                default -> throw new IllegalArgumentException("unsupported kernel argument " + a);
            }
            key.append(layouts[i]).append(',');
        }
        MethodHandle h = handles.computeIfAbsent(
                key.toString(),
                k -> linker.downcallHandle(
                        lookup.find(name).orElseThrow(() -> new IllegalArgumentException("no kernel " + name)),
                        FunctionDescriptor.ofVoid(layouts)));
        try {
            h.invokeWithArguments(values);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel " + name + " failed", t);
        }
    }

    @Override
    public void synchronize() {}

    @Override
    public String describe() {
        return "host build of the kernels (gcc)";
    }

    @Override
    public void close() {
        arena.close();
    }
}
