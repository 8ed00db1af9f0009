package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.api.TestSearches;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A team steers a search from their browsers (issue 10's "done"): an operator starts a preference search that
 * waits for two votes; when its first iteration is trained, Ann sees on the search page that it waits for votes
 * and how many, follows the prompt to the voting page and votes with the keyboard on every pair for the candidate
 * with the LOWER fitness (with a comment), then adds a team note on that candidate; Bob, in his own browser, does
 * the same with the vote that releases the iteration. Ann's search page follows live: the voted candidate is
 * marked "chosen by team votes", the next iteration comes "from" it and waits for its own votes; the candidate's
 * reflection carries the vote summary, the comment and the note; the REST view confirms the parent. Screenshot:
 * target/screenshots/steered-search-light.png (and -dark); docs/steered-search.png is a copy of the light one made
 * by hand.
 */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class SteeringPageTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The votes that release an iteration: one per team member on the single pair. */
    static final int VOTES = 2;

    static final String NOTE = "the cart drifts; penalize its position";
    static final String COMMENT = "keeps the pole up longer";

    @TestHTTPResource("/")
    URL base;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode search(String token, String id) {
        return read(as(token)
                .get("/api/searches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString());
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
    void aTeamSteersAPreferenceSearchFromTheirBrowsersAndTheSearchFollows() {
        long started = System.nanoTime();
        String operator = TestAccounts.tokenOfNewUser("operator");
        // only the votes end the wait: the timeout is far beyond the test
        String id = TestSearches.create(
                operator,
                TestSearches.tinyCartpole(
                        2,
                        2,
                        8,
                        "selection",
                        "preference",
                        "preference",
                        Map.of("votes", VOTES, "timeoutSeconds", 3600)));
        String ann = TestAccounts.createUser("voter");
        String bob = TestAccounts.createUser("voter");
        List<String> scriptErrors = new ArrayList<>();

        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright)) {
            Page page = signedIn(browser, ann, scriptErrors);

            // Iteration 1 is trained and waits for the team's votes.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> "awaiting-votes"
                            .equals(search(operator, id).path("state").asText()));
            JsonNode first = search(operator, id).path("iterations").get(0).path("candidates");
            assertEquals(2, first.size(), first.toString());
            JsonNode a = first.get(0);
            JsonNode b = first.get(1);
            // the candidate fitness would not pick: the lower F (on a tie, the later one; fitness picks the earlier)
            JsonNode lower = b.path("fitness").asDouble() <= a.path("fitness").asDouble() ? b : a;
            JsonNode higher = lower == a ? b : a;
            String lowerId = lower.path("id").asText();
            String higherId = higher.path("id").asText();
            int pairs = read(as(operator)
                            .get("/api/searches/" + id + "/comparisons?size=100")
                            .asString())
                    .path("total")
                    .asInt();
            assertEquals(
                    1, pairs, "seed 8 gives two candidates of distinct F, so one pair: each member's vote counts once");

            // The search page says it waits for votes, how many are needed, and links to the voting page.
            page.navigate(base + "searches/" + id);
            Locator app = page.locator("#app");
            assertThat(app).hasAttribute("data-search-state", "awaiting-votes");
            assertThat(page.locator("#search-state")).containsText("awaiting votes");
            assertThat(page.locator("#search-selection")).containsText("by team votes");
            assertThat(page.locator("#search-selection")).containsText("waits for " + VOTES + " votes");
            Locator awaiting = page.locator("#search-awaiting");
            assertThat(awaiting).isVisible();
            assertThat(awaiting).hasAttribute("data-needed", String.valueOf(VOTES));
            assertThat(awaiting).containsText("0 of " + VOTES + " votes on iteration 1");
            assertThat(awaiting).containsText(VOTES + " more votes needed");
            // nothing is chosen before the votes, although one candidate has the higher F
            assertThat(page.locator("section.iteration[data-iteration=\"0\"] .selected-mark"))
                    .hasCount(0);
            page.click("#search-awaiting-vote");
            page.waitForURL(Pattern.compile(".*/searches/" + id + "/vote$"));

            // Ann votes on every pair for the side showing the lower-F candidate, with a comment.
            voteOnEveryPair(page, id, lowerId, higherId, COMMENT);

            // Her search page follows the votes: one more is needed.
            page.navigate(base + "searches/" + id);
            assertThat(awaiting).hasAttribute("data-needed", "1");
            assertThat(awaiting).containsText("1 of " + VOTES + " votes on iteration 1");
            assertThat(awaiting).containsText("1 more vote needed");

            // A team note on the lower-F candidate, before the vote that releases the iteration: it enters the
            // reflection written when the iteration's choice is made.
            page.navigate(base + "candidates/" + lowerId);
            assertThat(app).hasAttribute("data-loaded", "true");
            page.fill("#note-text", NOTE);
            page.click("#note-submit");
            assertThat(page.locator("#notes-list li").first()).containsText(NOTE);

            // Ann watches the search page while Bob, in his browser, follows the prompt and casts the last vote.
            page.navigate(base + "searches/" + id);
            assertThat(awaiting).hasAttribute("data-needed", "1");
            assertThat(app).hasAttribute("data-live", "open");
            Page bobs = signedIn(browser, bob, scriptErrors);
            bobs.navigate(base + "searches/" + id);
            bobs.click("#search-awaiting-vote");
            bobs.waitForURL(Pattern.compile(".*/searches/" + id + "/vote$"));
            voteOnEveryPair(bobs, id, lowerId, higherId, null);
            bobs.context().close();

            // Ann's page follows live, without a reload: the lower-F candidate is chosen by the votes, iteration 2
            // comes from it and, once trained, waits for its own votes.
            Locator chosen = page.locator("tr[data-candidate-id=\"" + lowerId + "\"] .selected-mark");
            assertThat(chosen).hasText("chosen by team votes");
            assertThat(chosen).hasAttribute("data-chosen-by", "votes");
            assertThat(page.locator("tr[data-candidate-id=\"" + higherId + "\"] .selected-mark"))
                    .hasCount(0);
            Locator from = page.locator("section.iteration[data-iteration=\"1\"] .iteration-parent");
            assertThat(from).hasAttribute("data-parent", lowerId);
            assertThat(from).containsText("from " + lowerId.substring(0, 8));
            assertThat(from).containsText("chosen by team votes");
            assertThat(page.locator("section.iteration[data-iteration=\"1\"] tr[data-candidate-id]"))
                    .hasCount(2);
            assertThat(awaiting)
                    .hasAttribute(
                            "data-iteration", "1", new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
            assertThat(awaiting).hasAttribute("data-needed", String.valueOf(VOTES));
            assertThat(awaiting).containsText("on iteration 2");
            page.waitForTimeout(300);
            SearchPagesTest.shoot(page, "steered-search");

            // Over REST: iteration 2's candidates were proposed from the voted-for, lower-F candidate.
            JsonNode steered = search(operator, id);
            assertEquals(
                    lowerId, steered.path("iterations").get(0).path("selected").asText(), steered.toString());
            for (JsonNode c : steered.path("iterations").get(1).path("candidates")) {
                assertEquals(lowerId, c.path("parent").asText(), "the summary names the parent: " + c);
                JsonNode full = read(as(operator)
                        .get("/api/candidates/" + c.path("id").asText())
                        .asString());
                assertEquals(lowerId, full.path("parent").asText(), "the voted-for candidate is the parent");
                assertNotEquals(higherId, full.path("parent").asText());
            }

            // The chosen candidate's reflection: the vote summary, the comment and the note.
            page.navigate(base + "candidates/" + lowerId);
            assertThat(app).hasAttribute("data-loaded", "true");
            Locator reflection = page.locator("#candidate-reflection");
            assertThat(reflection)
                    .containsText("Team members preferred this candidate's rollouts in " + VOTES + " of " + VOTES
                            + " comparisons");
            assertThat(reflection).containsText("\"" + COMMENT + "\"");
            assertThat(reflection).containsText("- " + NOTE);

            assertEquals(List.of(), scriptErrors, "no script errors");
        } finally {
            as(operator).post("/api/searches/" + id + "/cancel");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 110, "steering took " + seconds + " s");
    }

    /** Votes for the lower-F side on every pair left for the signed-in voter, until the page says none is left. */
    private void voteOnEveryPair(Page page, String search, String lowerId, String higherId, String comment) {
        Locator leftCount = page.locator("#vote-left-count");
        assertThat(leftCount).hasAttribute("data-left", Pattern.compile("^[1-9]\\d*$"));
        for (int left = Integer.parseInt(leftCount.getAttribute("data-left")); left > 0; left--) {
            voteForLower(page, search, lowerId, higherId, comment);
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(left - 1));
        }
        assertThat(page.locator("#vote-empty")).containsText("Nothing left to judge");
    }

    /**
     * Votes on the pair on screen for the side showing {@code lowerId}, found from the page's data attributes and
     * checked against the comparison's listing; an optional comment goes with the vote.
     */
    private void voteForLower(Page page, String search, String lowerId, String higherId, String comment) {
        Locator pair = page.locator("#vote-pair");
        assertThat(pair).hasAttribute("data-comparison", Pattern.compile("^[0-9a-f-]{36}$"));
        assertThat(pair).hasAttribute("data-iteration", "0");
        assertThat(page.locator("#vote-choice-left")).isEnabled();
        String comparison = pair.getAttribute("data-comparison");
        String left = pair.locator("figure.player[data-side=\"left\"]").getAttribute("data-candidate");
        String right = pair.locator("figure.player[data-side=\"right\"]").getAttribute("data-candidate");
        assertEquals(Set.of(lowerId, higherId), Set.of(left, right), comparison);
        JsonNode listed = null;
        for (JsonNode c : read(page.request()
                        .get(base + "api/searches/" + search + "/comparisons?size=100")
                        .text())
                .path("items")) {
            if (c.path("id").asText().equals(comparison)) listed = c;
        }
        assertTrue(listed != null, comparison + " is listed");
        assertEquals(left, listed.path("left").path("candidate").asText());
        String rollout = pair.locator("figure.player[data-side=\"left\"]").getAttribute("data-rollout");
        assertEquals(listed.path("left").path("rollout").asText(), rollout);
        if (comment != null) {
            page.fill("#vote-comment", comment);
        }
        // keys count outside the comment box
        page.locator("#vote-title").click();
        page.keyboard().press(left.equals(lowerId) ? "ArrowLeft" : "ArrowRight");
        assertThat(pair).not().hasAttribute("data-comparison", comparison);
    }
}
