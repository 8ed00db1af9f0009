package dev.rewardsmith.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Users with their API tokens and browser sessions ({@code users}, {@code api_tokens}, {@code web_sessions}) on the
 * reactive SQL client; each table's rows are read into their record in one place. Secrets never reach this class:
 * only their SHA-256.
 */
@ApplicationScoped
public class UserRepository {

    /** A live session's user, as the session cookie signs them in. */
    public record SignedIn(long userId, String name, String role, String csrf) {
        /** Without the CSRF value. */
        @Override
        public String toString() {
            return "SignedIn[userId=" + userId + ", name=" + name + ", role=" + role + "]";
        }
    }

    /** A live token's user; {@code stale} when its last use was recorded over a minute ago (or never). */
    public record TokenHolder(
            UUID tokenId,
            String tokenRole,
            long userId,
            String name,
            String userRole,
            boolean stale,
            OffsetDateTime expiresAt) {}

    private static final String LIVE_SESSION =
            """
            select u.id, u.name, u.role, s.csrf from web_sessions s join users u on u.id = s.user_id
            where s.id_hash = $1 and s.expires_at > now() and not u.disabled""";

    private static final String LIVE_TOKEN =
            """
            select t.id as token_id, t.role as token_role, t.expires_at, u.id, u.name, u.role,
                   (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
            from api_tokens t join users u on u.id = t.user_id
            where t.secret_hash = $1 and t.revoked_at is null and t.expires_at > now() and not u.disabled""";

    @Inject
    Pool pool;

    // users

