package dev.rewardsmith.gpu;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The kernels on a CUDA device through JCuda's driver API (docs/gpu.md): the PTX that nvcc built during the
 * Maven build (resource native-gpu/ppo.ptx) is JIT-compiled by the driver, so no toolkit library is needed at run
 * time. A reward module is compiled to PTX by nvcc when the training starts. Use {@link #open} (it never throws for
 * a missing driver or device: it says why).
 */
public final class CudaBackend implements Backend {

    private static final int BLOCK = 256;

    /** Why the driver did not load the first time; JCuda's class stays unusable in this JVM afterwards. */
    private static volatile String driverFailure;

    private final CUcontext context;
    private final CUmodule module;
    private final String name;
    private final String nvcc;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private CUmodule reward;
    private final Map<String, CUfunction> rewardFunctions = new HashMap<>();

    /** A device backend, or the reason there is none. */
    public record Opened(Backend backend, String reason) {}

    /**
     * Loads the driver, picks device 0 and loads the PTX.
     *
     * @param nvcc the nvcc that compiles reward modules
     */
    public static Opened open(String nvcc) {
        String ptx;
        try (InputStream in = CudaBackend.class.getResourceAsStream("/native-gpu/ppo.ptx")) {
            if (in == null) {
                return new Opened(null, "no PTX in this build (nvcc was not found when it was built)");
            }
            ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return new Opened(null, "the PTX could not be read: " + e.getMessage());
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) return new Opened(null, "the CUDA driver found no device");
            if (!Files.isExecutable(Path.of(nvcc))) {
                return new Opened(null, "no nvcc at " + nvcc + " to compile reward programs for the device");
            }
            return new Opened(new CudaBackend(ptx, nvcc), null);
        } catch (UnsatisfiedLinkError e) {
            driverFailure = "no CUDA driver (" + firstLine(e.getMessage()) + ")";
            return new Opened(null, driverFailure);
        } catch (NoClassDefFoundError e) {
            // JCuda's driver class failed to initialize on an earlier attempt in this JVM
            return new Opened(null, driverFailure != null ? driverFailure : "no CUDA driver (" + e.getMessage() + ")");
        } catch (RuntimeException | LinkageError e) {
            return new Opened(null, "the CUDA driver failed: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no message";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private CudaBackend(String ptx, String nvcc) {
        this.nvcc = nvcc;
        CUdevice device = new CUdevice();
        cuDeviceGet(device, 0);
        byte[] deviceName = new byte[256];
        cuDeviceGetName(deviceName, deviceName.length, device);
        int[] version = {0};
        cuDriverGetVersion(version);
        String n = new String(deviceName, StandardCharsets.US_ASCII).trim();
        int nul = n.indexOf('\0');
        this.name = (nul < 0 ? n : n.substring(0, nul)) + " (driver CUDA " + version[0] / 1000 + "."
                + (version[0] % 1000) / 10 + ")";
        context = new CUcontext();
        cuCtxCreate(context, 0, device);
        module = new CUmodule();
        byte[] bytes = (ptx + "\0").getBytes(StandardCharsets.US_ASCII);
        cuModuleLoadData(module, bytes);
    }

    record DeviceBuffer(CUdeviceptr pointer, long bytes) implements Buffer {}

    private static CUdeviceptr ptr(Buffer b) {
        return ((DeviceBuffer) b).pointer();
    }

    @Override
    public Buffer allocate(long bytes) {
        cuCtxSetCurrent(context);
        CUdeviceptr p = new CUdeviceptr();
        long size = Math.max(8, bytes);
        cuMemAlloc(p, size);
        cuMemsetD8(p, (byte) 0, size);
        allocations.add(p);
        return new DeviceBuffer(p, size);
    }

    @Override
    public void free(Buffer buffer) {
        CUdeviceptr p = ptr(buffer);
        if (allocations.remove(p)) cuMemFree(p);
    }

    @Override
    public void bindThread() {
        cuCtxSetCurrent(context);
    }

    @Override
    public void upload(Buffer target, long byteOffset, float[] values) {
        cuMemcpyHtoD(ptr(target).withByteOffset(byteOffset), Pointer.to(values), 4L * values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, double[] values) {
        cuMemcpyHtoD(ptr(target).withByteOffset(byteOffset), Pointer.to(values), 8L * values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, int[] values) {
        cuMemcpyHtoD(ptr(target).withByteOffset(byteOffset), Pointer.to(values), 4L * values.length);
    }

    @Override
    public void upload(Buffer target, long byteOffset, long[] values) {
        cuMemcpyHtoD(ptr(target).withByteOffset(byteOffset), Pointer.to(values), 8L * values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, float[] values) {
        cuMemcpyDtoH(Pointer.to(values), ptr(source).withByteOffset(byteOffset), 4L * values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, double[] values) {
        cuMemcpyDtoH(Pointer.to(values), ptr(source).withByteOffset(byteOffset), 8L * values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, int[] values) {
        cuMemcpyDtoH(Pointer.to(values), ptr(source).withByteOffset(byteOffset), 4L * values.length);
    }

    @Override
    public void download(Buffer source, long byteOffset, long[] values) {
        cuMemcpyDtoH(Pointer.to(values), ptr(source).withByteOffset(byteOffset), 8L * values.length);
    }

    @Override
    public void launch(String kernel, long items, Object... args) {
        CUfunction f = functions.computeIfAbsent(kernel, k -> {
            CUfunction fn = new CUfunction();
            cuModuleGetFunction(fn, module, k);
            return fn;
        });
        run(f, items, args);
    }

    @Override
    public void loadRewardModule(String source) {
        Path dir = NativeBuild.tempDir();
        try {
            Path cu = dir.resolve("reward.cu");
            Path ptx = dir.resolve("reward.ptx");
            Files.writeString(cu, source, StandardCharsets.UTF_8);
            NativeBuild.nvcc(nvcc, cu, ptx);
            if (reward != null) cuModuleUnload(reward);
            reward = new CUmodule();
            cuModuleLoadData(
                    reward,
                    (Files.readString(ptx, StandardCharsets.US_ASCII) + "\0").getBytes(StandardCharsets.US_ASCII));
            rewardFunctions.clear();
        } catch (IOException e) {
            throw new IllegalStateException("the reward module could not be built: " + e.getMessage(), e);
        }
    }

    @Override
    public void launchReward(String kernel, long items, Object... args) {
        CUfunction f = rewardFunctions.computeIfAbsent(kernel, k -> {
            CUfunction fn = new CUfunction();
            cuModuleGetFunction(fn, reward, k);
            return fn;
        });
        run(f, items, args);
    }

    private void run(CUfunction f, long items, Object[] args) {
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Buffer b -> Pointer.to(ptr(b));
                case Slice s -> Pointer.to(ptr(s.buffer()).withByteOffset(s.byteOffset()));
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Double v -> Pointer.to(new double[] {v});
                default -> throw new IllegalArgumentException("unsupported kernel argument " + args[i]);
            };
        }
        long blocks = Math.max(1, Math.min((items + BLOCK - 1) / BLOCK, 65_535));
        cuLaunchKernel(f, (int) blocks, 1, 1, BLOCK, 1, 1, 0, null, Pointer.to(params), null);
    }

    @Override
    public void synchronize() {
        cuCtxSynchronize();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        for (CUdeviceptr p : allocations) cuMemFree(p);
        allocations.clear();
        if (reward != null) cuModuleUnload(reward);
        cuModuleUnload(module);
        cuCtxDestroy(context);
    }
}
