package dev.rewardsmith.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Issue 17: no MIME sniffing anywhere, and a strict content security policy on our pages and API. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void pagesCarryNosniffAndAStrictPolicy() {
        given().redirects()
                .follow(false)
                .get("/login")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }

    @Test
    void apiErrorsCarryThemToo() {
        given().get("/api/searches")
                .then()
                .statusCode(401)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Security-Policy", containsString("object-src 'none'"));
    }

    @Test
    void swaggerAndHealthKeepTheirOwnPolicyButNotSniffing() {
        given().get("/q/health")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Security-Policy", nullValue());
    }
}
