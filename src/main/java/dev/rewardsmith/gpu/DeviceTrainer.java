package dev.rewardsmith.gpu;

import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.rl.MetricsListener;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.TrainingResult;
import dev.rewardsmith.task.Task;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * PPO with every step of an iteration in the kernels of native-gpu/ppo.cu (docs/gpu.md): environment step and
 * auto-reset, the reward module, observation and reward normalization, policy and value forward passes,
 * sampling, GAE, shuffled minibatches, the clipped losses, the backward pass, gradient clipping and Adam. Only the
 * metrics of an iteration (a few doubles) and the checkpoints cross to the host; checkpoints are evaluated there
 * on the task's Java environment, as the JVM trainer evaluates them.
 *
 * <p>The generators are the JVM trainer's: the same seed splits into the same initialization, environment
 * stream and sampling stream, the environment resets and the categorical sampling consume the same draws, and the
 * shuffle is the same Fisher-Yates, so a discrete task's training follows the JVM trainer's on the same seed up
 * to float rounding (the Gaussian policy of continuous tasks samples by Box-Muller instead of Java's ziggurat).
 */
public final class DeviceTrainer {

    private final Backend backend;

    public DeviceTrainer(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * One training.
     *
     * @param copies environment copies; 0 takes the config's numEnvs (a device runs more than the CPU limit)
     */
    public record Request(
            Task task,
            CompiledReward reward,
            CompiledReward humanReward,
            PpoConfig config,
            long seed,
            byte[] initialPolicy,
            int copies) {
        public Request {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(reward, "reward");
            Objects.requireNonNull(config, "config");
            if (copies < 0 || copies > 1 << 20) throw new IllegalArgumentException("copies must be in [0, 2^20]");
            long n = copies == 0 ? config.numEnvs() : copies;
            if (n * config.numSteps() % config.numMinibatches() != 0) {
                throw new IllegalArgumentException("copies * numSteps must be divisible by numMinibatches");
            }
        }

        int numEnvs() {
            return copies == 0 ? config.numEnvs() : copies;
        }
    }

    /** Whether a task has kernels, and if not, why. */
    public static String unsupportedReason(Task task) {
        return DeviceTask.of(task.stateType()).isPresent()
                ? null
                : "task '" + task.id() + "' has no device kernels (cartpole, pendulum, mountain-car and acrobot do)";
    }

    /** Trainings on one backend run one at a time (a device runs one training's kernels at once anyway). */
    public TrainingResult train(Request request, MetricsListener listener, BooleanSupplier cancelled) {
        synchronized (backend) {
            backend.bindThread();
            try (DeviceBuffers buffers = new DeviceBuffers(backend)) {
                return new DeviceRun(backend, buffers, request).train(listener, cancelled);
            }
        }
    }

    /** Runs the first {@code steps} environment steps of a training and returns the copies' states after each. */
    double[][] envTrace(Request request, int steps) {
        backend.bindThread();
        try (DeviceBuffers buffers = new DeviceBuffers(backend)) {
            DeviceRun run = new DeviceRun(backend, buffers, request);
            double[][] out = new double[steps][];
            for (int t = 0; t < steps; t++) {
                run.step(t % run.numSteps);
                out[t] = run.downloadState();
            }
            return out;
        }
    }

    /** Rollout-only throughput: steps of every copy per second of the rollout kernels (no update). */
    double rolloutStepsPerSecond(Request request, int rollouts) {
        backend.bindThread();
        try (DeviceBuffers buffers = new DeviceBuffers(backend)) {
            DeviceRun run = new DeviceRun(backend, buffers, request);
            run.rollout();
            backend.synchronize();
            long start = System.nanoTime();
            for (int i = 0; i < rollouts; i++) run.rollout();
            backend.synchronize();
            return (double) rollouts * run.numSteps * run.n / ((System.nanoTime() - start) / 1e9);
        }
    }
}
