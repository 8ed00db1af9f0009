package dev.rewardsmith.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Resolves {@code Authorization: Bearer <secret>} into the token's user, acting with the lower of the token's and
 * the user's role. Revoked, expired and disabled-user tokens fail.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(TokenIdentityProvider.class);

    private static final String LOOKUP =
            """
            select t.id as token_id, t.role as token_role, u.id, u.name, u.role,
                   (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
            from api_tokens t join users u on u.id = t.user_id
            where t.secret_hash = $1 and t.revoked_at is null and t.expires_at > now() and not u.disabled""";

    /** Last use is recorded at most once a minute per token, so reads stay reads. */
    private static final String TOUCH = "update api_tokens set last_used_at = now() where id = $1";

    @Inject
    Pool pool;

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
        return pool.preparedQuery(LOOKUP)
                .execute(Tuple.of(Secrets.sha256(secret)))
                .map(rows -> {
                    if (rows.size() == 0) throw new AuthenticationFailedException("token unknown, revoked or expired");
                    Row row = rows.iterator().next();
                    Role userRole = Role.parse(row.getString("role")).orElseThrow();
                    Role tokenRole = Role.parse(row.getString("token_role")).orElseThrow();
                    Role effective = userRole.includes(tokenRole) ? tokenRole : userRole;
                    if (row.getBoolean("stale")) {
                        UUID tokenId = row.getUUID("token_id");
                        pool.preparedQuery(TOUCH)
                                .execute(Tuple.of(tokenId))
                                .subscribe()
                                .with(
                                        ok -> {},
                                        failure -> LOG.debugf("could not record token use: %s", failure.getMessage()));
                    }
                    return Identities.build(
                            row.getLong("id"), row.getString("name"), effective, Identities.VIA_TOKEN, null);
                });
    }
}
