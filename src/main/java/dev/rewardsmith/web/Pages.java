package dev.rewardsmith.web;

import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Server-rendered pages: the shell (header, navigation, user) around a {@code webui} module. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    /** What the shell needs to know about the viewer and the page. */
    public record Shell(String title, String page, String user, String role, String csrf) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(Shell shell);

        static native TemplateInstance tasks(Shell shell);
    }

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Response home() {
        // The searches page arrives with the search engine; until then the first page is the task suite.
        return Response.seeOther(URI.create("/tasks")).build();
    }

    @GET
    @Path("tokens")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance tokens() {
        return Templates.tokens(shell("API tokens", "tokens"));
    }

    @GET
    @Path("tasks")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance tasks() {
        return Templates.tasks(shell("Tasks", "tasks"));
    }

    private Shell shell(String title, String page) {
        String csrf = identity.getAttribute(Identities.CSRF);
        return new Shell(
                title,
                page,
                identity.getPrincipal().getName(),
                Identities.role(identity).label(),
                csrf == null ? "" : csrf);
    }
}
