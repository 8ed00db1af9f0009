package dev.rewardsmith.web;

import dev.rewardsmith.app.Ids;
import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Server-rendered pages: the shell (header, navigation, user) around a {@code webui} module. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    /**
     * What the shell needs to know about the viewer and the page; {@code subject} is the id of the search or
     * candidate the page shows (empty for other pages).
     */
    public record Shell(String title, String page, String user, String role, String csrf, String subject) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(Shell shell);

        static native TemplateInstance tasks(Shell shell);

        static native TemplateInstance searches(Shell shell);

        static native TemplateInstance searchNew(Shell shell);

        static native TemplateInstance search(Shell shell);

        static native TemplateInstance candidate(Shell shell);

        static native TemplateInstance vote(Shell shell);
    }

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance home() {
        return Templates.searches(shell("Searches", "searches", ""));
    }

    @GET
    @Path("searches")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response searches() {
        return Response.seeOther(URI.create("/")).build();
    }

    @GET
    @Path("searches/new")
    @RolesAllowed(Role.OPERATOR_NAME)
    public TemplateInstance searchNew() {
        return Templates.searchNew(shell("New search", "search-new", ""));
    }

    @GET
    @Path("searches/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance search(@PathParam("id") String id) {
        return Templates.search(shell("Search", "search", uuid(id, "search")));
    }

    /** The voting page: viewers see it read-only (the page says why the vote controls are disabled). */
    @GET
    @Path("searches/{id}/vote")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance vote(@PathParam("id") String id) {
        return Templates.vote(shell("Vote", "vote", uuid(id, "search")));
    }

    @GET
    @Path("candidates/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance candidate(@PathParam("id") String id) {
        return Templates.candidate(shell("Candidate", "candidate", uuid(id, "candidate")));
    }

    /** Page addresses carry UUIDs; anything else is a 404 before any script runs. */
    private static String uuid(String id, String what) {
        return Ids.parse(id, what).toString();
    }

    @GET
    @Path("tokens")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance tokens() {
        return Templates.tokens(shell("API tokens", "tokens", ""));
    }

    @GET
    @Path("tasks")
    @RolesAllowed(Role.VIEWER_NAME)
    public TemplateInstance tasks() {
        return Templates.tasks(shell("Tasks", "tasks", ""));
    }

    private Shell shell(String title, String page, String subject) {
        String csrf = identity.getAttribute(Identities.CSRF);
        return new Shell(
                title,
                page,
                identity.getPrincipal().getName(),
                Identities.role(identity).label(),
                csrf == null ? "" : csrf,
                subject);
    }
}
