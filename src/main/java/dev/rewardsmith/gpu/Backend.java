package dev.rewardsmith.gpu;

/**
 * Where the kernels of native-gpu/ppo.cu run (docs/gpu.md): the device through the CUDA driver ({@link
 * CudaBackend}) or the same source built for the host ({@link HostBackend}). The trainer ({@link DeviceTrainer})
 * is written once against this interface, so both builds run the same sequence of kernels on the same buffers.
 */
public interface Backend extends AutoCloseable {

    /** A buffer of {@code bytes} bytes, zero-filled, owned by the backend until {@link #free}. */
    Buffer allocate(long bytes);

    void free(Buffer buffer);

    /** Makes the backend usable from the calling thread (the CUDA context is per thread). */
    default void bindThread() {}

    void upload(Buffer target, long byteOffset, float[] values);

    void upload(Buffer target, long byteOffset, double[] values);

    void upload(Buffer target, long byteOffset, int[] values);

    void upload(Buffer target, long byteOffset, long[] values);

    void download(Buffer source, long byteOffset, float[] values);

    void download(Buffer source, long byteOffset, double[] values);

    void download(Buffer source, long byteOffset, int[] values);

    void download(Buffer source, long byteOffset, long[] values);

    /**
     * Runs kernel {@code name} of the main module over {@code items} work items.
     *
     * @param args {@link Buffer} or {@link Slice} (pointers), Integer, Long, Float or Double, in the C order
     */
    void launch(String name, long items, Object... args);

    /** Compiles and loads a reward module (C source from {@link RewardModule}); replaces the previous one. */
    void loadRewardModule(String source);

    /** {@link #launch} of a kernel of the reward module. */
    void launchReward(String name, long items, Object... args);

    /** Waits for every launched kernel. */
    void synchronize();

    /** "host build (gcc)" or the device name, for logs and the candidate page. */
    String describe();

    @Override
    void close();

    /** Device or host memory; {@link #at} points inside it. */
    interface Buffer {
        long bytes();

        default Slice at(long byteOffset) {
            return new Slice(this, byteOffset);
        }
    }

    /** A pointer {@code byteOffset} bytes into a buffer. */
    record Slice(Buffer buffer, long byteOffset) {
        public Slice {
            if (byteOffset < 0 || byteOffset > buffer.bytes()) {
                throw new IllegalArgumentException("offset " + byteOffset + " outside a buffer of " + buffer.bytes());
            }
        }
    }
}
