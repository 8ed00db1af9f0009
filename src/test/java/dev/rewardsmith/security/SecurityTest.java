package dev.rewardsmith.security;

import static dev.rewardsmith.api.TestAccounts.ADMIN_PASSWORD;
import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.api.TestAccounts.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityTest {

    @TestHTTPResource("/")
    URL base;

    private String origin() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }

    @Test
    void healthIsUpAndReadinessChecksTheDatabase() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    /** Reads the OpenAPI document, so every endpoint added later is covered without editing this test. */
    @Test
    void everyOperationRequiresCredentials() {
        given().get("/q/openapi").then().statusCode(401);
        JsonPath doc = given().header("Authorization", bearer(ADMIN_TOKEN))
                .accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> checked = new ArrayList<>();
        for (var entry : paths.entrySet()) {
            String path = entry.getKey();
            if (path.equals("/login") || path.equals("/logout")) continue; // the way in, and out
            String concrete = path.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            for (String method : entry.getValue().keySet()) {
                if (!List.of("get", "post", "put", "patch", "delete").contains(method)) continue;
                int status = given().redirects()
                        .follow(false)
                        .contentType(ContentType.JSON)
                        .body(method.equals("get") || method.equals("delete") ? "" : "{}")
                        .request(method.toUpperCase(), concrete)
                        .statusCode();
                assertEquals(401, status, method.toUpperCase() + " " + path + " without credentials");
                checked.add(method + " " + path);
            }
        }
        assertTrue(checked.contains("get /api/me"), "the sweep saw the API: " + checked);
        assertTrue(checked.contains("post /api/tokens"), "the sweep saw the API: " + checked);
        assertTrue(checked.contains("get /tokens"), "the sweep saw the pages: " + checked);
    }

    @Test
    void pagesSendBrowsersToTheLoginPage() {
        given().redirects()
                .follow(false)
                .accept("text/html")
                .get("/tokens")
                .then()
                .statusCode(302)
                .header("Location", equalTo("/login?next=%2Ftokens"));
        given().get("/login").then().statusCode(200).body(containsString("<form class=\"login-card card\""));
    }

    @Test
    void aViewerIsForbiddenAdminOperations() {
        String viewer = TestAccounts.createUser("viewer");
        Session s = TestAccounts.signIn(viewer, viewer + "-password");
        given().cookie("rs-session", s.sessionCookie())
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("name", equalTo(viewer))
                .body("role", equalTo("viewer"));
        given().cookie("rs-session", s.sessionCookie()).get("/api/users").then().statusCode(403);
        // A token scoped down to viewer is a viewer too, even when its owner is an admin.
        String scoped = TestAccounts.createToken(ADMIN_TOKEN, "read-only", "viewer");
        given().header("Authorization", bearer(scoped)).get("/api/me").then().body("role", equalTo("viewer"));
        given().header("Authorization", bearer(scoped)).get("/api/users").then().statusCode(403);
        given().header("Authorization", bearer(scoped))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x-" + viewer, "password", "long-enough-pw", "role", "admin"))
                .post("/api/users")
                .then()
                .statusCode(403);
    }

    @Test
    void aTokenCannotHaveMoreRightsThanItsOwner() {
        String voter = TestAccounts.createUser("voter");
        Session s = TestAccounts.signIn(voter, voter + "-password");
        given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .header("Origin", origin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "escalate", "role", "admin"))
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("reason", containsString("more rights than its owner"));
    }

    @Test
    void aTokenWorksUntilRevoked() {
        String secret = TestAccounts.createToken(ADMIN_TOKEN, "ci", null);
        assertTrue(secret.startsWith("rsk_"));
        given().header("Authorization", bearer(secret))
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("name", equalTo("admin"));
        String id = given().header("Authorization", bearer(secret))
                .get("/api/tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .param("n", "ci")
                .getString("find { it.name == n && !it.revoked }.id");
        // The list never carries secrets.
        given().header("Authorization", bearer(secret))
                .get("/api/tokens")
                .then()
                .body(not(containsString(secret)));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .delete("/api/tokens/" + id)
                .then()
                .statusCode(204);
        given().header("Authorization", bearer(secret)).get("/api/me").then().statusCode(401);
        given().header("Authorization", bearer("rsk_not-a-real-token-at-all-000000"))
                .get("/api/me")
                .then()
                .statusCode(401);
    }

    @Test
    void anotherUsersTokenIsNotFound() {
        String owner = TestAccounts.createUser("operator");
        Session s = TestAccounts.signIn(owner, owner + "-password");
        String id = given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .header("Origin", origin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "mine"))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String other = TestAccounts.createUser("operator");
        String otherToken = TestAccounts.createToken(tokenFor(other), "other", null);
        given().header("Authorization", bearer(otherToken))
                .delete("/api/tokens/" + id)
                .then()
                .statusCode(404);
        given().header("Authorization", bearer(otherToken))
                .delete("/api/tokens/not-a-uuid")
                .then()
                .statusCode(404)
                .body("reason", startsWith("no token"));
    }

    private String tokenFor(String user) {
        Session s = TestAccounts.signIn(user, user + "-password");
        return given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .header("Origin", origin())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "t"))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    @Test
    void cookieRequestsThatChangeStateNeedTheCsrfHeaderAndOurOrigin() {
        Session s = TestAccounts.signIn("admin", ADMIN_PASSWORD);
        Map<String, Object> body = Map.of("name", "from-browser");
        given().cookie("rs-session", s.sessionCookie())
                .header("Origin", origin())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("reason", containsString("X-CSRF-Token"));
        given().cookie("rs-session", s.sessionCookie())
                .header("Origin", origin())
                .header("X-CSRF-Token", "wrong")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("reason", containsString("does not match"));
        given().cookie("rs-session", s.sessionCookie())
                .header("Origin", "https://evil.example")
                .header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("reason", containsString("not this server's origin"));
        given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("reason", containsString("missing Origin"));
        given().cookie("rs-session", s.sessionCookie())
                .header("Origin", origin())
                .header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(201);
        // Reads need neither.
        given().cookie("rs-session", s.sessionCookie())
                .get("/api/tokens")
                .then()
                .statusCode(200);
    }

    @Test
    void signInCookiesAreStrictAndSignOutEndsTheSession() {
        var r = given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", "admin")
                .formParam("password", ADMIN_PASSWORD)
                .formParam("next", "//evil.example/x")
                .post("/login");
        assertEquals(303, r.statusCode());
        assertTrue(r.getHeader("Location").endsWith("/"), "no open redirect: " + r.getHeader("Location"));
        var session = r.getDetailedCookie("rs-session");
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());
        assertFalse(r.getDetailedCookie("rs-csrf").isHttpOnly(), "the UI reads the CSRF cookie");
        String id = session.getValue();
        String csrf = r.getCookie("rs-csrf");
        given().cookie("rs-session", id).get("/api/me").then().statusCode(200);
        given().redirects()
                .follow(false)
                .cookie("rs-session", id)
                .header("Origin", origin())
                .contentType(ContentType.URLENC)
                .formParam("csrf", "wrong")
                .post("/logout")
                .then()
                .statusCode(403);
        given().redirects()
                .follow(false)
                .cookie("rs-session", id)
                .header("Origin", origin())
                .contentType(ContentType.URLENC)
                .formParam("csrf", csrf)
                .post("/logout")
                .then()
                .statusCode(303);
        given().cookie("rs-session", id).get("/api/me").then().statusCode(401);
    }

    @Test
    void wrongPasswordsAndDisabledUsersCannotSignIn() {
        given().contentType(ContentType.URLENC)
                .formParam("username", "admin")
                .formParam("password", "nope")
                .post("/login")
                .then()
                .statusCode(401)
                .body(containsString("Wrong user name or password"));
        String user = TestAccounts.createUser("operator");
        String token = tokenFor(user);
        String id = given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/users?size=200")
                .then()
                .extract()
                .jsonPath()
                .param("n", user)
                .getString("find { it.name == n }.id");
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("disabled", true))
                .patch("/api/users/" + id)
                .then()
                .statusCode(200)
                .body("disabled", equalTo(true));
        given().header("Authorization", bearer(token)).get("/api/me").then().statusCode(401);
        given().contentType(ContentType.URLENC)
                .formParam("username", user)
                .formParam("password", user + "-password")
                .post("/login")
                .then()
                .statusCode(401);
    }

    @Test
    void aUserHasAtMostTheConfiguredNumberOfLiveTokensAndRevokingOneFreesASlot() {
        // the test profile allows 200 (rewardsmith.web.max-active-tokens); the default is 50
        String first = TestAccounts.tokenOfNewUser("viewer");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < 200; i++) {
            ids.add(given().header("Authorization", bearer(first))
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "t" + i))
                    .post("/api/tokens")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        given().header("Authorization", bearer(first))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "one-too-many"))
                .post("/api/tokens")
                .then()
                .statusCode(409)
                .body("reason", equalTo("at most 200 active tokens per user: revoke one first"));
        given().header("Authorization", bearer(first))
                .delete("/api/tokens/" + ids.get(0))
                .then()
                .statusCode(204);
        given().header("Authorization", bearer(first))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "after-revoking"))
                .post("/api/tokens")
                .then()
                .statusCode(201);
    }

    @Test
    void repeatedWrongPasswordsLockTheNameForAWhile() {
        String user = TestAccounts.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.URLENC)
                    .formParam("username", user)
                    .formParam("password", "wrong-password-" + i)
                    .post("/login")
                    .then()
                    .statusCode(401);
        }
        // the sixth attempt is refused before the password is checked, even the right one
        var r = given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", user)
                .formParam("password", user + "-password")
                .post("/login");
        assertEquals(429, r.statusCode());
        assertTrue(r.body().asString().contains("Too many failed sign-ins. Try again in 15 minutes."));
        long retryAfter = Long.parseLong(r.getHeader("Retry-After"));
        assertTrue(retryAfter > 800 && retryAfter <= 900, "Retry-After " + retryAfter);
        // other names are not affected
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", "admin")
                .formParam("password", ADMIN_PASSWORD)
                .post("/login")
                .then()
                .statusCode(303);
    }

    @Test
    void badInputGetsAReason() {
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body("{\"name\":")
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("reason", startsWith("malformed JSON"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body("{\"nam\":\"x\"}")
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("reason", containsString("unknown field 'nam'"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"expiresInDays\":\"soon\"}")
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("reason", containsString("expiresInDays"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", " ", "expiresInDays", 9999))
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("reason", containsString("expiresInDays: must be less than or equal to 365"))
                .body("reason", containsString("name: must not be blank"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .post("/api/tokens")
                .then()
                .statusCode(400)
                .body("reason", containsString("must not be null"));
        String huge = "{\"name\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(huge)
                .post("/api/tokens")
                .then()
                .statusCode(413)
                .body("reason", containsString("too large"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "bad name!", "password", "short", "role", "root"))
                .post("/api/users")
                .then()
                .statusCode(400)
                .body("reason", containsString("role: must be admin, operator, voter or viewer"))
                .body("reason", containsString("password: size must be between 10 and 72"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/users?size=0")
                .then()
                .statusCode(400)
                .body("reason", containsString("size"));
    }

    @Test
    void usersArePaginatedAndNamesAreUnique() {
        String name = TestAccounts.createUser("voter");
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", "another-password", "role", "viewer"))
                .post("/api/users")
                .then()
                .statusCode(409)
                .body("reason", containsString("taken"));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/users?page=0&size=1")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .header("X-Total-Count", not(equalTo("1")));
    }

    @Test
    void anAdminCannotLockThemselvesOut() {
        String id = given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/users?size=200")
                .then()
                .extract()
                .jsonPath()
                .getString("find { it.name == 'admin' }.id");
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("role", "viewer"))
                .patch("/api/users/" + id)
                .then()
                .statusCode(409)
                .body("reason", containsString("yourself"));
    }
}
