package dev.rewardsmith.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.VectorEnv;
import dev.rewardsmith.security.Role;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The task suite: what each task is, the source the proposer reads, its reward programs and a preview frame. */
@Path("/api/tasks")
@RolesAllowed(Role.VIEWER_NAME)
public class TaskResource {

    /** The action space as JSON: {"type": "discrete", "n": 2} or {"type": "continuous", "low": [..], "high": [..]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionView(String type, Integer n, double[] low, double[] high) {
        static ActionView of(ActionSpace space) {
            return switch (space) {
                case ActionSpace.Discrete d -> new ActionView("discrete", d.n(), null, null);
                case ActionSpace.Continuous c -> new ActionView("continuous", null, c.low(), c.high());
            };
        }
    }

    public record TaskSummary(
            String id,
            String description,
            int observationSize,
            ActionView action,
            int episodeLength,
            double fitnessThreshold,
            String stateType,
            boolean available,
            String unavailableReason) {
        static TaskSummary of(Task t) {
            return new TaskSummary(
                    t.id(),
                    t.description(),
                    t.observationSize(),
                    ActionView.of(t.actionSpace()),
                    t.episodeLength(),
                    t.fitnessThreshold(),
                    t.stateType().getSimpleName(),
                    t.available(),
                    t.unavailableReason());
        }
    }

    public record TaskDetail(
            String id,
            String description,
            int observationSize,
            ActionView action,
            int episodeLength,
            double fitnessThreshold,
            String stateType,
            int framesPerSecond,
            PpoConfig ppoDefaults) {}

    @Inject
    TaskRegistry tasks;

    @Inject
    ContextPruner pruner;

    /** Pruning parses the sources: done once per task. */
    private final ConcurrentMap<String, String> contexts = new ConcurrentHashMap<>();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TaskSummary> list() {
        return tasks.all().stream().map(TaskSummary::of).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TaskDetail get(@PathParam("id") String id) {
        Task t = task(id);
        return new TaskDetail(
                t.id(),
                t.description(),
                t.observationSize(),
                ActionView.of(t.actionSpace()),
                t.episodeLength(),
                t.fitnessThreshold(),
                t.stateType().getSimpleName(),
                t.framesPerSecond(),
                t.ppoDefaults());
    }

    @GET
    @Path("/{id}/context")
    @Produces(MediaType.TEXT_PLAIN)
    public String context(@PathParam("id") String id) {
        Task t = task(id);
        return contexts.computeIfAbsent(t.id(), k -> pruner.context(t));
    }

    @GET
    @Path("/{id}/human-reward")
    @Produces(MediaType.TEXT_PLAIN)
    public String humanReward(@PathParam("id") String id) {
        return task(id).humanReward();
    }

    @GET
    @Path("/{id}/sparse-reward")
    @Produces(MediaType.TEXT_PLAIN)
    public String sparseReward(@PathParam("id") String id) {
        return task(id).sparseReward();
    }

    /** A frame of drawing primitives of one initial state drawn with the given seed. */
    @GET
    @Path("/{id}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "a frame of drawing primitives",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public String preview(
            @PathParam("id") String id,
            @QueryParam("seed") @DefaultValue("0") @Min(0) @Max(Integer.MAX_VALUE) long seed) {
        Task t = task(id);
        if (!t.available()) throw new ClientErrorException(t.id() + " cannot run here: " + t.unavailableReason(), 409);
        try (VectorEnv env = t.createEnv(1, seed)) {
            env.reset(new float[t.observationSize()]);
            env.loadStateView(0);
            return t.render(env.stateView()).toJson();
        }
    }

    private Task task(String id) {
        return tasks.find(id)
                .orElseThrow(() -> new NotFoundException("no task '" + id + "'; known tasks: "
                        + tasks.all().stream().map(Task::id).toList()));
    }
}
