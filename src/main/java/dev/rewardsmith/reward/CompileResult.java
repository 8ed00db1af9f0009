package dev.rewardsmith.reward;

import java.util.List;
import java.util.Objects;

/** The outcome of compiling a reward program: the compiled reward, or the problems that stopped it. */
public sealed interface CompileResult permits CompileResult.Compiled, CompileResult.Rejected {

    /** The program passed every stage. */
    record Compiled(CompiledReward reward) implements CompileResult {
        public Compiled {
            Objects.requireNonNull(reward, "reward");
        }
    }

    /** The program was rejected; problems are in source order, at least one. */
    record Rejected(List<Problem> problems) implements CompileResult {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one problem");
            }
        }
    }
}
