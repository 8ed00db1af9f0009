package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewardsmith.rl.VectorEnv;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The heavy tasks' stepping gives the floats it gave when this digest was taken, bit for bit, so that no change
 * to them goes unnoticed: a digest of every observation, state view, done flag and episode fitness over 64 copies
 * and 700 steps of seeded random actions (some beyond the action bounds, so clipping is exercised). The digests
 * were computed by this class's {@link #main} after the sines, cosines and hypots became {@link Trig}'s
 * polynomials and plain square roots (docs/tasks.md, "Stepping speed"): those changed the last bits of the
 * doubles (over these 700 steps the state views differ from the Math.sin build by at most 1.4e-13, the float
 * observations of reacher, ball-balance and quadcopter not at all, F nowhere). The same digests with
 * {@code -Drewardsmith.scalarKernels=true}: the Vector API lanes give the scalar floats.
 */
class SteppingDigestTest {

    static final Map<String, String> EXPECTED = Map.of(
            "reacher", "db59991417376744442dbad6",
            "ball-balance", "37b696bcb3a900e35fc9c222",
            "quadcopter", "3ba98c101991633df336e107",
            "reorient", "598ee6630c75907fd7a85095",
            "spin", "00651f6ef7b5dddd66cffd07");

    @Test
    void heavyTasksStepAsPinnedBitForBit() {
        TaskRegistry registry = new TaskRegistry();
        for (var expected : EXPECTED.entrySet()) {
            Task task = registry.all().stream()
                    .filter(t -> t.id().equals(expected.getKey()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(expected.getValue(), digest(task), task.id());
        }
    }

    static String digest(Task task) {
        int copies = 64;
        VectorEnv env = task.createEnv(copies, 5);
        int actionSize = task.actionSpace().size();
        float[] obs = new float[copies * task.observationSize()];
        float[] actions = new float[copies * actionSize];
        SplittableRandom random = new SplittableRandom(11);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        ByteBuffer bytes = ByteBuffer.allocate(obs.length * 4);
        env.reset(obs);
        hash(sha, bytes, obs);
        for (int t = 0; t < 700; t++) {
            for (int k = 0; k < actions.length; k++) actions[k] = (float) random.nextDouble(-1.2, 1.2);
            env.step(actions);
            for (int i = 0; i < copies; i++) {
                env.loadStateView(i);
                StringBuilder b = new StringBuilder(ContinuousTaskChecks.describe(env.stateView()));
                b.append(env.done(i)).append(env.terminated(i));
                if (env.done(i)) b.append(Double.doubleToRawLongBits(env.episodeFitness(i)));
                sha.update(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            env.autoReset(obs);
            hash(sha, bytes, obs);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static void hash(MessageDigest sha, ByteBuffer bytes, float[] obs) {
        bytes.clear();
        for (float v : obs) bytes.putInt(Float.floatToRawIntBits(v));
        sha.update(bytes.array(), 0, bytes.position());
    }

    /** Prints the digests of this build's tasks (to compute {@link #EXPECTED}). */
    public static void main(String[] args) {
        for (Task task : new TaskRegistry().all()) {
            if (EXPECTED.containsKey(task.id())) System.out.println(task.id() + " " + digest(task));
        }
    }
}
