package dev.rewardsmith.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.rewardsmith.app.ApiError;
import dev.rewardsmith.app.InvalidInput;
import dev.rewardsmith.app.TryLater;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns request problems into 4xx responses with {@code {"reason": ...}}. Only known client errors are mapped;
 * anything else stays a 500 and is logged by Quarkus, so bugs are not disguised as bad input.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String reason = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ErrorMappers::describe)
                .collect(Collectors.joining("; "));
        return error(400, reason);
    }

    // Jackson's specific exception types have built-in mappers with empty bodies: name them so ours win.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String path = path(u);
            return invalid(new InvalidInput(
                    path.isEmpty() ? null : path,
                    "unknown field '" + u.getPropertyName() + "'" + at(u) + "; known fields: "
                            + u.getKnownPropertyIds()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String path = path(m);
            return invalid(new InvalidInput(path, path + ": " + m.getOriginalMessage()));
        }
        return error(400, "malformed JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response tryLater(TryLater e) {
        return Response.fromResponse(error(e.status(), e.reason()))
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInput e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(e))
                .build();
    }

    /**
     * An IllegalArgumentException that escaped a resource is a bug (input is validated into {@link InvalidInput}
     * before it reaches the core): a 500 whose id finds the stack trace in the log, never a 400.
     */
    @ServerExceptionMapper
    public Response bug(IllegalArgumentException e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error %s", id);
        return error(500, "internal error " + id + " (logged on the server)");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) return json(json);
        Response original = e.getResponse();
        if (original.getStatus() < 400 || original.hasEntity()) return original;
        String reason = e.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : e.getMessage();
        return Response.fromResponse(original)
                .type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(reason))
                .build();
    }

    /** A role too weak for the endpoint (RolesAllowed): say so instead of an empty 403. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return error(
                403, "your role may not do this; ask an admin for a stronger role (viewer < voter < operator < admin)");
    }

    public static Response error(int status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(reason))
                .build();
    }

    private static String at(JsonMappingException e) {
        String path = path(e);
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    /** The JSON field a mapping error is about, as a dotted path ("ppo.hidden.[2]"); empty for the whole body. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** "name: must not be blank", naming the JSON field rather than the Java parameter path. */
    private static String describe(ConstraintViolation<?> v) {
        String field = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return (field == null ? "request" : field) + ": " + v.getMessage();
    }
}
