package dev.rewardsmith.reward;

import java.util.Locale;

/**
 * Emits a compiled reward program as CUDA C: a struct mirroring the state view and a {@code __device__}
 * function with the JVM version's semantics (same operations in the same order, so results agree to rounding
 * of the math library). For bit-level agreement on a GPU, compile without fused multiply-add
 * ({@code --fmad=false} for NVRTC), as the host test does with {@code -ffp-contract=off}.
 */
public final class CudaEmitter {

    /**
     * The C runtime every emitted program shares (rs-runtime.h beside this class: Java's int wrap-around,
     * Math.min/max/round/signum, (int) casts and the Double tests with Java's semantics; guarded, so several
     * programs may share a file).
     */
    private static final String RUNTIME = ProgramEmitter.resource("rs-runtime.h");

    private final RewardCompiler checker = new RewardCompiler();

    /**
     * Returns C source: {@code #include <math.h>}, the state struct {@code typedef struct {...} <State>;}
     * (booleans as int, arrays at their fixed length, declaration order), runtime helpers, the program's helpers
     * as static {@code __device__} functions and {@code __device__ double reward_<name>(const <State>* s,
     * double* components)}, which zeroes the components, then records them by index as the program does.
     *
     * @throws IllegalArgumentException if the reward is not a valid program for this state view
     */
    public String emit(CompiledReward reward, Class<?> stateType) {
        return emit(reward, stateType, functionName(stateType));
    }

    /** As {@link #emit(CompiledReward, Class)}, with a chosen function name (a C identifier). */
    public String emit(CompiledReward reward, Class<?> stateType, String functionName) {
        if (!functionName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a C identifier: " + functionName);
        }
        CheckedProgram program = checker.check(reward.source(), stateType);
        String struct = stateType.getSimpleName();
        StringBuilder out = new StringBuilder();
        out.append("/* Emitted by Rewardsmith from a validated reward program; components:");
        for (String name : program.componentNames()) {
            out.append(' ')
                    .append(program.componentIndex().get(name))
                    .append('=')
                    .append(name);
        }
        out.append(" */\n#include <math.h>\n\n");
        out.append(struct(program.layout()));
        out.append('\n').append(RUNTIME).append('\n');
        out.append(ProgramEmitter.cFunctions(program, functionName, struct));
        return out.toString();
    }

    /** The C struct for a state view, guarded so that several programs may share one file. */
    static String struct(StateLayout layout) {
        String name = layout.simpleName();
        StringBuilder out = new StringBuilder();
        String guard = "REWARDSMITH_STATE_" + name.toUpperCase(Locale.ROOT);
        out.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\ntypedef struct {\n");
        for (StateLayout.StateField field : layout.fields()) {
            switch (field.kind()) {
                case DOUBLE -> out.append("    double ").append(field.name()).append(";\n");
                case INT, BOOLEAN -> out.append("    int ").append(field.name()).append(";\n");
                case DOUBLE_ARRAY ->
                    out.append("    double ")
                            .append(field.name())
                            .append('[')
                            .append(field.length())
                            .append("];\n");
            }
        }
        if (layout.fields().isEmpty()) {
            out.append("    int unused;\n");
        }
        out.append("} ").append(name).append(";\n#endif\n");
        return out.toString();
    }

    /** {@code reward_} and the state view's name without "State", in snake case: CartPoleState -> reward_cart_pole. */
    public static String functionName(Class<?> stateType) {
        String base = stateType.getSimpleName();
        if (base.endsWith("State") && base.length() > "State".length()) {
            base = base.substring(0, base.length() - "State".length());
        }
        return "reward_" + base.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
