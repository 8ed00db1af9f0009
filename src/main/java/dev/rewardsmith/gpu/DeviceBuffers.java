package dev.rewardsmith.gpu;

import java.util.ArrayList;
import java.util.List;

/** The device buffers of one training, allocated on a backend and freed together by {@link #close}. */
final class DeviceBuffers implements AutoCloseable {

    private final Backend backend;
    private final List<Backend.Buffer> owned = new ArrayList<>();

    DeviceBuffers(Backend backend) {
        this.backend = backend;
    }

    Backend.Buffer own(long bytes) {
        Backend.Buffer b = backend.allocate(bytes);
        owned.add(b);
        return b;
    }

    Backend.Buffer floats(long count) {
        return own(4 * Math.max(1, count));
    }

    Backend.Buffer doubles(long count) {
        return own(8 * Math.max(1, count));
    }

    /** Room for count ints (the kernels fill them before reading). */
    Backend.Buffer intsZero(long count) {
        return own(4 * Math.max(1, count));
    }

    Backend.Buffer ints(int[] values) {
        Backend.Buffer b = own(4L * values.length);
        backend.upload(b, 0, values);
        return b;
    }

    /** Frees every buffer; idempotent. */
    @Override
    public void close() {
        for (Backend.Buffer b : owned) backend.free(b);
        owned.clear();
    }
}
