package dev.rewardsmith.store;

import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.reward.Stage;
import java.util.Arrays;
import java.util.Locale;

/**
 * A reward program's problem as stored in a candidate row and in a bundle: the stage by its label, the fix hint
 * when there is one (null otherwise, and in rows and bundles written before hints were kept).
 */
public record StoredProblem(String stage, int line, int column, String message, String hint) {

    public static StoredProblem of(Problem p) {
        return new StoredProblem(p.stage().label(), p.line(), p.column(), p.message(), p.hasHint() ? p.hint() : null);
    }

    /** Whether the stage is one this server knows (a bundle from elsewhere is checked before it is stored). */
    public boolean knownStage() {
        return stage != null
                && Arrays.stream(Stage.values()).anyMatch(s -> s.label().equals(stage));
    }

    public Problem toProblem() {
        return new Problem(Stage.valueOf(stage.toUpperCase(Locale.ROOT)), line, column, message, hint);
    }
}
