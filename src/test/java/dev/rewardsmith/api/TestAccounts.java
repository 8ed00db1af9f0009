package dev.rewardsmith.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Accounts and credentials for API tests: the provisioned admin token, new users, browser sessions. */
public final class TestAccounts {

    /** Matches {@code %test.rewardsmith.admin.token} in application.properties. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    public static final String ADMIN_PASSWORD = "admin-test-password";

    private TestAccounts() {}

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Creates a user with a unique name and the given role; returns the name (password = name + "-password"). */
    public static String createUser(String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", name + "-password", "role", role))
                .post("/api/users")
                .then()
                .statusCode(201)
                .body("name", org.hamcrest.Matchers.equalTo(name))
                .body("role", org.hamcrest.Matchers.equalTo(role))
                .body("createdAt", org.hamcrest.Matchers.startsWith("20"));
        return name;
    }

    /** A browser session: the cookies from signing in through the login form. */
    public record Session(String sessionCookie, String csrf) {}

    public static Session signIn(String name, String password) {
        Response r = given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", name)
                .formParam("password", password)
                .post("/login");
        if (r.statusCode() != 303) throw new AssertionError("sign-in failed: " + r.statusCode());
        return new Session(r.getCookie("rs-session"), r.getCookie("rs-csrf"));
    }

    /** A new user with the given role and an API token of their own (a separate voter, unlike a scoped token). */
    public static String tokenOfNewUser(String role) {
        String name = createUser(role);
        Session s = signIn(name, name + "-password");
        return given().cookie("rs-session", s.sessionCookie())
                .header("X-CSRF-Token", s.csrf())
                .header("Origin", io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "tests"))
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    /** Creates an API token through the API with the given credentials; returns the secret. */
    public static String createToken(String authToken, String name, String role) {
        var body = new java.util.HashMap<String, Object>();
        body.put("name", name);
        if (role != null) body.put("role", role);
        return given().header("Authorization", bearer(authToken))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }
}
