package dev.rewardsmith.app;

/**
 * What a command came to: done with its value, or refused with a reason because of the state it met (a name
 * taken, a limit reached: {@link Refusal#CONFLICT}) or because the caller may not do it ({@link Refusal#FORBIDDEN}).
 * The API answers a refusal with 409 or 403 and the reason; bad input is {@link InvalidInput} instead.
 */
public sealed interface CommandResult<T> {

    enum Refusal {
        CONFLICT,
        FORBIDDEN
    }

    record Done<T>(T value) implements CommandResult<T> {}

    record Refused<T>(Refusal refusal, String reason) implements CommandResult<T> {}

    static <T> CommandResult<T> done(T value) {
        return new Done<>(value);
    }

    static <T> CommandResult<T> conflict(String reason) {
        return new Refused<>(Refusal.CONFLICT, reason);
    }

    static <T> CommandResult<T> forbidden(String reason) {
        return new Refused<>(Refusal.FORBIDDEN, reason);
    }
}
