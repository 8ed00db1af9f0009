package dev.rewardsmith.mujoco;

import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.task.mujoco.LocomotionTask;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The batch API's overhead on exactly the same physics: {@code copies} copies of a robot stepped for
 * {@code steps} env steps by {@link MjBatch#step} (controls in, mj_step frameSkip times per copy, then
 * mj_rnePostConstraint and the state copied out into Java) and, from the same start, by MuJoCo's own mj_step
 * called directly per copy with the same controls written into each mjData (nothing read back). The two runs
 * compute the same trajectories bit for bit (MjBindingTest), so the CPU time ratio is the binding's cost per step;
 * rounds alternate the two. Per CPU second of the benchmark thread. Usage: {@code java
 * --enable-native-access=ALL-UNNAMED -cp ... dev.rewardsmith.mujoco.MjStepOverhead [copies] [steps] [rounds]}.
 */
public final class MjStepOverhead {

    private MjStepOverhead() {}

    public static void main(String[] args) throws Throwable {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(
                Locale.ROOT,
                "%-9s %6s %6s %20s %20s %8s%n",
                "task",
                "copies",
                "steps",
                "batch mj_step/CPU s",
                "raw mj_step/CPU s",
                "ratio");
        for (Task t : new TaskRegistry().all()) {
            if (!(t instanceof LocomotionTask task)) continue;
            int skip = task.robot().frameSkip();
            try (MjModel m = MjModel.load(task.robot().mjcf());
                    MjBatch batch = new MjBatch(m, copies);
                    MjBatch raw = new MjBatch(m, copies)) {
                for (int r = 0; r <= rounds; r++) {
                    double ours = batched(m, batch, steps, skip);
                    double theirs = direct(m, raw, steps, skip);
                    if (r == 0) continue; // warm-up
                    System.out.printf(
                            Locale.ROOT,
                            "%-9s %6d %6d %20.0f %20.0f %8.3f%n",
                            task.id(),
                            copies,
                            steps,
                            ours,
                            theirs,
                            theirs / ours);
                }
            }
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static void resetAll(MjModel m, MjBatch b) {
        double[] qpos = m.qpos0();
        double[] qvel = new double[m.nv()];
        for (int i = 0; i < b.copies(); i++) b.reset(i, qpos, qvel);
    }

    /** The same controls for both runs: a function of the step, the copy and the actuator. */
    private static double control(int t, int i, int k) {
        return Math.sin(0.05 * t + 0.7 * k + 0.3 * i);
    }

    private static double batched(MjModel m, MjBatch b, int steps, int skip) {
        resetAll(m, b);
        double[] controls = new double[b.copies() * m.nu()];
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < b.copies(); i++) {
                for (int k = 0; k < m.nu(); k++) controls[i * m.nu() + k] = control(t, i, k);
            }
            b.step(controls, skip);
        }
        return (double) steps * b.copies() * skip / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    private static double direct(MjModel m, MjBatch b, int steps, int skip) throws Throwable {
        resetAll(m, b);
        MuJoCo.Native n = MuJoCo.natives();
        MemorySegment[] data = new MemorySegment[b.copies()];
        MemorySegment[] ctrl = new MemorySegment[b.copies()];
        for (int i = 0; i < b.copies(); i++) {
            data[i] = b.data(i);
            ctrl[i] = ((MemorySegment) n.ctrl.invokeExact(data[i])).reinterpret(8L * Math.max(1, m.nu()));
        }
        MemorySegment model = m.pointer();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < b.copies(); i++) {
                for (int k = 0; k < m.nu(); k++) ctrl[i].setAtIndex(ValueLayout.JAVA_DOUBLE, k, control(t, i, k));
                for (int s = 0; s < skip; s++) n.mjStep.invokeExact(model, data[i]);
            }
        }
        return (double) steps * b.copies() * skip / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    }
}
