package dev.rewardsmith.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.TaskResources;
import dev.rewardsmith.task.mujoco.AntTask;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MuJoCo binding against MuJoCo itself: the ant model loads with the sizes its MJCF declares, bad MJCF is
 * refused with MuJoCo's message, batch stepping equals MuJoCo's own mj_step called directly, bit for bit, and
 * creating and freeing models and data leaves no native memory behind.
 */
class MjBindingTest {

    static String ant;

    @BeforeAll
    static void mujocoIsInstalled() {
        MuJoCo.Availability a = MuJoCo.availability();
        assertTrue(a.available(), "MuJoCo must be installed for these tests (.ci/run installs it): " + a.reason());
        ant = TaskResources.read(AntTask.class, "ant.xml");
    }

    @Test
    void theAntModelLoadsWithTheSizesItsMjcfDeclares() {
        try (MjModel m = MjModel.load(ant)) {
            // free joint (7 qpos, 6 qvel) + 8 hinges; world + torso + 4 legs x 3 bodies; floor + torso + 12 capsules
            assertEquals(15, m.nq());
            assertEquals(14, m.nv());
            assertEquals(8, m.nu());
            assertEquals(14, m.nbody());
            assertEquals(14, m.ngeom());
            assertEquals(9, m.njnt());
            assertEquals(0.01, m.timestep());
            assertEquals(-1.0, m.ctrlLow(0));
            assertEquals(1.0, m.ctrlHigh(7));
            assertEquals(0.75, m.qpos0()[2]);
            assertEquals(MjModel.GEOM_PLANE, m.geomType(0));
            assertEquals(MjModel.GEOM_SPHERE, m.geomType(1));
            assertEquals(0.25, m.geomSize(1, 0));
            assertEquals(MjModel.GEOM_CAPSULE, m.geomType(2));
            assertEquals(0.08, m.geomSize(2, 0));
            // the first hip segment runs from (0, 0) to (0.2, 0.2): half-length 0.1 * sqrt(2)
            assertEquals(0.1 * Math.sqrt(2), m.geomSize(2, 1), 1e-12);
            assertEquals(15 + 14 + 14 * 19, m.layout().size());
        }
    }

    @Test
    void badMjcfIsRefusedWithMuJoCosMessage() {
        MjcfException unknown = assertThrows(
                MjcfException.class, () -> MjModel.load("<mujoco>\n<worldbody>\n<bogus/>\n</worldbody>\n</mujoco>"));
        assertTrue(unknown.getMessage().contains("bogus"), unknown.getMessage());
        assertTrue(unknown.getMessage().toLowerCase(Locale.ROOT).contains("line 3"), unknown.getMessage());
        MjcfException malformed = assertThrows(MjcfException.class, () -> MjModel.load("<mujoco><worldbody>"));
        assertTrue(malformed.getMessage().startsWith("MuJoCo cannot compile the MJCF: "), malformed.getMessage());
        MjcfException badJoint = assertThrows(
                MjcfException.class,
                () -> MjModel.load(
                        "<mujoco><worldbody><body><joint type='spiral'/><geom size='0.1'/></body></worldbody></mujoco>"));
        assertTrue(badJoint.getMessage().contains("spiral"), badJoint.getMessage());
        assertEquals(
                "the MJCF text is empty",
                assertThrows(MjcfException.class, () -> MjModel.load(" ")).getMessage());
    }

