package dev.rewardsmith.security;

import dev.rewardsmith.store.UserRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves a browser session cookie into its user, if the session is live and the user enabled. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

    @Inject
    UserRepository users;

    @Override
    public Class<SessionAuthenticationRequest> getRequestType() {
        return SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request, AuthenticationRequestContext ctx) {
        String hash = Secrets.sha256(request.sessionId());
        return users.signedIn(hash).map(signedIn -> {
            if (signedIn == null) throw new AuthenticationFailedException("session expired or unknown");
            Role role = Role.parse(signedIn.role()).orElseThrow();
            return Identities.session(signedIn.userId(), signedIn.name(), role, signedIn.csrf(), hash);
        });
    }
}
