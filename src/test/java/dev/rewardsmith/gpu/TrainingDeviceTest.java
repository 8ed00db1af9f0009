package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.cartpole.CartPoleTask;
import dev.rewardsmith.task.reacher.ReacherTask;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The device choice: the GPU when it can run the task, otherwise the CPU with a reason, never an exception. */
class TrainingDeviceTest {

    private static final String NVCC = "/usr/local/bin/nvcc";

    /** Whether this machine has the CUDA driver library (CI and the build machines do not). */
    private static boolean driverPresent() {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"))
                || Files.exists(Path.of("/usr/lib64/libcuda.so.1"));
    }

    @Test
    void theRealDriverLookupFallsBackWithAReasonWhenThereIsNoDevice() {
        for (String setting : new String[] {"auto", "gpu", "GPU"}) {
            TrainingDevice.Choice choice =
                    TrainingDevice.fromSetting(setting, NVCC).choose(new CartPoleTask());
            if (driverPresent()) {
                assertEquals("gpu", choice.device(), "a driver is present: " + choice.reason());
                choice.backend().close();
            } else {
                assertEquals("cpu", choice.device());
                assertTrue(choice.reason().startsWith("GPU unavailable: "), choice.reason());
                // JCuda's native library loads, the CUDA driver (libcuda.so.1) does not; or no PTX was built
                assertTrue(
                        choice.reason().contains("no CUDA driver")
                                || choice.reason().contains("no PTX"),
                        choice.reason());
            }
        }
    }

    @Test
    void cpuIsChosenWithoutTouchingTheDriver() {
        TrainingDevice device = new TrainingDevice(TrainingDevice.Setting.CPU, () -> {
            throw new AssertionError("the driver must not be opened");
        });
        TrainingDevice.Choice choice = device.choose(new CartPoleTask());
        assertEquals("cpu", choice.device());
        assertNull(choice.reason());
    }

    @Test
    void aTaskWithoutKernelsStaysOnTheCpuWithItsReason() {
        TrainingDevice device = new TrainingDevice(TrainingDevice.Setting.GPU, () -> {
            throw new AssertionError("the driver must not be opened for a task without kernels");
        });
        TrainingDevice.Choice choice = device.choose(new ReacherTask());
        assertEquals("cpu", choice.device());
        assertEquals(
                "task 'reacher' has no device kernels (cartpole, pendulum, mountain-car and acrobot do)",
                choice.reason());
    }

    @Test
    void aRewardWithAPotentialStaysOnTheCpuWithItsReason() {
        // an opened device whose backend is never called: choosing touches nothing but its presence
        Backend device0 = (Backend) java.lang.reflect.Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    throw new AssertionError("choosing a device calls no kernel: " + method);
                });
        TrainingDevice device =
                new TrainingDevice(TrainingDevice.Setting.GPU, () -> new CudaBackend.Opened(device0, null));
        dev.rewardsmith.reward.RewardFunction shaped = new dev.rewardsmith.reward.RewardFunction() {
            @Override
            public java.util.List<String> componentNames() {
                return java.util.List.of("potential_shaping");
            }

            @Override
            public double evaluate(Object state, double[] components) {
                return 0;
            }

            @Override
            public boolean hasPotential() {
                return true;
            }
        };
        TrainingDevice.Choice choice = device.choose(new CartPoleTask(), shaped);
        assertEquals("cpu", choice.device());
        assertEquals("the reward's potential-based shaping runs on the CPU only", choice.reason());
        assertNull(choice.backend());
        // the same task and device, a reward without a potential: the GPU
        TrainingDevice.Choice plain = device.choose(new CartPoleTask());
        assertEquals("gpu", plain.device());
        assertNull(plain.reason());
        // a task without kernels says so first
        assertEquals(
                "task 'reacher' has no device kernels (cartpole, pendulum, mountain-car and acrobot do)",
                device.choose(new ReacherTask(), shaped).reason());
    }

    @Test
    void aDriverThatThrowsIsAReasonNotACrash() {
        TrainingDevice device = new TrainingDevice(TrainingDevice.Setting.AUTO, () -> {
            throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
        });
        TrainingDevice.Choice choice = device.choose(new CartPoleTask());
        assertEquals("cpu", choice.device());
        assertEquals(
                "GPU unavailable: the GPU could not be opened: libcuda.so.1: cannot open shared object file",
                choice.reason());
    }

    @Test
    void theSettingNamesItsValues() {
        assertEquals(TrainingDevice.Setting.AUTO, TrainingDevice.Setting.parse(" Auto "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrainingDevice.Setting.parse("tpu"));
        assertEquals("rewardsmith.training.device: 'tpu' is not one of [auto, cpu, gpu]", e.getMessage());
    }
}
