package dev.rewardsmith.security;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.api.TestAccounts.Session;
import dev.rewardsmith.app.SessionCommands;
import dev.rewardsmith.live.LiveConnections;
import dev.rewardsmith.store.SessionRecord;
import dev.rewardsmith.store.TokenRecord;
import dev.rewardsmith.store.UserRepository;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When access ends it ends everywhere: a sign-out closes the live connections of that session, a password change
 * or a disabled user revokes every token, ends every session and closes every live connection of that user;
 * a token cannot create a token that outlives it; expired sessions and tokens are purged.
 */
@QuarkusTest
class AccessEndsTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    jakarta.enterprise.inject.Instance<BasicWebSocketConnector> connectors;

    @Inject
    SessionCommands sessions;

    @Inject
    UserRepository repository;

    @Inject
    LiveConnections connections;

    private static String searchId;

    private String origin() {
        return base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
    }

    /** A search to watch (any will do: its socket stays open after it finished). */
    private static synchronized String search() {
        if (searchId == null) {
            searchId = given().header("Authorization", bearer(ADMIN_TOKEN))
                    .contentType(ContentType.JSON)
                    .body(Map.of("task", "cartpole", "proposer", "human", "ppo", Map.of("totalTimesteps", 2560)))
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }
        return searchId;
    }

    /** An open live connection and how it closed. */
    private record Live(WebSocketClientConnection connection, CompletableFuture<CloseReason> closed) {
        int closeCode() throws Exception {
            return closed.get(10, TimeUnit.SECONDS).getCode();
        }

        boolean stillOpen() throws Exception {
            Thread.sleep(300);
            return !closed.isDone() && connection.isOpen();
        }
    }

    private Live watch(String header, String value) {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        WebSocketClientConnection c = connectors
                .get()
                .baseUri(base)
                .path("/ws/searches/" + search())
                .addHeader(header, value)
                .onClose((conn, reason) -> closed.complete(reason))
                .connectAndAwait();
        return new Live(c, closed);
    }

    private Live watchWithSession(String sessionCookie) {
        return watch("Cookie", "rs-session=" + sessionCookie);
    }

    private Live watchWithToken(String token) {
        return watch("Authorization", bearer(token));
    }

    private String tokenOf(Session s, Map<String, Object> body) {
        return given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .header("Origin", origin())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    private static long idOf(String user) {
        return Long.parseLong(given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/users?size=200")
                .then()
                .extract()
                .jsonPath()
                .param("n", user)
                .getString("find { it.name == n }.id"));
    }

    private static void change(String user, Map<String, Object> change) {
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(change)
                .patch("/api/users/" + idOf(user))
                .then()
                .statusCode(200);
    }

    private static int me(String header, String value) {
        return given().header(header, value).get("/api/me").statusCode();
    }

    @Test
    void signingOutClosesTheLiveConnectionsOfThatSessionOnly() throws Exception {
        String user = TestAccounts.createUser("viewer");
        Session first = TestAccounts.signIn(user, user + "-password");
        Session second = TestAccounts.signIn(user, user + "-password");
        String token = tokenOf(first, Map.of("name", "tool"));
        Live one = watchWithSession(first.sessionCookie());
        Live two = watchWithSession(second.sessionCookie());
        Live tool = watchWithToken(token);

        given().redirects()
                .follow(false)
                .cookie("rs-session", first.sessionCookie())
                .header("Origin", origin())
                .contentType(ContentType.URLENC)
                .formParam("csrf", first.csrf())
                .post("/logout")
                .then()
                .statusCode(303);
        assertEquals(1008, one.closeCode());
        assertTrue(two.stillOpen(), "another browser of the same user stays");
        assertTrue(tool.stillOpen(), "a token is not a session");
        two.connection().closeAndAwait();
        tool.connection().closeAndAwait();
    }

    @Test
    void revokingATokenClosesTheLiveConnectionsOfThatTokenOnly() throws Exception {
        String user = TestAccounts.createUser("viewer");
        Session s = TestAccounts.signIn(user, user + "-password");
        String revoked = tokenOf(s, Map.of("name", "old-tool"));
        String kept = tokenOf(s, Map.of("name", "new-tool"));
        Live old = watchWithToken(revoked);
        Live other = watchWithToken(kept);
        Live browser = watchWithSession(s.sessionCookie());
        String id = given().header("Authorization", bearer(revoked))
                .get("/api/tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.name == 'old-tool' }.id");

        given().header("Authorization", bearer(kept))
                .delete("/api/tokens/" + id)
                .then()
                .statusCode(204);

        CloseReason reason = old.closed().get(10, TimeUnit.SECONDS);
        assertEquals(1008, reason.getCode());
        assertEquals("token revoked", reason.getMessage());
        assertTrue(other.stillOpen(), "the user's other token keeps its connection");
        assertTrue(browser.stillOpen(), "a browser session is not the token");
        assertEquals(401, me("Authorization", bearer(revoked)));
        other.connection().closeAndAwait();
        browser.connection().closeAndAwait();
    }

    @Test
    void aTokensLiveConnectionsCloseWhenItExpires() throws Exception {
        String user = TestAccounts.createUser("viewer");
        long id = idOf(user);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String soon = Secrets.random(32);
        String later = Secrets.random(32);
        repository
                .insertToken(token(id, now, now.plusSeconds(60)), Secrets.sha256(soon))
                .await()
                .atMost(Duration.ofSeconds(10));
        repository
                .insertToken(token(id, now, now.plusDays(1)), Secrets.sha256(later))
                .await()
                .atMost(Duration.ofSeconds(10));
        Live expiring = watchWithToken(soon);
        Live lasting = watchWithToken(later);

        assertEquals(0, connections.closeExpired(now), "nothing has expired yet");
        // the sweep is given the time a minute on instead of sleeping until the token expires: the server's own
        // sweep (every 30 s, real time) could otherwise close it first, between a sleep's end and this call
        assertEquals(1, connections.closeExpired(now.plusSeconds(61)));

        CloseReason reason = expiring.closed().get(10, TimeUnit.SECONDS);
        assertEquals(1008, reason.getCode());
        assertEquals("token expired", reason.getMessage());
        assertTrue(lasting.stillOpen());
        lasting.connection().closeAndAwait();
    }

    @Test
    void aPasswordChangeRevokesTokensEndsSessionsAndClosesLiveConnections() throws Exception {
        String user = TestAccounts.createUser("operator");
        Session s = TestAccounts.signIn(user, user + "-password");
        String token = tokenOf(s, Map.of("name", "ci"));
        Live browser = watchWithSession(s.sessionCookie());
        Live tool = watchWithToken(token);

        change(user, Map.of("password", "a-brand-new-password"));

        assertEquals(1008, browser.closeCode());
        assertEquals(1008, tool.closeCode());
        assertEquals(401, me("Authorization", bearer(token)), "the token is revoked");
        assertEquals(401, me("Cookie", "rs-session=" + s.sessionCookie()), "the session ended");
        Session again = TestAccounts.signIn(user, "a-brand-new-password");
        assertEquals(200, me("Cookie", "rs-session=" + again.sessionCookie()));
        given().cookie("rs-session", again.sessionCookie())
                .get("/api/tokens")
                .then()
                .statusCode(200)
                .body("[0].revoked", equalTo(true));
    }

    @Test
    void disablingAUserRevokesTokensForGood() throws Exception {
        String user = TestAccounts.createUser("voter");
        Session s = TestAccounts.signIn(user, user + "-password");
        String token = tokenOf(s, Map.of("name", "ci"));
        Live tool = watchWithToken(token);

        change(user, Map.of("disabled", true));
        assertEquals(1008, tool.closeCode());
        change(user, Map.of("disabled", false));

        // enabled again, the user signs in anew; what they had before stays ended
        assertEquals(401, me("Authorization", bearer(token)));
        assertEquals(401, me("Cookie", "rs-session=" + s.sessionCookie()));
        Session again = TestAccounts.signIn(user, user + "-password");
        assertEquals(200, me("Cookie", "rs-session=" + again.sessionCookie()));
    }

    @Test
    void aTokenCannotCreateATokenThatOutlivesIt() {
        String twoDays = TestAccounts.createToken(ADMIN_TOKEN, "two-days-" + UUID.randomUUID(), "viewer");
        // the admin token (ten years) may create one of two days
        String shortLived = given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "short", "expiresInDays", 2))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        assertNotNull(twoDays);
        given().header("Authorization", bearer(shortLived))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "longer", "expiresInDays", 3))
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("expiresInDays"))
                .body("reason", org.hamcrest.Matchers.containsString("cannot outlive the token that creates it"));
        given().header("Authorization", bearer(shortLived))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "shorter", "expiresInDays", 1))
                .post("/api/tokens")
                .then()
                .statusCode(201);
        // no lifetime asked: the default 30 days, cut at the creating token's expiry
        String expiresAt = given().header("Authorization", bearer(shortLived))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "default"))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("expiresAt");
        assertTrue(
                OffsetDateTime.parse(expiresAt)
                        .isBefore(OffsetDateTime.now().plusDays(2).plusMinutes(1)),
                expiresAt);
        // a browser session is bounded by the server's maximum (365 days by default) only
        String user = TestAccounts.createUser("viewer");
        Session s = TestAccounts.signIn(user, user + "-password");
        Map<String, Object> year = new HashMap<>(Map.of("name", "year", "expiresInDays", 365));
        assertNotNull(tokenOf(s, year));
    }

    @Test
    void expiredSessionsAndLongExpiredTokensArePurgedAndTheirLiveConnectionsClosed() throws Exception {
        String user = TestAccounts.createUser("viewer");
        long id = idOf(user);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String cookie = Secrets.random(32);
        SessionRecord ending = new SessionRecord(Secrets.sha256(cookie), id, "csrf-1", now, now.plusSeconds(2));
        repository.insertSession(ending).await().atMost(Duration.ofSeconds(10));
        String liveCookie = Secrets.random(32);
        SessionRecord live = new SessionRecord(Secrets.sha256(liveCookie), id, "csrf-2", now, now.plusDays(1));
        repository.insertSession(live).await().atMost(Duration.ofSeconds(10));
        TokenRecord longExpired = token(id, now.minusDays(40), now.minusDays(10));
        TokenRecord justExpired = token(id, now.minusDays(3), now.minusDays(1));
        TokenRecord valid = token(id, now, now.plusDays(1));
        for (TokenRecord t : new TokenRecord[] {longExpired, justExpired, valid}) {
            repository
                    .insertToken(t, Secrets.sha256(Secrets.random(32)))
                    .await()
                    .atMost(Duration.ofSeconds(10));
        }
        Live watching = watchWithSession(cookie);
        Thread.sleep(2100);

        SessionCommands.Purged purged = sessions.purgeExpired(OffsetDateTime.now(ZoneOffset.UTC))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertTrue(purged.sessions() >= 1 && purged.tokens() >= 1, purged.toString());
        assertNull(repository.session(ending.idHash()).await().atMost(Duration.ofSeconds(10)));
        assertNotNull(repository.session(live.idHash()).await().atMost(Duration.ofSeconds(10)));
        assertNull(repository.token(longExpired.id()).await().atMost(Duration.ofSeconds(10)));
        assertNotNull(
                repository.token(justExpired.id()).await().atMost(Duration.ofSeconds(10)),
                "an expired token stays listed for a week (rewardsmith.web.expired-token-retention)");
        assertNotNull(repository.token(valid.id()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(1008, watching.closeCode());
    }

    private static TokenRecord token(long userId, OffsetDateTime created, OffsetDateTime expires) {
        return new TokenRecord(UUID.randomUUID(), userId, "purge", "viewer", created, expires, null, null);
    }
}
