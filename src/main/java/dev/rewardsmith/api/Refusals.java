package dev.rewardsmith.api;

import dev.rewardsmith.app.CommandResult;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/** Answers a command's result: done as the resource says, refused as 409 (conflict) or 403 (forbidden). */
final class Refusals {

    private Refusals() {}

    static <T> Response respond(CommandResult<T> result, Function<T, Response> done) {
        return switch (result) {
            case CommandResult.Done<T> d -> done.apply(d.value());
            case CommandResult.Refused<T> r ->
                ErrorMappers.error(r.refusal() == CommandResult.Refusal.CONFLICT ? 409 : 403, r.reason());
        };
    }
}
