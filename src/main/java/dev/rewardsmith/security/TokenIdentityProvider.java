package dev.rewardsmith.security;

import dev.rewardsmith.store.UserRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Resolves {@code Authorization: Bearer <secret>} into the token's user, acting with the lower of the token's and
 * the user's role. Revoked, expired and disabled-user tokens fail.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(TokenIdentityProvider.class);

    @Inject
    UserRepository users;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        String secret = request.getToken().getToken();
        if (secret == null || secret.length() < 16 || secret.length() > 200) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed token"));
        }
        return users.tokenHolder(Secrets.sha256(secret)).map(holder -> {
            if (holder == null) throw new AuthenticationFailedException("token unknown, revoked or expired");
            Role userRole = Role.parse(holder.userRole()).orElseThrow();
            Role tokenRole = Role.parse(holder.tokenRole()).orElseThrow();
            Role effective = userRole.includes(tokenRole) ? tokenRole : userRole;
            if (holder.stale()) {
                // Last use is recorded at most once a minute per token, so reads stay reads.
                users.touchToken(holder.tokenId())
                        .subscribe()
                        .with(ok -> {}, failure -> LOG.debugf("could not record token use: %s", failure.getMessage()));
            }
            return Identities.token(holder.userId(), holder.name(), effective, holder.tokenId(), holder.expiresAt());
        });
    }
}
