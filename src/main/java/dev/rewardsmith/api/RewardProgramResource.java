package dev.rewardsmith.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.CompileWorkers;
import dev.rewardsmith.app.InvalidInput;
import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.Problem;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Checks a reward program against a task's state view with the same compiler the search uses, and returns the
 * normalized program or every problem with its stage, line and column. Compiling is CPU: it runs on
 * {@link CompileWorkers}' threads (never the event loop) within {@code rewardsmith.limits.compile-timeout}.
 */
@Path("/api/reward-programs")
public class RewardProgramResource {

    /** Free text as an LLM or a person writes it; the program inside may be at most 8 KB (the compiler says so). */
    public record ValidateRequest(
            @NotBlank @Size(max = 64) String task,
            @NotNull @Size(max = 65_536, message = "must be at most 64 KB of text") String source) {}

    /** A problem with its stage, position and message; {@code hint} is the fix to write, absent when none. */
    @Schema(name = "ValidationProblem")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProblemView(String stage, int line, int column, String message, String hint) {
        static ProblemView of(Problem p) {
            return new ProblemView(p.stage().label(), p.line(), p.column(), p.message(), p.hasHint() ? p.hint() : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValidateResponse(
            boolean valid, String program, List<String> components, List<ProblemView> problems) {}

    @Inject
    TaskRegistry tasks;

    @Inject
    CompileWorkers compiler;

    @POST
    @Path("/validate")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "the normalized program, or its problems",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ValidateResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid request",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<ValidateResponse> validate(@Valid @NotNull ValidateRequest request) {
        Task task = tasks.find(request.task())
                .orElseThrow(() -> new InvalidInput(
                        "task",
                        "task: unknown task '" + request.task() + "'; known tasks: "
                                + tasks.all().stream().map(Task::id).toList()));
        return compiler.compile(request.source(), task.stateType()).map(result -> switch (result) {
            case CompileResult.Compiled c ->
                new ValidateResponse(true, c.reward().source(), c.reward().componentNames(), null);
            case CompileResult.Rejected r ->
                new ValidateResponse(
                        false,
                        null,
                        null,
                        r.problems().stream().map(ProblemView::of).toList());
        });
    }
}
