package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The limits of README's Security section, "Limits", over REST: PPO refusals name {@code ppo.<component>}, the
 * trainings of one search are bounded, the per-user quotas answer 429 with Retry-After on create, replay, fork and
 * import, and compiling a program runs off the event loop within a time limit.
 */
@QuarkusTest
@TestProfile(LowQuotasProfile.class)
class LimitsTest {

    @Inject
    ObjectMapper json;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    private static void refused(Map<String, Object> ppo, String field, String reasonStart) {
        as(ADMIN_TOKEN)
                .body(body("task", "cartpole", "proposer", "human", "evalSeeds", 0, "ppo", ppo))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo(field))
                .body("reason", startsWith(reasonStart));
    }

    @Test
    void everyPpoLimitNamesItsComponent() {
        // the attacker's request: 50M one-step epochs
        refused(
                Map.of("numEnvs", 1, "numSteps", 1, "numMinibatches", 1, "totalTimesteps", 50_000_000),
                "ppo.totalTimesteps",
                "ppo.totalTimesteps: 50000000 steps in epochs of 1");
        // MAX_BATCH: transitions per epoch
        refused(
                Map.of("numEnvs", 4096, "numSteps", 64, "totalTimesteps", 1_000_000),
                "ppo.numSteps",
                "ppo.numSteps: numEnvs * numSteps = 262144");
        // MAX_ACTIVATIONS: batch times the widest layer
        refused(
                Map.of("numEnvs", 1024, "numSteps", 128, "totalTimesteps", 1_000_000, "hidden", List.of(1024)),
                "ppo.hidden",
                "ppo.hidden: numEnvs * numSteps * widest layer");
        // MAX_HIDDEN_WEIGHTS: weights between hidden layers
        refused(
                Map.of("hidden", List.of(1024, 1024, 1024)),
                "ppo.hidden",
                "ppo.hidden: 2097152 weights between hidden layers");
        // the plain range checks name their component too
        refused(Map.of("numEnvs", 0), "ppo.numEnvs", "ppo.numEnvs must be in [1, 4096]");
        refused(Map.of("learningRate", 2), "ppo.learningRate", "ppo.learningRate must be in (0, 1)");
        refused(Map.of("totalTimesteps", -5), "ppo.totalTimesteps", "ppo.totalTimesteps must be positive");
    }

    @Test
    void theTrainingsOfOneSearchAreBounded() {
        as(ADMIN_TOKEN)
                .body(body("task", "cartpole", "proposer", "offline", "samples", 64, "iterations", 100, "evalSeeds", 0))
                .post("/api/searches")
                .then()
                .statusCode(400)
                .body("field", equalTo("samples"))
                .body(
                        "reason",
                        startsWith("samples: 64 samples x 100 iterations x 1 restarts x 3 rounds + 3 x 0 evaluation"
                                + " seeds = 19200 trainings; at most 2000 per search"));
    }

    private static String create(String token, Map<String, Object> request) {
        return as(token)
                .body(request)
                .post("/api/searches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** An offline search that trains long enough to stay unfinished, paused at once so it costs nothing. */
    private static String pausedSearch(String token, int samples, int evalSeeds) {
        String id = create(
                token,
                body(
                        "task",
                        "cartpole",
                        "proposer",
                        "offline",
                        "samples",
                        samples,
                        "iterations",
                        1,
                        "evalSeeds",
                        evalSeeds,
                        "ppo",
                        Map.of("totalTimesteps", 5_000_000)));
        as(token).post("/api/searches/" + id + "/pause").then().statusCode(200);
        return id;
    }

    private static void cancel(String token, List<String> ids) {
        for (String id : ids) as(token).post("/api/searches/" + id + "/cancel");
    }

    private static void overQuota(Response r, String setting) {
        r.then()
                .statusCode(429)
                .header("Retry-After", "60")
                .body("reason", containsString(setting))
                .body("field", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void activeSearchesPerUserAnswer429OnCreateReplayForkAndImport() throws IOException {
        String token = TestAccounts.tokenOfNewUser("operator");
        List<String> ids = new ArrayList<>();
        try {
            ids.add(pausedSearch(token, 1, 0));
            ids.add(pausedSearch(token, 1, 0));
            String setting = "rewardsmith.limits.active-searches-per-user";
            overQuota(as(token).body(TestSearches.tinyCartpole(1, 1, 1)).post("/api/searches"), setting);
            overQuota(
                    as(token)
                            .body(body("task", "cartpole", "proposer", "replay", "replayOf", ids.get(0)))
                            .post("/api/searches"),
                    setting);
            byte[] zip = given().header("Authorization", bearer(token))
                    .get("/api/searches/" + ids.get(0) + "/export")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            overQuota(
                    given().header("Authorization", bearer(token))
                            .contentType("application/zip")
                            .body(zip)
                            .post("/api/searches/import"),
                    setting);
            // another user is not held back by this one's searches
            String other = create(ADMIN_TOKEN, TestSearches.tinyCartpole(1, 1, 2));
            cancel(ADMIN_TOKEN, List.of(other));
            // the fork of a candidate counts too, once one has a program
            String candidate = awaitCandidateWithProgram(token, ids.get(0));
            overQuota(
                    as(token).body(Map.of("candidate", candidate)).post("/api/searches/" + ids.get(0) + "/fork"),
                    setting);
        } finally {
            cancel(token, ids);
        }
    }

    private static String awaitCandidateWithProgram(String token, String search) {
        String[] found = new String[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> candidates = as(token)
                    .get("/api/searches/" + search)
                    .then()
                    .extract()
                    .path("iterations.flatten().candidates.flatten().id");
            for (String c : candidates == null ? List.<String>of() : candidates) {
                String program =
                        as(token).get("/api/candidates/" + c).then().extract().path("program");
                if (program != null) {
                    found[0] = c;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void queuedTrainingsPerUserAnswer429() {
        String token = TestAccounts.tokenOfNewUser("operator");
        List<String> ids = new ArrayList<>();
        try {
            ids.add(pausedSearch(token, 2, 12)); // 3 x 12 = 36 evaluation trainings at once
            overQuota(
                    as(token).body(TestSearches.tinyCartpole(5, 1, 1)).post("/api/searches"),
                    "rewardsmith.limits.queued-trainings-per-user");
            ids.add(create(token, TestSearches.tinyCartpole(4, 1, 1))); // 36 + 4 = 40 fits
        } finally {
            cancel(token, ids);
        }
    }

    @Test
    void anImportedSpecIsCheckedLikeACreatedOne() throws IOException {
        String id = create(ADMIN_TOKEN, TestSearches.tinyCartpole(1, 1, 3));
        cancel(ADMIN_TOKEN, List.of(id));
        byte[] zip = given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/searches/" + id + "/export")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        byte[] tooBig = rewriteSpec(
                zip, spec -> spec.put("samples", 64).put("iterations", 100).put("restarts", 16));
        given().header("Authorization", bearer(ADMIN_TOKEN))
                .contentType("application/zip")
                .body(tooBig)
                .post("/api/searches/import")
                .then()
                .statusCode(400)
                .body("field", equalTo("samples"))
                .body("reason", containsString("= 307200 trainings; at most 2000 per search"));
    }

    private byte[] rewriteSpec(byte[] zip, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("bundle.json")) {
                    ObjectNode root = (ObjectNode) json.readTree(content);
                    change.accept((ObjectNode) root.path("search").path("spec"));
                    content = json.writeValueAsBytes(root);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void anAdversarial64KbProgramAnswersQuickly() {
        String header = "double reward(CartPoleState s, Components c) { c.put(\"a\", s.poleAngle); return (((";
        StringBuilder source = new StringBuilder();
        while (source.length() + header.length() <= 65_536) source.append(header);
        long start = System.nanoTime();
        as(ADMIN_TOKEN)
                .body(Map.of("task", "cartpole", "source", source.toString()))
                .post("/api/reward-programs/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems", notNullValue());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "answered in " + millis + " ms");
    }

    @Test
    void validationsRunOffTheEventLoopSoHealthStillAnswers() throws Exception {
        StringBuilder program = new StringBuilder("double reward(CartPoleState s, Components c) {\n");
        for (int i = 0; i < 100; i++) {
            program.append("    double v")
                    .append(i)
                    .append(" = Math.exp(-s.poleAngle * s.poleAngle * ")
                    .append(i)
                    .append(".0);\n");
        }
        program.append("    c.put(\"upright\", v1);\n    return v1;\n}\n");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> validations = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                validations.add(clients.submit(() -> as(ADMIN_TOKEN)
                        .body(Map.of("task", "cartpole", "source", program.toString()))
                        .post("/api/reward-programs/validate")
                        .statusCode()));
            }
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                given().get("/q/health").then().statusCode(200);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 2_000, "health answered in " + millis + " ms during validations");
            }
            for (Future<Integer> v : validations) {
                int status = v.get();
                assertTrue(status == 200 || status == 503, "validated or turned away as busy: " + status);
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(
                200,
                as(ADMIN_TOKEN)
                        .body(Map.of("task", "cartpole", "source", program.toString()))
                        .post("/api/reward-programs/validate")
                        .statusCode());
    }
}
