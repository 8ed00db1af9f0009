package dev.rewardsmith.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A compiled MuJoCo model (an {@code mjModel}), loaded from MJCF text. Read-only once loaded, so many
 * {@link MjBatch}es may step it; {@link #close} frees it and must come after every batch on it is closed.
 */
public final class MjModel implements AutoCloseable {

    /** MJCF texts longer than this are refused before they reach MuJoCo. */
    public static final int MAX_XML_BYTES = 1 << 20;

    /** MuJoCo geom types (mjtGeom) that the renderer draws. */
    public static final int GEOM_PLANE = 0;

    public static final int GEOM_SPHERE = 2;
    public static final int GEOM_CAPSULE = 3;
    public static final int GEOM_ELLIPSOID = 4;
    public static final int GEOM_CYLINDER = 5;
    public static final int GEOM_BOX = 6;

    private final MuJoCo.Native natives;
    private MemorySegment model;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int nbody;
    private final int ngeom;
    private final int njnt;
    private final int recordSize;
    private final double timestep;
    private final double[] ctrlRange;
    private final double[] qpos0;
    private final int[] geomType;
    private final int[] geomBody;
    private final double[] geomSize;
    private final double[] geomRgba;

    private MjModel(MuJoCo.Native natives, MemorySegment model) throws Throwable {
        this.natives = natives;
        this.model = model;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_INT, 7);
            natives.sizes.invokeExact(model, s);
            nq = s.getAtIndex(ValueLayout.JAVA_INT, 0);
            nv = s.getAtIndex(ValueLayout.JAVA_INT, 1);
            nu = s.getAtIndex(ValueLayout.JAVA_INT, 2);
            nbody = s.getAtIndex(ValueLayout.JAVA_INT, 3);
            ngeom = s.getAtIndex(ValueLayout.JAVA_INT, 4);
            njnt = s.getAtIndex(ValueLayout.JAVA_INT, 5);
            recordSize = (int) natives.recordSize.invokeExact(model);
            timestep = (double) natives.timestep.invokeExact(model);
            MemorySegment range = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, 2L * nu));
            natives.ctrlRange.invokeExact(model, range);
            ctrlRange = doubles(range, 2 * nu);
            MemorySegment q0 = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, nq));
            natives.qpos0.invokeExact(model, q0);
            qpos0 = doubles(q0, nq);
            long g = Math.max(1, ngeom);
            MemorySegment types = arena.allocate(ValueLayout.JAVA_INT, g);
            MemorySegment bodies = arena.allocate(ValueLayout.JAVA_INT, g);
            MemorySegment sizes = arena.allocate(ValueLayout.JAVA_DOUBLE, 3 * g);
            MemorySegment rgba = arena.allocate(ValueLayout.JAVA_DOUBLE, 4 * g);
            natives.geomInfo.invokeExact(model, types, bodies, sizes, rgba);
            geomType = types.asSlice(0, 4L * ngeom).toArray(ValueLayout.JAVA_INT);
            geomBody = bodies.asSlice(0, 4L * ngeom).toArray(ValueLayout.JAVA_INT);
            geomSize = doubles(sizes, 3 * ngeom);
            geomRgba = doubles(rgba, 4 * ngeom);
        }
    }

    private static double[] doubles(MemorySegment segment, int count) {
        return segment.asSlice(0, 8L * count).toArray(ValueLayout.JAVA_DOUBLE);
    }

    /**
     * Compiles MJCF text (a complete {@code <mujoco>} document; no include files).
     *
     * @throws MjcfException with MuJoCo's message when the text does not compile
     * @throws IllegalStateException when MuJoCo is unavailable here ({@link MuJoCo#availability()} says why)
     */
    public static MjModel load(String mjcf) {
        MuJoCo.Native natives = MuJoCo.natives();
        if (mjcf == null || mjcf.isBlank()) throw new MjcfException("the MJCF text is empty");
        byte[] bytes = mjcf.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_XML_BYTES) {
            throw new MjcfException(
                    "the MJCF text has " + bytes.length + " bytes; at most " + MAX_XML_BYTES + " are accepted");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xml = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, xml, ValueLayout.JAVA_BYTE, 0, bytes.length);
            int errSize = 1000;
            MemorySegment err = arena.allocate(errSize);
            MemorySegment m = (MemorySegment) natives.loadXml.invokeExact(xml, bytes.length, err, errSize);
            if (m.equals(MemorySegment.NULL)) {
                String message = err.getString(0).strip();
                throw new MjcfException(
                        "MuJoCo cannot compile the MJCF: " + (message.isEmpty() ? "no message" : message));
            }
            try {
                return new MjModel(natives, m);
            } catch (Throwable t) {
                natives.freeModel.invokeExact(m);
                throw t;
            }
        } catch (MjcfException e) {
            throw e;
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        }
    }

    MuJoCo.Native natives() {
        return natives;
    }

    MemorySegment pointer() {
        if (model == null) throw new IllegalStateException("the model is closed");
        return model;
    }

    /** Number of position coordinates. */
    public int nq() {
        return nq;
    }

    /** Number of degrees of freedom (velocity coordinates). */
    public int nv() {
        return nv;
    }

    /** Number of actuators (controls). */
    public int nu() {
        return nu;
    }

    /** Number of bodies including the world body 0. */
    public int nbody() {
        return nbody;
    }

    public int ngeom() {
        return ngeom;
    }

    public int njnt() {
        return njnt;
    }

    /** Simulation time step, seconds. */
    public double timestep() {
        return timestep;
    }

    /** The initial configuration (a copy). */
    public double[] qpos0() {
        return qpos0.clone();
    }

    /** Lower control bound of actuator i (0 if unlimited). */
    public double ctrlLow(int i) {
        return ctrlRange[2 * i];
    }

    /** Upper control bound of actuator i (0 if unlimited). */
    public double ctrlHigh(int i) {
        return ctrlRange[2 * i + 1];
    }

    public int geomType(int g) {
        return geomType[g];
    }

    public int geomBody(int g) {
        return geomBody[g];
    }

    /** Size parameter k (0..2) of geom g as MJCF's size attribute gives it (radius, half-length, ...). */
    public double geomSize(int g, int k) {
        return geomSize[3 * g + k];
    }

    /** Colour channel k (r, g, b, a in [0, 1]) of geom g. */
    public double geomRgba(int g, int k) {
        return geomRgba[4 * g + k];
    }

    /** The layout of one copy's record in {@link MjBatch#state()}. */
    public StateLayout layout() {
        return new StateLayout(nq, nv, nbody, recordSize);
    }

    /** Offsets into one copy's record: qpos, qvel, xpos (3/body), xquat (4/body), cvel (6/body), cfrc_ext (6/body). */
    public record StateLayout(int nq, int nv, int nbody, int size) {
        public int qpos() {
            return 0;
        }

        public int qvel() {
            return nq;
        }

        public int xpos() {
            return nq + nv;
        }

        public int xquat() {
            return xpos() + 3 * nbody;
        }

        /** Body velocity (angular, then linear), in the frame centred at the subtree's centre of mass. */
        public int cvel() {
            return xquat() + 4 * nbody;
        }

        /** External (contact) force on each body: torque, then force, in the same frame as cvel. */
        public int cfrcExt() {
            return cvel() + 6 * nbody;
        }
    }

    /** Frees the model; idempotent. Close every batch stepping it first. */
    @Override
    public void close() {
        if (model == null) return;
        try {
            natives.freeModel.invokeExact(model);
        } catch (Throwable t) {
            throw MuJoCo.rethrow(t);
        }
        model = null;
    }
}
