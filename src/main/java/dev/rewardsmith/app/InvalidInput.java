package dev.rewardsmith.app;

import dev.rewardsmith.reward.Problem;
import java.util.List;

/**
 * A request that cannot be served as sent: answered with 400 and the body {@code {"reason", "field"?,
 * "problems"?}}. Only this (and the framework's own validation and JSON errors) becomes a 400; any other exception
 * is a bug and answers 500 with an id in the log (see docs/architecture.md, API and live stream).
 */
public final class InvalidInput extends RuntimeException {

    private final String field;
    private final transient List<Problem> problems;

    /**
     * @param field the JSON field (dotted path) the reason is about; null when it is about the whole request
     * @param reason what is wrong and what to change, starting with the field when there is one
     */
    public InvalidInput(String field, String reason) {
        this(field, reason, null);
    }

    public InvalidInput(String field, String reason, List<Problem> problems) {
        super(reason, null, false, false);
        this.field = field;
        this.problems = problems == null ? null : List.copyOf(problems);
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }

    /** The reward program's problems when the field is a program; null otherwise. */
    public List<Problem> problems() {
        return problems;
    }
}
