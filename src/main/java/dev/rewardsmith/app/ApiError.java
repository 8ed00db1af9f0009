package dev.rewardsmith.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewardsmith.reward.Problem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of every error response: what went wrong and what to change ({@code reason}), the JSON field it is
 * about ({@code field}, when there is one) and a program's problems ({@code problems}, when a program was
 * rejected). The UI reads {@code field} to mark the input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String reason, String field, List<ProblemItem> problems) {

    /**
     * One problem of a rejected program, its stage by label as in the validation answer; {@code hint} is the fix to
     * write ({@link Problem#hint}), absent when there is none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProblemItem(String stage, int line, int column, String message, String hint) {
        static ProblemItem of(Problem p) {
            return new ProblemItem(p.stage().label(), p.line(), p.column(), p.message(), p.hasHint() ? p.hint() : null);
        }
    }

    /** The body of an {@link InvalidInput}. */
    public static ApiError of(InvalidInput e) {
        return new ApiError(
                e.reason(),
                e.field(),
                e.problems() == null
                        ? null
                        : e.problems().stream().map(ProblemItem::of).toList());
    }

    /** Our reasons about one field start with its dotted path and a colon: "ppo.numEnvs: at most 4096". */
    private static final Pattern LEADING_FIELD =
            Pattern.compile("([A-Za-z][A-Za-z0-9]{0,63}(?:\\.[A-Za-z][A-Za-z0-9]{0,63}){0,4}): ");

    /** An error whose field, if any, is the one its reason starts with. */
    public static ApiError of(String reason) {
        if (reason == null) return new ApiError(null, null, null);
        var m = LEADING_FIELD.matcher(reason);
        return new ApiError(reason, m.lookingAt() ? m.group(1) : null, null);
    }
}