    /**
     * 1,000 steps of the ant under varied controls: copy 0 of a batch stepped by the shim's batch loop, and a
     * second mjData stepped by calling MuJoCo's mj_step directly, with controls written into its ctrl array. Every
     * qpos and qvel entry must be the same double after every step.
     */
    @Test
    void batchSteppingEqualsMuJoCosOwnMjStepBitForBit() throws Throwable {
        try (MjModel m = MjModel.load(ant);
                MjBatch batch = new MjBatch(m, 3);
                MjBatch reference = new MjBatch(m, 1)) {
            MuJoCo.Native n = MuJoCo.natives();
            double[] qpos = m.qpos0();
            double[] qvel = new double[m.nv()];
            qvel[0] = 0.3;
            for (int i = 0; i < 3; i++) batch.reset(i, qpos, qvel);
            reference.reset(0, qpos, qvel);
            MemorySegment d = reference.data(0);
            MemorySegment refQpos = ((MemorySegment) n.qpos.invokeExact(d)).reinterpret(8L * m.nq());
            MemorySegment refQvel = ((MemorySegment) n.qvel.invokeExact(d)).reinterpret(8L * m.nv());
            MemorySegment refCtrl = ((MemorySegment) n.ctrl.invokeExact(d)).reinterpret(8L * m.nu());
            double[] controls = new double[3 * m.nu()];
            MjModel.StateLayout layout = batch.layout();
            int compared = 0;
            for (int t = 0; t < 1000; t++) {
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < m.nu(); k++) {
                        controls[i * m.nu() + k] = Math.sin(0.05 * t + k + i);
                    }
                }
                batch.step(controls, 1);
                for (int k = 0; k < m.nu(); k++) refCtrl.setAtIndex(ValueLayout.JAVA_DOUBLE, k, controls[k]);
                n.mjStep.invokeExact(m.pointer(), d);
                double[] s = batch.state();
                for (int k = 0; k < m.nq(); k++) {
                    double ours = s[layout.qpos() + k];
                    double theirs = refQpos.getAtIndex(ValueLayout.JAVA_DOUBLE, k);
                    assertEquals(
                            Double.doubleToRawLongBits(theirs),
                            Double.doubleToRawLongBits(ours),
                            "qpos[" + k + "] at step " + t);
                    compared++;
                }
                for (int k = 0; k < m.nv(); k++) {
                    double ours = s[layout.qvel() + k];
                    double theirs = refQvel.getAtIndex(ValueLayout.JAVA_DOUBLE, k);
                    assertEquals(
                            Double.doubleToRawLongBits(theirs),
                            Double.doubleToRawLongBits(ours),
                            "qvel[" + k + "] at step " + t);
                    compared++;
                }
            }
            assertEquals(1000 * 29, compared);
            // the run went somewhere: the torso moved and the legs bent
            assertTrue(Math.abs(batch.state()[0] - qpos[0]) > 0.01, "torso x " + batch.state()[0]);
        }
    }

    /**
     * Loading a model, making a batch of 2 copies, stepping it and freeing both, 10,000 times: MuJoCo's live
     * allocations (counted by the shim's allocator hooks) are exactly what they were before, and were not zero
     * while a model was open. The process's whole C heap (glibc's mallinfo2, JVM included) is printed beside.
     */
    @Test
    void tenThousandCreateFreeCyclesLeaveNoNativeMemoryBehind() {
        String small = "<mujoco><worldbody><body pos='0 0 1'><freejoint/><geom type='capsule' size='0.1 0.2'/>"
                + "</body></worldbody></mujoco>";
        double[] controls = new double[0];
        Runnable cycle = () -> {
            try (MjModel m = MjModel.load(small);
                    MjBatch b = new MjBatch(m, 2)) {
                b.step(controls, 1);
            }
        };
        for (int i = 0; i < 200; i++) cycle.run();
        MuJoCo.Allocations before = MuJoCo.mujocoAllocations();
        long heapBefore = MuJoCo.nativeHeapInUse();
        try (MjModel m = MjModel.load(small);
                MjBatch b = new MjBatch(m, 2)) {
            MuJoCo.Allocations open = MuJoCo.mujocoAllocations();
            assertTrue(open.blocks() >= before.blocks() + 3, "a model and two mjData are live: " + open);
            assertTrue(open.bytes() > before.bytes() + 2 * 10_000, "model and data bytes are counted: " + open);
        }
        for (int i = 0; i < 10_000; i++) cycle.run();
        MuJoCo.Allocations after = MuJoCo.mujocoAllocations();
        long heapAfter = MuJoCo.nativeHeapInUse();
        System.out.printf(
                Locale.ROOT,
                "MuJoCo live allocations %s before, %s after 10,000 cycles; process C heap %d -> %d bytes%n",
                before,
                after,
                heapBefore,
                heapAfter);
        assertEquals(before, after);
    }
}