    public Uni<Long> countUsers() {
        return pool.query("select count(*) from users")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of users by id. */
    public Uni<List<UserRecord>> users(int page, int size) {
        return pool.preparedQuery("select * from users order by id limit $1 offset $2")
                .execute(Tuple.of(size, (long) page * size))
                .map(rows -> all(rows, UserRepository::user));
    }

    /** The user, or null. */
    public Uni<UserRecord> user(long id) {
        return pool.preparedQuery("select * from users where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows, UserRepository::user));
    }

    /** The user of that name, or null. */
    public Uni<UserRecord> userByName(String name) {
        return pool.preparedQuery("select * from users where name = $1")
                .execute(Tuple.of(name))
                .map(rows -> first(rows, UserRepository::user));
    }

    /** The first enabled user with this role by id, or null. */
    public Uni<UserRecord> firstEnabledWithRole(String role) {
        return pool.preparedQuery("select * from users where role = $1 and not disabled order by id limit 1")
                .execute(Tuple.of(role))
                .map(rows -> first(rows, UserRepository::user));
    }

    public Uni<UserRecord> insertUser(String name, String passwordHash, String role) {
        return pool.preparedQuery("insert into users (name, password_hash, role) values ($1, $2, $3) returning *")
                .execute(Tuple.of(name, passwordHash, role))
                .map(rows -> first(rows, UserRepository::user));
    }

    /** Inserts the user only while there is no user at all; null when there was one. */
    public Uni<UserRecord> insertFirstUser(String name, String passwordHash, String role) {
        return pool.preparedQuery("insert into users (name, password_hash, role) select $1, $2, $3"
                        + " where not exists (select 1 from users) returning *")
                .execute(Tuple.of(name, passwordHash, role))
                .map(rows -> first(rows, UserRepository::user));
    }

    /**
     * Writes the user's role, disabled flag and password hash, and with {@code signOut} ends all their sessions and
     * revokes all their API tokens, in one transaction; the changed user, or null when there is none.
     */
    public Uni<UserRecord> updateUser(long id, String role, boolean disabled, String passwordHash, boolean signOut) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "update users set role = $2, disabled = $3, password_hash = $4 where id = $1" + " returning *")
                .execute(Tuple.of(id, role, disabled, passwordHash))
                .flatMap(rows -> {
                    UserRecord user = first(rows, UserRepository::user);
                    if (user == null || !signOut) return Uni.createFrom().item(user);
                    return conn.preparedQuery("delete from web_sessions where user_id = $1")
                            .execute(Tuple.of(id))
                            .flatMap(ignored -> conn.preparedQuery("update api_tokens set revoked_at = now()"
                                            + " where user_id = $1 and revoked_at is null")
                                    .execute(Tuple.of(id)))
                            .replaceWith(user);
                }));
    }

    // sessions

    public Uni<Void> insertSession(SessionRecord s) {
        return pool.preparedQuery(
                        "insert into web_sessions (id_hash, user_id, csrf, created_at, expires_at) values ($1, $2, $3,"
                                + " $4, $5)")
                .execute(Tuple.of(s.idHash(), s.userId(), s.csrf(), s.createdAt(), s.expiresAt()))
                .replaceWithVoid();
    }

    /** The session, live or not, or null. */
    public Uni<SessionRecord> session(String idHash) {
        return pool.preparedQuery("select * from web_sessions where id_hash = $1")
                .execute(Tuple.of(idHash))
                .map(rows -> first(rows, UserRepository::session));
    }

    public Uni<Void> deleteSession(String idHash) {
        return pool.preparedQuery("delete from web_sessions where id_hash = $1")
                .execute(Tuple.of(idHash))
                .replaceWithVoid();
    }

    /** Deletes the sessions that expired by {@code now}; the deleted ones. */
    public Uni<List<SessionRecord>> purgeExpiredSessions(OffsetDateTime now) {
        return pool.preparedQuery("delete from web_sessions where expires_at <= $1 returning *")
                .execute(Tuple.of(now))
                .map(rows -> all(rows, UserRepository::session));
    }

    /** Deletes the tokens that expired by {@code before}; how many. */
    public Uni<Integer> purgeExpiredTokens(OffsetDateTime before) {
        return pool.preparedQuery("delete from api_tokens where expires_at <= $1")
                .execute(Tuple.of(before))
                .map(rows -> rows.rowCount());
    }

    /** The enabled user of an unexpired session, or null. */
    public Uni<SignedIn> signedIn(String idHash) {
        return pool.preparedQuery(LIVE_SESSION)
                .execute(Tuple.of(idHash))
                .map(rows -> first(
                        rows,
                        r -> new SignedIn(
                                r.getLong("id"), r.getString("name"), r.getString("role"), r.getString("csrf"))));
    }

    // tokens

    /** A user's tokens, newest first. */
    public Uni<List<TokenRecord>> tokensOf(long userId) {
        return pool.preparedQuery("select * from api_tokens where user_id = $1 order by created_at desc")
                .execute(Tuple.of(userId))
                .map(rows -> all(rows, UserRepository::token));
    }

    /** The token, or null. */
    public Uni<TokenRecord> token(UUID id) {
        return pool.preparedQuery("select * from api_tokens where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows, UserRepository::token));
    }

    /** A user's tokens neither revoked nor expired at {@code now}. */
    public Uni<Long> activeTokens(long userId, OffsetDateTime now) {
        return pool.preparedQuery("select count(*) from api_tokens where user_id = $1 and revoked_at is null"
                        + " and expires_at > $2")
                .execute(Tuple.of(userId, now))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Boolean> tokenSecretExists(String secretHash) {
        return pool.preparedQuery("select 1 from api_tokens where secret_hash = $1")
                .execute(Tuple.of(secretHash))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> insertToken(TokenRecord t, String secretHash) {
        Tuple args = Tuple.tuple();
        for (Object v : new Object[] {
            t.id(),
            t.userId(),
            t.name(),
            t.role(),
            secretHash,
            t.createdAt(),
            t.expiresAt(),
            t.lastUsedAt(),
            t.revokedAt()
        }) args.addValue(v);
        return pool.preparedQuery("insert into api_tokens (id, user_id, name, role, secret_hash, created_at,"
                        + " expires_at, last_used_at, revoked_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(args)
                .replaceWithVoid();
    }

    /** Marks the token revoked at {@code at}, unless it already was. */
    public Uni<Void> revokeToken(UUID id, OffsetDateTime at) {
        return pool.preparedQuery("update api_tokens set revoked_at = $2 where id = $1 and revoked_at is null")
                .execute(Tuple.of(id, at))
                .replaceWithVoid();
    }

    /** The enabled user of an unrevoked, unexpired token with this secret hash, or null. */
    public Uni<TokenHolder> tokenHolder(String secretHash) {
        return pool.preparedQuery(LIVE_TOKEN)
                .execute(Tuple.of(secretHash))
                .map(rows -> first(
                        rows,
                        r -> new TokenHolder(
                                r.getUUID("token_id"),
                                r.getString("token_role"),
                                r.getLong("id"),
                                r.getString("name"),
                                r.getString("role"),
                                r.getBoolean("stale"),
                                r.getOffsetDateTime("expires_at"))));
    }

    /** Records that the token was used now. */
    public Uni<Void> touchToken(UUID id) {
        return pool.preparedQuery("update api_tokens set last_used_at = now() where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static UserRecord user(Row r) {
        return new UserRecord(
                r.getLong("id"),
                r.getString("name"),
                r.getString("password_hash"),
                r.getString("role"),
                r.getBoolean("disabled"),
                r.getOffsetDateTime("created_at"));
    }

    private static TokenRecord token(Row r) {
        return new TokenRecord(
                r.getUUID("id"),
                r.getLong("user_id"),
                r.getString("name"),
                r.getString("role"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("expires_at"),
                r.getOffsetDateTime("last_used_at"),
                r.getOffsetDateTime("revoked_at"));
    }

    private static SessionRecord session(Row r) {
        return new SessionRecord(
                r.getString("id_hash"),
                r.getLong("user_id"),
                r.getString("csrf"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("expires_at"));
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> read) {
        var it = rows.iterator();
        return it.hasNext() ? read.apply(it.next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> read) {
        List<T> list = new ArrayList<>();
        for (Row r : rows) list.add(read.apply(r));
        return list;
    }
}
