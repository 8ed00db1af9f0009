package dev.rewardsmith.api;

import dev.rewardsmith.security.Identities;
import dev.rewardsmith.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Who the caller is: any signed-in user or token. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    public record Me(String name, String role) {}

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Me me() {
        return new Me(
                identity.getPrincipal().getName(), Identities.role(identity).label());
    }
}
