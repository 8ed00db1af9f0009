package dev.rewardsmith.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: 60 concurrent wrong passwords for one name got 20 password checks before the throttle answered (it was
 * read before bcrypt and written after). Every attempt now reserves its place first: at most 5 (the limit) are
 * checked, the rest are refused (429) or turned away as busy (503) without a check.
 */
@QuarkusTest
class SignInBurstTest {

    @Test
    void sixtyConcurrentWrongPasswordsGetAtMostFivePasswordChecks() throws Exception {
        String user = TestAccounts.createUser("viewer");
        ExecutorService pool = Executors.newFixedThreadPool(60);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().redirects()
                            .follow(false)
                            .contentType(ContentType.URLENC)
                            .formParam("username", user)
                            .formParam("password", "wrong-password-" + n)
                            .post("/login")
                            .statusCode();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<Integer> f : answers) byStatus.merge(f.get(), 1, Integer::sum);
            int checked = byStatus.getOrDefault(401, 0);
            assertTrue(checked >= 1 && checked <= 5, "password checks (401): " + byStatus);
            assertEquals(
                    60,
                    checked + byStatus.getOrDefault(429, 0) + byStatus.getOrDefault(503, 0),
                    "only 401, 429 and 503: " + byStatus);
        } finally {
            pool.shutdownNow();
        }
        // attempts turned away as busy gave their place back: wrong passwords one at a time until the lock, then
        // every check of the whole test is counted: exactly the limit of 5
        int checked = 0;
        for (int i = 0; i < 10; i++) {
            int status = given().redirects()
                    .follow(false)
                    .contentType(ContentType.URLENC)
                    .formParam("username", user)
                    .formParam("password", "wrong-again-" + i)
                    .post("/login")
                    .statusCode();
            if (status == 429) break;
            assertEquals(401, status);
            checked++;
        }
        int inBurst = 0;
        for (Future<Integer> f : answers) if (f.get() == 401) inBurst++;
        assertEquals(5, inBurst + checked, "password checks in all: the limit");
        // the name is locked at this address now, even with the right password
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("username", user)
                .formParam("password", user + "-password")
                .post("/login")
                .then()
                .statusCode(429);
    }
}
