package dev.rewardsmith.gpu;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.Task;
import java.nio.file.Path;

/** The host build of the kernels (built by Maven's process-classes phase with gcc) and reward compilation. */
final class GpuTestSupport {

    private GpuTestSupport() {}

    static HostBackend host() {
        Path library = HostBackend.defaultLibrary();
        assertNotNull(library, "target/native-gpu/librsppo.so is missing: the Maven build (gcc) makes it");
        return new HostBackend(library);
    }

    static CompiledReward compile(String source, Task task) {
        CompileResult result = new RewardCompiler().compile(source, task.stateType());
        if (result instanceof CompileResult.Compiled c) return c.reward();
        throw new AssertionError("reward rejected: " + result);
    }

    static CompiledReward human(Task task) {
        return compile(task.humanReward(), task);
    }
}
