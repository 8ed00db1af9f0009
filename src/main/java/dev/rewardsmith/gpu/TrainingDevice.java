package dev.rewardsmith.gpu;

import dev.rewardsmith.reward.RewardFunction;
import dev.rewardsmith.task.Task;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a training runs (setting {@code rewardsmith.training.device}, docs/gpu.md): {@code auto} takes the GPU
 * when a device is present and the task has kernels, {@code gpu} asks for it, {@code cpu} never uses it. When the
 * GPU is not taken, the choice carries the reason, which is logged and shown with the candidate.
 */
public final class TrainingDevice {

    /** The setting's values. */
    public enum Setting {
        AUTO,
        CPU,
        GPU;

        /** @throws IllegalArgumentException naming the accepted values */
        public static Setting parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(
                        "rewardsmith.training.device: '" + value + "' is not one of [auto, cpu, gpu]");
            }
        }
    }

    /**
     * The outcome for one training.
     *
     * @param device "gpu" or "cpu"
     * @param reason why the CPU was chosen; null on the GPU or when the setting asked for the CPU
     * @param backend the device backend when device is "gpu"
     */
    public record Choice(String device, String reason, Backend backend) {}

    private final Setting setting;
    private final Supplier<CudaBackend.Opened> opener;
    private CudaBackend.Opened opened;

    /** @param opener opens the device once, on the first choice that needs it */
    public TrainingDevice(Setting setting, Supplier<CudaBackend.Opened> opener) {
        this.setting = setting;
        this.opener = opener;
    }

    public static TrainingDevice fromSetting(String value, String nvcc) {
        return new TrainingDevice(Setting.parse(value), () -> CudaBackend.open(nvcc));
    }

    public Setting setting() {
        return setting;
    }

    /** Never throws for a missing driver, device, PTX or unsupported task: the CPU and the reason instead. */
    public synchronized Choice choose(Task task) {
        return choose(task, null);
    }

    /**
     * As {@link #choose(Task)} for a training of one reward: a reward with a potential trains on the CPU (the
     * device kernels have no shaping step).
     *
     * @param reward the reward to train, or null when not known yet
     */
    public synchronized Choice choose(Task task, RewardFunction reward) {
        if (setting == Setting.CPU) return new Choice("cpu", null, null);
        String unsupported = DeviceTrainer.unsupportedReason(task);
        if (unsupported != null) return new Choice("cpu", unsupported, null);
        if (opened == null) {
            try {
                opened = opener.get();
            } catch (RuntimeException | LinkageError e) {
                opened = new CudaBackend.Opened(null, "the GPU could not be opened: " + e.getMessage());
            }
        }
        if (opened.backend() == null) return new Choice("cpu", "GPU unavailable: " + opened.reason(), null);
        // the most basic reason first: no kernels for the task, no device, then this reward
        if (reward != null && reward.hasPotential()) {
            return new Choice("cpu", "the reward's potential-based shaping runs on the CPU only", null);
        }
        return new Choice("gpu", null, opened.backend());
    }
}
