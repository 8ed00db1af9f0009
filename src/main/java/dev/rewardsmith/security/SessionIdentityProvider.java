package dev.rewardsmith.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves a browser session cookie into its user, if the session is live and the user enabled. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

    private static final String LOOKUP =
            """
            select u.id, u.name, u.role, s.csrf from web_sessions s join users u on u.id = s.user_id
            where s.id_hash = $1 and s.expires_at > now() and not u.disabled""";

    @Inject
    Pool pool;

    @Override
    public Class<SessionAuthenticationRequest> getRequestType() {
        return SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request, AuthenticationRequestContext ctx) {
        return pool.preparedQuery(LOOKUP)
                .execute(Tuple.of(Secrets.sha256(request.sessionId())))
                .map(rows -> {
                    if (rows.size() == 0) throw new AuthenticationFailedException("session expired or unknown");
                    Row row = rows.iterator().next();
                    Role role = Role.parse(row.getString("role")).orElseThrow();
                    return Identities.build(
                            row.getLong("id"),
                            row.getString("name"),
                            role,
                            Identities.VIA_SESSION,
                            row.getString("csrf"));
                });
    }
}
