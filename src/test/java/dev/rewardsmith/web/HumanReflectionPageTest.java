package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.propose.FakeOpenAi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Eureka with human feedback from the browser (issue 18): an operator creates a search with the human reflection
 * mode on through the new-search form; on an llm search (a fake OpenAI-compatible model) that waits after its
 * first iteration, a voter sees the automatic reflection on the search page, writes the reflection in the text
 * box and sends it; the search goes on, and the model's next request carries the text verbatim after the
 * automatic reflection. Screenshot: target/screenshots/human-reflection.png.
 */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class HumanReflectionPageTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the voter writes: markup, braces and quotes reach the model as typed. */
    static final String TEXT =
            "The pole falls after <200> steps: weight {upright} 3x & drop \"centred\".\nKeep it short.";

    @TestHTTPResource("/")
    URL base;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
    }

    private static JsonNode search(String id) {
        try {
            return JSON.readTree(as(ADMIN_TOKEN)
                    .get("/api/searches/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Page signedIn(com.microsoft.playwright.Browser browser, String name, List<String> scriptErrors) {
        BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 900));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.onPageError(e -> scriptErrors.add(name + ": " + e));
        page.navigate(base + "login?next=%2F");
        page.fill("#username", name);
        page.fill("#password", name + "-password");
        page.click("#login-submit");
        page.waitForURL(Pattern.compile(".*/$"));
        return page;
    }

    @Test
    void aVoterWritesTheReflectionOnTheSearchPageAndTheModelReadsIt() throws Exception {
        List<String> scriptErrors = new ArrayList<>();
        try (FakeOpenAi fake = new FakeOpenAi((n, request) -> FakeOpenAi.Reply.json(
                        FakeOpenAi.completion(List.of(FakeOpenAi.modelAnswer(n == 1 ? 3.0 : 5.0)), "stop", true)));
                Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright)) {
            String operator = TestAccounts.createUser("operator");
            String voter = TestAccounts.createUser("voter");

            // The form sends the mode: an offline search with the reflection replaced, cancelled at once.
            Page form = signedIn(browser, operator, scriptErrors);
            form.navigate(base + "searches/new");
            form.selectOption("#ns-task", "cartpole");
            form.fill("#ns-samples", "1");
            form.fill("#ns-iterations", "2");
            form.fill("#ns-evalSeeds", "0");
            form.fill("#ns-ppo-totalTimesteps", "2560");
            form.selectOption("#ns-human-reflection", "replace");
            form.click("#ns-submit");
            form.waitForURL(Pattern.compile(".*/searches/[0-9a-f-]{36}$"));
            String formId = form.url().substring(form.url().lastIndexOf('/') + 1);
            JsonNode created = search(formId);
            assertEquals("replace", created.path("humanReflection").path("mode").asText(), created.toString());
            assertEquals(
                    600, created.path("humanReflection").path("timeoutSeconds").asInt());
            as(ADMIN_TOKEN).post("/api/searches/" + formId + "/cancel").then().statusCode(200);

            // An llm search that waits for a reflection after its first iteration.
            String connection = "fake-" + UUID.randomUUID().toString().substring(0, 8);
            as(ADMIN_TOKEN)
                    .body(Map.of("baseUrl", fake.baseUrl(), "model", "fake-model", "maxRetries", 0))
                    .put("/api/llm/connections/" + connection)
                    .then()
                    .statusCode(201);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", "cartpole");
            body.put("proposer", "llm");
            body.put("connection", connection);
            body.put("samples", 1);
            body.put("iterations", 2);
            body.put("evalSeeds", 0);
            body.put("seed", 5);
            body.put("ppo", Map.of("totalTimesteps", 2560));
            body.put("humanReflection", "add");
            body.put("humanReflectionTimeoutSeconds", 3600);
            String id = as(ADMIN_TOKEN)
                    .body(body)
                    .post("/api/searches")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            Page page = signedIn(browser, voter, scriptErrors);
            page.navigate(base + "searches/" + id);
            Locator app = page.locator("#app");
            assertThat(app).hasAttribute("data-search-state", "awaiting-reflection", timeout(120));
            Locator panel = page.locator("#search-reflection");
            assertThat(panel).isVisible();
            assertThat(panel).hasAttribute("data-iteration", "1");
            assertThat(panel).hasAttribute("data-mode", "add");
            assertThat(page.locator("#search-reflection-help")).containsText("follows the automatic reflection");
            String automatic = as(ADMIN_TOKEN)
                    .get("/api/searches/" + id + "/reflections")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("[0].automatic");
            assertTrue(automatic.startsWith("We trained a policy"), automatic);
            assertThat(page.locator("#search-reflection-automatic")).hasText(automatic);
            assertEquals(1, fake.requestCount(), "iteration 2 is not asked for while the search waits");

            page.fill("#search-reflection-text", TEXT);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target", "screenshots", "human-reflection.png"))
                    .setFullPage(true));
            page.click("#search-reflection-submit");
            assertThat(page.locator("#search-reflection-status")).containsText("iteration 2 reads your reflection");

            // The search goes on; the page follows it to the end.
            assertThat(app).hasAttribute("data-search-state", "done", timeout(120));
            assertThat(panel).isHidden();
            assertEquals(2, fake.requestCount());
            JsonNode messages = fake.requests.get(1).path("messages");
            String last = messages.get(messages.size() - 1).path("content").asText();
            String reflection = last.substring(0, last.indexOf("\n\nA team member wrote"));
            assertTrue(reflection.startsWith("We trained a policy"), reflection);
            assertTrue(last.endsWith("\n\nA team member wrote this reflection on the program above:\n" + TEXT), last);
            JsonNode done = search(id);
            assertEquals("done", done.path("state").asText());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> TEXT.equals(as(ADMIN_TOKEN)
                            .get("/api/searches/" + id + "/reflections")
                            .then()
                            .extract()
                            .path("[0].text")));
        }
        assertEquals(List.of(), scriptErrors);
    }

    private static com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions timeout(int seconds) {
        return new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                .setTimeout(seconds * 1000.0);
    }
}
