package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.RequestOptions;
import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A new user signs in, starts a small cartpole search with the offline proposer from the form, follows it live
 * (table and curves), reloads in the middle, loses the WebSocket and gets it back, sees the search end with the
 * same state as the API, then opens the best candidate's diff and reflection. Screenshots of every page, light
 * and dark, go to target/screenshots.
 */
@QuarkusTest
@TestProfile(FreshWebUiProfile.class)
class SearchPagesTest {

    /** Small enough to end within a minute on two shared cores, long enough to reload and reconnect mid-way. */
    static final int TOTAL_TIMESTEPS = 40960;

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void startASearchFromTheFormFollowItLiveThroughAReloadAndAReconnectAndOpenItsBestCandidate() throws Exception {
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 900))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            // Failed requests are logged by the browser too (the 400 below is on purpose): only script errors count.
            List<String> scriptErrors = new ArrayList<>();
            page.onPageError(scriptErrors::add);

            // Sign in: the home page is the searches list, empty so far.
            page.navigate(base + "login?next=%2F");
            page.fill("#username", "admin");
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/$"));
            assertThat(page.locator("#search-empty")).containsText("No searches yet");
            shoot(page, "searches-empty");

            // The form, prefilled from the task's defaults.
            page.click("#search-new");
            page.waitForURL(Pattern.compile(".*/searches/new$"));
            assertThat(page.locator("#search-form")).hasAttribute("data-ready", "true");
            page.selectOption("#ns-task", "cartpole");
            assertThat(page.locator("#search-form")).hasAttribute("data-ready", "true");
            assertThat(page.locator("#ns-task-description")).not().isEmpty();
            assertThat(page.locator("#ns-proposer-llm")).isDisabled();
            assertThat(page.locator("#ns-proposer-offline")).isChecked();

            // A pasted program is checked as it is typed; its problems are shown at their lines.
            page.check("#ns-init-program");
            page.fill("#ns-program", "double reward(CartPoleState s, Components c) {\n  return s.nope;\n}");
            assertThat(page.locator("#ns-program-problems li").first()).hasAttribute("data-line", "2");
            page.fill(
                    "#ns-program",
                    "double reward(CartPoleState s, Components c) {\n  c.put(\"alive\", 1.0);\n  return 1.0;\n}");
            assertThat(page.locator("#ns-program-status")).containsText("Valid");

            // The server's reason appears beside the field it names.
            page.check("#ns-init-human");
            page.fill("#ns-samples", "2");
            page.fill("#ns-iterations", "3");
            page.fill("#ns-ppo-totalTimesteps", "60000000");
            page.click("#ns-submit");
            assertThat(page.locator("#ns-ppo-totalTimesteps-error")).containsText("totalTimesteps");
            page.fill("#ns-ppo-totalTimesteps", String.valueOf(TOTAL_TIMESTEPS));
            // The final evaluation with one seed: three more trainings (best, human, sparse).
            assertThat(page.locator("#ns-evalSeeds")).hasValue("5");
            assertThat(page.locator("#ns-restarts")).hasValue("1");
            page.fill("#ns-evalSeeds", "1");
            assertThat(page.locator("#ns-eval-cost")).containsText("3 trainings");
            // A candidate that does not exist: the server's reason is shown beside the field.
            page.fill("#ns-finetuneFrom", "00000000-0000-0000-0000-000000000000");
            page.click("#ns-submit");
            assertThat(page.locator("#ns-finetuneFrom-error")).containsText("finetuneFrom");
            page.fill("#ns-finetuneFrom", "");
            shoot(page, "search-new");
            page.click("#ns-submit");
            page.waitForURL(Pattern.compile(".*/searches/[0-9a-f-]{36}$"));
            String id = page.url().substring(page.url().lastIndexOf('/') + 1);

            // Live: the table shows a training candidate and its curve grows.
            Locator app = page.locator("#app");
            assertThat(app).hasAttribute("data-live", "open");
            assertThat(page.locator("tr[data-candidate-id][data-state=\"training\"]")
                            .first())
                    .isVisible();
            Locator fitnessChart = page.locator("#curves figure.chart[data-metric=\"fitness\"]");
            assertThat(fitnessChart).hasAttribute("data-points", Pattern.compile("^[1-9]\\d*$"));
            int before = points(fitnessChart);
            page.waitForCondition(() -> points(fitnessChart) > before);
            assertTrue(page.locator("#curves figure.chart canvas").count() >= 2, "curves of F and the components");

            // A reload mid-search shows the same search: the same candidates, curves caught up from the API.
            List<String> seen = candidateIds(page);
            int seenPoints = points(fitnessChart);
            page.reload();
            assertThat(app).hasAttribute("data-live", "open");
            assertThat(app).hasAttribute("data-caught-up", "true");
            List<String> after = candidateIds(page);
            assertTrue(after.containsAll(seen), seen + " then " + after);
            if (sameIteration(seen, after)) assertTrue(points(fitnessChart) >= seenPoints, "curves caught up");
            assertNotSame(app);

            // Killing the socket: the page says so, reconnects by itself and keeps updating.
            assertThat(app).hasAttribute("data-connections", "1");
            page.evaluate("() => window.rewardsmithLive.drop()");
            assertThat(app).hasAttribute("data-connections", "2");
            assertThat(app).hasAttribute("data-live", Pattern.compile("open|stopped"));

            // The loop ends, the final evaluation runs (the panel says so), then the search is done.
            Locator panel = page.locator("#evaluation");
            assertThat(panel)
                    .hasAttribute(
                            "data-status",
                            Pattern.compile("evaluating|done"),
                            new LocatorAssertions.HasAttributeOptions().setTimeout(180_000));
            if ("evaluating".equals(panel.getAttribute("data-status"))) {
                assertThat(page.locator("#eval-status")).containsText("Evaluating");
            }
            assertThat(app)
                    .hasAttribute(
                            "data-search-state",
                            "done",
                            new LocatorAssertions.HasAttributeOptions().setTimeout(120_000));
            JsonNode view = json(page, "/api/searches/" + id);
            assertEquals("done", view.path("state").asText());
            assertThat(panel).hasAttribute("data-status", "done");
            assertEvaluationShown(page, view.path("evaluation"), 1);
            assertEquals(
                    4, seriesOf(page.locator("#chart-best")), "iteration best, best so far, human, sparse: " + view);
            assertThat(page.locator("#search-state")).containsText("done");
            int rows = 0;
            for (JsonNode iteration : view.path("iterations")) {
                for (JsonNode c : iteration.path("candidates")) {
                    Locator row = page.locator(
                            "tr[data-candidate-id=\"" + c.path("id").asText() + "\"]");
                    assertThat(row).hasAttribute("data-state", c.path("state").asText());
                    if (c.hasNonNull("fitness")) {
                        assertThat(row.locator(".fitness-cell"))
                                .hasText(String.format(
                                        Locale.ROOT, "%.3f", c.path("fitness").asDouble()));
                    }
                    rows++;
                }
            }
            assertEquals(rows, page.locator("tr[data-candidate-id]").count());
            JsonNode last = view.path("iterations").get(view.path("iterations").size() - 1);
            String doneId = null;
            for (JsonNode c : last.path("candidates")) {
                if (c.path("state").asText().equals("done"))
                    doneId = c.path("id").asText();
            }
            assertNotNull(doneId, "a candidate of the last iteration trained: " + last);
            JsonNode trained = json(page, "/api/candidates/" + doneId);
            assertEquals(trained.path("metrics").size(), points(fitnessChart), "every epoch once");
            String best = view.path("best").path("candidate").asText();
            assertThat(page.locator("#search-best a")).hasAttribute("href", "/candidates/" + best);
            shoot(page, "search");

            // The best candidate: its reflection, and a diff against its parent (when it has one).
            page.click("#search-best a");
            page.waitForURL(Pattern.compile(".*/candidates/" + best + "$"));
            assertThat(app).hasAttribute("data-loaded", "true");
            assertThat(page.locator("#candidate-reflection")).containsText("task_fitness: [");
            assertThat(page.locator("#candidate-program li#L1")).hasCount(1);
            assertThat(page.locator("#candidate-curves figure.chart canvas").first())
                    .isVisible();
            JsonNode bestView = json(page, "/api/candidates/" + best);
            // where it trained, and why the CPU when the setting (auto) allowed the GPU
            assertThat(page.locator("#candidate-device"))
                    .containsText(bestView.path("device").asText().toUpperCase(Locale.ROOT));
            if (bestView.path("device").asText().equals("cpu")) {
                assertThat(page.locator("#candidate-device-reason")).containsText("GPU unavailable");
            }
            if (bestView.path("parent").isNull()) {
                // The human reward stayed best: a candidate of the last iteration shows the diff instead.
                page.navigate(base + "candidates/" + last.path("selected").asText());
                assertThat(app).hasAttribute("data-loaded", "true");
            }
            assertThat(page.locator("#candidate-diff table.diff")).isVisible();
            assertTrue(page.locator("#candidate-diff tr.changed").count() > 0, "the diff shows changed lines");
            assertTrue(
                    page.locator("#candidate-diff .hljs-type, #candidate-diff .hljs-keyword")
                                    .count()
                            > 0,
                    "Java is highlighted");
            shoot(page, "candidate");

            // The list shows the finished search.
            page.navigate(base.toString());
            assertThat(page.locator("#search-table tr[data-search-id=\"" + id + "\"]"))
                    .hasAttribute("data-state", "done");
            assertThat(page.locator("#search-table tr[data-search-id=\"" + id + "\"] .progress-cell"))
                    .containsText("iteration 3 of 3");
            Locator listed = page.locator("#search-table tr[data-search-id=\"" + id + "\"]");
            JsonNode evaluation = view.path("evaluation");
            assertThat(listed.locator(".human-cell"))
                    .hasText(fitness(evaluation.path("human").path("mean").asDouble()));
            assertThat(listed.locator(".hns-cell"))
                    .hasText(
                            evaluation.path("hns").isNull()
                                    ? "\u2014"
                                    : fitness(evaluation.path("hns").asDouble()));
            shoot(page, "searches");

            // Restarts and a curriculum: a tiny search with two restarts whose trainings all start from the first
            // search's best checkpoint, created over REST; grouped by restart on its page, fine-tuned vs scratch.
            String csrf = context.cookies().stream()
                    .filter(c -> c.name.equals("rs-csrf"))
                    .findFirst()
                    .orElseThrow()
                    .value;
            String created = page.request()
                    .post(
                            base + "api/searches",
                            RequestOptions.create()
                                    .setHeader("Content-Type", "application/json")
                                    .setHeader("X-CSRF-Token", csrf)
                                    .setHeader("Origin", base.getProtocol() + "://" + base.getAuthority())
                                    .setData("{\"task\":\"cartpole\",\"proposer\":\"offline\",\"samples\":2,"
                                            + "\"iterations\":1,\"restarts\":2,\"evalSeeds\":1,\"humanInit\":true,"
                                            + "\"finetuneFrom\":\"" + best + "\",\"ppo\":{\"totalTimesteps\":10240}}"))
                    .text();
            String restartsId = JSON.readTree(created).path("id").asText();
            assertTrue(restartsId.length() == 36, created);
            page.navigate(base + "searches/" + restartsId);
            assertThat(app)
                    .hasAttribute(
                            "data-search-state",
                            "done",
                            new LocatorAssertions.HasAttributeOptions().setTimeout(120_000));
            JsonNode restartsView = json(page, "/api/searches/" + restartsId);
            assertThat(page.locator("section.restart[data-restart]")).hasCount(2);
            assertThat(page.locator("section.restart[data-restart=\"1\"] h2")).containsText("Restart 2");
            assertEvaluationShown(page, restartsView.path("evaluation"), 1);
            assertThat(page.locator("#search-finetune a")).hasAttribute("href", "/candidates/" + best);
            assertThat(page.locator("#eval-finetune")).containsText("from scratch");
            assertTrue(
                    restartsView.path("evaluation").path("bestFromScratch").isObject(),
                    "a curriculum search compares with training from scratch: " + restartsView);
            // Iteration best, one line per restart, human and sparse.
            assertEquals(5, seriesOf(page.locator("#chart-best")), restartsView.toString());
            shoot(page, "search-restarts");

            assertEquals(List.of(), scriptErrors, "no script errors");
        }
    }

    /** Light and dark screenshots of the whole page (each after the colours' 0.12 s transitions have ended). */
    static void shoot(Page page, String name) {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        page.waitForTimeout(250);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/" + name + "-light.png"))
                .setFullPage(true));
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.waitForTimeout(250);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/" + name + "-dark.png"))
                .setFullPage(true));
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    }

    /** The evaluation panel shows the API's numbers: each reward's mean, sd and per-seed values, HNS, seeds. */
    static void assertEvaluationShown(Page page, JsonNode evaluation, int seeds) {
        assertTrue(evaluation.isObject(), "an evaluation record: " + evaluation);
        for (String reward : List.of("best", "human", "sparse", "bestFromScratch")) {
            JsonNode spread = evaluation.path(reward);
            Locator row = page.locator("#eval-table tr[data-reward=\"" + reward + "\"]");
            if (spread.isNull() || spread.isMissingNode()) {
                assertThat(row).hasCount(0);
                continue;
            }
            assertThat(row.locator(".eval-mean"))
                    .hasText(fitness(spread.path("mean").asDouble()));
            assertThat(row.locator(".eval-sd"))
                    .hasText(fitness(spread.path("sd").asDouble()));
            List<String> values = new ArrayList<>();
            for (JsonNode v : spread.path("values")) values.add(fitness(v.asDouble()));
            assertEquals(seeds, values.size(), reward + ": " + spread);
            assertThat(row.locator(".eval-values li")).hasText(values.toArray(String[]::new));
        }
        if (evaluation.path("hns").isNull()) {
            assertThat(page.locator("#eval-hns")).hasText("undefined");
            assertThat(page.locator("#eval-hns-note"))
                    .hasText(evaluation.path("hnsNote").asText());
        } else {
            assertThat(page.locator("#eval-hns"))
                    .hasText(fitness(evaluation.path("hns").asDouble()));
            assertThat(page.locator("#eval-hns-clipped"))
                    .hasText(fitness(evaluation.path("hnsClipped").asDouble()));
        }
        assertThat(page.locator("#eval-correlation"))
                .containsText(String.format(
                        Locale.ROOT,
                        "%,d transitions",
                        evaluation.path("correlationSteps").asInt()));
        // Eureka's correlation beside it, labelled (docs/llm.md, "Reward correlation")
        assertThat(page.locator("#eval-correlation")).containsText("on the best policy's transitions");
        assertThat(page.locator("#eval-training-correlation"))
                .containsText(
                        evaluation.path("trainingCorrelation").isNumber()
                                ? String.format(
                                        Locale.ROOT,
                                        "over %,d epochs",
                                        evaluation
                                                .path("trainingCorrelationEpochs")
                                                .asInt())
                                : "undefined");
        assertThat(page.locator("#eval-seeds")).hasText(String.valueOf(seeds));
        assertThat(page.locator("#eval-cached"))
                .hasText(evaluation.path("cachedTrainings").asText());
        assertThat(page.locator("#eval-candidate a"))
                .hasAttribute(
                        "href", "/candidates/" + evaluation.path("candidate").asText());
    }

    /** F as the page writes it: three decimals, grouped thousands. */
    static String fitness(double value) {
        return String.format(Locale.ROOT, "%,.3f", value);
    }

    static int seriesOf(Locator chart) {
        String value = chart.getAttribute("data-series");
        return value == null ? 0 : Integer.parseInt(value);
    }

    static int points(Locator chart) {
        String value = chart.getAttribute("data-points");
        return value == null ? 0 : Integer.parseInt(value);
    }

    static List<String> candidateIds(Page page) {
        return page.locator("tr[data-candidate-id]").all().stream()
                .map(l -> l.getAttribute("data-candidate-id"))
                .toList();
    }

    /** Whether no new iteration began between the two looks (the curves show the iteration under way). */
    static boolean sameIteration(List<String> before, List<String> after) {
        return before.size() == after.size();
    }

    /** The page is not stuck on its loading text. */
    static void assertNotSame(Locator app) {
        assertThat(app.locator("#search-loading")).isHidden();
    }

    /** A GET as the signed-in browser (its cookie), to compare the page with the API. */
    JsonNode json(Page page, String path) throws Exception {
        return JSON.readTree(page.request().get(base + path.substring(1)).text());
    }
}
