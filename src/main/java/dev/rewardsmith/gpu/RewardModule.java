package dev.rewardsmith.gpu;

import dev.rewardsmith.reward.CompiledReward;
import dev.rewardsmith.reward.CudaEmitter;

/**
 * The per-candidate module (docs/gpu.md): the reward program and the human reward as emitted by {@link
 * CudaEmitter}, and the kernel {@code reward_step} that fills each copy's state view from the state arrays,
 * evaluates both, and records the first non-finite value of each copy (the JVM trainer fails the candidate with
 * its step and component). Compiles as CUDA C and as host C.
 */
final class RewardModule {

    private RewardModule() {}

    static String source(DeviceTask task, CompiledReward reward, CompiledReward human) {
        CudaEmitter emitter = new CudaEmitter();
        String state = task.stateType.getSimpleName();
        int components = reward.componentNames().size();
        int humanComponents = human == null ? 0 : human.componentNames().size();
        StringBuilder c = new StringBuilder();
        c.append(
                """
                #ifdef __CUDACC__
                #define RS_KERNEL extern "C" __global__ void
                #define RS_FOR(i, n) for (long i = (long) blockIdx.x * blockDim.x + threadIdx.x; i < (long) (n); \\
                        i += (long) blockDim.x * gridDim.x)
                #else
                #define __device__
                #define RS_KERNEL __attribute__((visibility("default"))) void
                #define RS_FOR(i, n) for (long i = 0; i < (long) (n); i++)
                #endif
                #include <stdint.h>
                """);
        c.append(emitter.emit(reward, task.stateType, "rs_reward")).append('\n');
        if (human != null)
            c.append(emitter.emit(human, task.stateType, "rs_human")).append('\n');
        c.append("static __device__ void rs_load(long n, long i, const double* s, const int* steps, const int* term,")
                .append(" const int* aux, ")
                .append(state)
                .append("* st) {\n")
                .append(task.loader.indent(4))
                .append("}\n\n");
        c.append(
                """
                RS_KERNEL reward_step(long n, long globalStep, const double* s, const int* steps, const int* term,
                        const int* aux, double* r, double* comps, double* human, int64_t* badStep, int* badComp,
                        double* badValue) {
                    RS_FOR(i, n) {
                        %1$s st;
                        rs_load(n, i, s, steps, term, aux, &st);
                        double c[%2$d];
                        double total = rs_reward(&st, c);
                        for (int k = 0; k < %3$d; k++) {
                            comps[k * n + i] = c[k];
                            if (!isfinite(c[k]) && badStep[i] < 0) {
                                badStep[i] = globalStep + i;
                                badComp[i] = k;
                                badValue[i] = c[k];
                            }
                        }
                        if (!isfinite(total) && badStep[i] < 0) {
                            badStep[i] = globalStep + i;
                            badComp[i] = -1;
                            badValue[i] = total;
                        }
                        r[i] = total;
                        %4$s
                    }
                }
                """
                        .formatted(
                                state,
                                Math.max(1, components),
                                components,
                                human == null
                                        ? "human[i] = 0;"
                                        : "double hc[%d];\n            human[i] = rs_human(&st, hc);"
                                                .formatted(Math.max(1, humanComponents))));
        return c.toString();
    }
}
