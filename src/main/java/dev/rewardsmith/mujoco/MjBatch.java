package dev.rewardsmith.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Many copies of one model stepped together: one {@code mjData} per copy, controls passed in one contiguous
 * buffer, and after every step each copy's state (see {@link MjModel.StateLayout}) copied into {@link #state()}.
 * Stepping allocates nothing: the native buffers are made once. {@link #close} frees every mjData; the model
 * stays with its owner.
 */
public final class MjBatch implements AutoCloseable {

    private final MjModel model;
    private final MuJoCo.Native natives;
    private final int copies;
    private final int nu;
    private final MjModel.StateLayout layout;
    private final Arena arena;
    private final MemorySegment datas;
    private final MemorySegment ctrl;
    private final MemorySegment records;
    private final MemorySegment qposIn;
    private final MemorySegment qvelIn;
    private final MemorySegment geomPos;
    private final MemorySegment geomMat;
    private final double[] state;
    private boolean closed;

    public MjBatch(MjModel model, int copies) {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        this.model = model;
        this.natives = model.natives();
        this.copies = copies;
        this.nu = model.nu();
        this.layout = model.layout();
        this.arena = Arena.ofShared();
        try {
            datas = arena.allocate(ValueLayout.ADDRESS, copies);
            ctrl = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, (long) copies * nu));
            records = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) copies * layout.size());
            qposIn = arena.allocate(ValueLayout.JAVA_DOUBLE, model.nq());
            qvelIn = arena.allocate(ValueLayout.JAVA_DOUBLE, model.nv());
            geomPos = arena.allocate(ValueLayout.JAVA_DOUBLE, 3L * Math.max(1, model.ngeom()));
            geomMat = arena.allocate(ValueLayout.JAVA_DOUBLE, 9L * Math.max(1, model.ngeom()));
            MemorySegment m = model.pointer();
            for (int i = 0; i < copies; i++) {
                MemorySegment d = (MemorySegment) natives.makeData.invokeExact(m);
                if (d.equals(MemorySegment.NULL)) throw new OutOfMemoryError("MuJoCo could not allocate mjData");
                datas.setAtIndex(ValueLayout.ADDRESS, i, d);
            }
        } catch (Throwable t) {
            close();
            throw MuJoCo.rethrow(t);
        }
        state = new double[copies * layout.size()];
    }

    public int copies() {
        return copies;
    }

    public MjModel model() {
        return model;
    }

    public MjModel.StateLayout layout() {
        return layout;
    }

    /**
     * Every copy's state after the last reset or step: copy i's record starts at {@code i * layout().size()}.
     * The same array on every call, overwritten by each step; callers read it, never write it.
     */
    public double[] state() {
        return state;
    }

    /**
     * Resets copy i to time 0 at configuration qpos (nq values) and velocity qvel (nv values), and refreshes its
     * record in {@link #state()}.
     */
    public void reset(int i, double[] qpos, double[] qvel) {
        checkOpen();
        MemorySegment.copy(qpos, 0, qposIn, ValueLayout.JAVA_DOUBLE, 0, model.nq());
        MemorySegment.copy(qvel, 0, qvelIn, ValueLayout.JAVA_DOUBLE, 0, model.nv());
        MemorySegment record = records.asSlice(8L * i * layout.size(), 8L * layout.size());
        try {
            natives.reset.invokeExact(model.pointer(), data(i), qposIn, qvelIn, record);
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        }
        MemorySegment.copy(record, ValueLayout.JAVA_DOUBLE, 0, state, i * layout.size(), layout.size());
    }

    /**
     * Steps every copy: copy i applies controls[i * nu .. i * nu + nu) for {@code substeps} calls of mj_step.
     *
     * @param controls copies * nu values, not modified
     */
    public void step(double[] controls, int substeps) {
        checkOpen();
        if (nu > 0) MemorySegment.copy(controls, 0, ctrl, ValueLayout.JAVA_DOUBLE, 0, copies * nu);
        try {
            natives.stepBatch.invokeExact(model.pointer(), datas, copies, ctrl, substeps, records);
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        }
        MemorySegment.copy(records, ValueLayout.JAVA_DOUBLE, 0, state, 0, state.length);
    }

    /**
     * Geom poses of copy i for drawing: pos gets 3 values per geom, mat 9 (row-major rotation) per geom.
     */
    public void geomPoses(int i, double[] pos, double[] mat) {
        checkOpen();
        try {
            natives.geomPoses.invokeExact(model.pointer(), data(i), geomPos, geomMat);
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        }
        MemorySegment.copy(geomPos, ValueLayout.JAVA_DOUBLE, 0, pos, 0, 3 * model.ngeom());
        MemorySegment.copy(geomMat, ValueLayout.JAVA_DOUBLE, 0, mat, 0, 9 * model.ngeom());
    }

    /** The mjData of copy i (for the binding's own tests, which step it with MuJoCo's mj_step directly). */
    MemorySegment data(int i) {
        return datas.getAtIndex(ValueLayout.ADDRESS, i);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the batch is closed");
    }

    /** Frees every mjData and the buffers; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            for (int i = 0; i < copies; i++) {
                MemorySegment d = datas == null ? MemorySegment.NULL : datas.getAtIndex(ValueLayout.ADDRESS, i);
                if (!d.equals(MemorySegment.NULL)) natives.freeData.invokeExact(d);
            }
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        } finally {
            arena.close();
        }
    }
}
