package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
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
import com.microsoft.playwright.options.BoundingBox;
import dev.rewardsmith.api.FeedbackResourceTest;
import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A voter judges a small search's pairs in the browser on a laptop-sized screen: both rollouts play in lockstep,
 * a key casts a vote, the count of pairs left drops and the team panel follows, undo brings the pair back, typing a
 * comment is not a shortcut, skipping is not a vote, and the last vote leaves a clear empty state. A viewer sees
 * the page read-only. The search and candidate pages show the preferences; the candidate page plays its rollouts.
 * Screenshots go to target/screenshots; docs/voting.png is a copy of voting-laptop.png made by hand.
 */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class VotingPageTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private void signIn(Page page, String name) {
        page.navigate(base + "login?next=%2F");
        page.fill("#username", name);
        page.fill("#password", name + "-password");
        page.click("#login-submit");
        page.waitForURL(Pattern.compile(".*/$"));
    }

    private static int intAttribute(Locator l, String name) {
        return Integer.parseInt(l.getAttribute(name));
    }

    /** Both players' clock index, drawn frame and length, read in one go (one animation frame). */
    @SuppressWarnings("unchecked")
    private static List<List<Integer>> players(Page page) {
        return (List<List<Integer>>) page.evaluate("() => [...document.querySelectorAll('#vote-pair figure.player')]"
                + ".map(f => [+f.dataset.frame, +f.dataset.shown, +f.dataset.length])");
    }

    @Test
    void aVoterJudgesPairsWithTheKeyboardAndTheTeamPanelFollows() throws Exception {
        String id = FeedbackResourceTest.finishedSearchWithPairs(31);
        String voter = TestAccounts.createUser("voter");
        String viewer = TestAccounts.createUser("viewer");
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 768))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            List<String> scriptErrors = new ArrayList<>();
            page.onPageError(scriptErrors::add);
            signIn(page, voter);

            // The search page links to the voting page with the count of pairs left.
            page.navigate(base + "searches/" + id);
            Locator link = page.locator("#search-vote");
            assertThat(link).hasAttribute("data-left", Pattern.compile("^[3-9]\\d*$"));
            int total = intAttribute(link, "data-left");
            assertThat(link).containsText(total + " pairs left");
            link.click();
            page.waitForURL(Pattern.compile(".*/searches/" + id + "/vote$"));

            // The pair plays at once, in lockstep.
            Locator app = page.locator("#app");
            assertThat(app).hasAttribute("data-ready", "true");
            Locator pair = page.locator("#vote-pair");
            assertThat(pair.locator("figure.player")).hasCount(2);
            Locator leftCount = page.locator("#vote-left-count");
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total));
            assertThat(leftCount).hasText(total + " pairs left for you");
            assertThat(page.locator(".player-controls")).hasAttribute("data-playing", "true");
            int firstFrame = players(page).get(0).get(0);
            page.waitForCondition(() -> players(page).get(0).get(0) != firstFrame);
            for (int i = 0; i < 5; i++) {
                page.waitForTimeout(150);
                List<List<Integer>> p = players(page);
                assertEquals(p.get(0).get(0), p.get(1).get(0), "one clock: " + p);
                for (List<Integer> player : p) {
                    assertEquals(Math.min(player.get(0), player.get(2) - 1), player.get(1), "holds its last frame");
                }
            }
            // The rollouts are blind to fitness: no F on the voting page's pair.
            assertTrue(!pair.innerText().contains("F "), pair.innerText());

            // Everything a voter needs fits the laptop screen without scrolling.
            for (String selector : List.of(
                    "#vote-pair figure.player >> nth=0",
                    "#vote-pair figure.player >> nth=1",
                    "#vote-choice-left",
                    "#vote-choice-tie",
                    "#vote-choice-right",
                    "#vote-skip",
                    "#vote-comment")) {
                BoundingBox box = page.locator(selector).boundingBox();
                assertTrue(box.y >= 0 && box.y + box.height <= 768, selector + " ends at " + (box.y + box.height));
            }
            page.locator("#vote-pair figure.player").first().scrollIntoViewIfNeeded();
            page.evaluate("() => window.scrollTo(0, 0)");
            page.locator("#vote-pair figure.player")
                    .first()
                    .screenshot(
                            new Locator.ScreenshotOptions().setPath(Path.of("target/screenshots/player-light.png")));

            // Keys typed into the comment box are text, not votes; the counter counts.
            String first = pair.getAttribute("data-comparison");
            Locator team = page.locator("#team");
            assertThat(team).hasAttribute("data-votes", "0");
            page.click("#vote-comment");
            page.keyboard().type("steadier pole, stays centred");
            page.keyboard().press("ArrowRight");
            page.keyboard().press("ArrowLeft");
            assertThat(page.locator("#vote-comment-count")).hasText("28 of 2000");
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total));
            assertThat(pair).hasAttribute("data-comparison", first);

            // Outside the box, ArrowLeft votes "left better" with the comment: the count drops by one, the next
            // pair comes, the team panel follows with the vote and the comment.
            page.locator("#vote-title").click();
            page.keyboard().press("ArrowLeft");
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total - 1));
            assertThat(leftCount).hasText((total - 1) + " pairs left for you");
            assertThat(pair).not().hasAttribute("data-comparison", first);
            assertThat(team).hasAttribute("data-votes", "1");
            assertThat(page.locator("#team-preferences tr[data-candidate]")).hasCount(2);
            assertThat(page.locator("#team-comments li").first()).containsText("steadier pole, stays centred");
            assertThat(page.locator("#vote-comment")).hasValue("");
            JsonNode mine = comparison(page, id, first);
            assertEquals("left", mine.path("myVote").path("choice").asText(), mine.toString());
            assertEquals(
                    "steadier pole, stays centred",
                    mine.path("myVote").path("comment").asText());

            // Skip (s) is not a vote.
            assertThat(page.locator("#vote-skip")).isEnabled();
            String second = pair.getAttribute("data-comparison");
            page.keyboard().press("s");
            assertThat(pair).not().hasAttribute("data-comparison", second);
            assertThat(page.locator("#vote-choice-tie")).isEnabled();
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total - 1));
            page.waitForTimeout(700);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/voting-laptop.png")));
            SearchPagesTest.shoot(page, "voting");
            page.waitForTimeout(300);

            // A vote by the button, then undo: the pair comes back, the count and the team follow.
            String third = pair.getAttribute("data-comparison");
            page.click("#vote-choice-tie");
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total - 2));
            assertThat(team).hasAttribute("data-votes", "2");
            assertThat(page.locator("#vote-undo")).isEnabled();
            page.click("#vote-undo");
            assertThat(leftCount).hasAttribute("data-left", String.valueOf(total - 1));
            assertThat(team).hasAttribute("data-votes", "1");
            assertThat(pair).hasAttribute("data-comparison", third);
            assertTrue(comparison(page, id, third).path("myVote").isNull());

            // Vote on everything but the skipped pair: the empty state offers it again; then nothing is left.
            for (int left = total - 1; left > 1; left--) {
                assertThat(page.locator("#vote-choice-right")).isEnabled();
                page.keyboard().press(left % 2 == 0 ? "ArrowRight" : "ArrowDown");
                assertThat(leftCount).hasAttribute("data-left", String.valueOf(left - 1));
            }
            assertThat(page.locator("#vote-empty")).containsText("Only skipped pairs left");
            page.click("#vote-unskip");
            assertThat(pair).hasAttribute("data-comparison", second);
            assertThat(page.locator("#vote-choice-right")).isEnabled();
            page.keyboard().press("ArrowRight");
            assertThat(leftCount).hasAttribute("data-left", "0");
            assertThat(page.locator("#vote-empty")).isVisible();
            assertThat(page.locator("#vote-empty")).containsText("Nothing left to judge");
            assertThat(leftCount).hasText("No pairs left for you");
            assertThat(team).hasAttribute("data-votes", String.valueOf(total));
            SearchPagesTest.shoot(page, "voting-empty");

            // The search page's panel and the candidate page: preferences, rollouts in a player, team notes.
            page.navigate(base + "searches/" + id);
            assertThat(page.locator("#search-vote")).hasAttribute("data-left", "0");
            Locator prefRows = page.locator("#search-preferences tr[data-candidate]");
            assertThat(prefRows).hasCount(3);
            String candidate = prefRows.first().getAttribute("data-candidate");
            page.navigate(base + "candidates/" + candidate);
            assertThat(app).hasAttribute("data-loaded", "true");
            assertThat(page.locator("#candidate-preferences tr.selected")).hasAttribute("data-candidate", candidate);
            assertThat(page.locator("#candidate-rollouts figure.player")).hasCount(1);
            assertThat(page.locator("#candidate-rollouts a[data-export=\"gif\"]"))
                    .hasAttribute("href", Pattern.compile("^/api/rollouts/[0-9a-f-]{36}/export\\.gif$"));
            page.fill("#note-text", "the cart drifts right; penalize its position");
            page.click("#note-submit");
            assertThat(page.locator("#notes-list li").first()).containsText("the cart drifts right");
            page.click("#candidate-rollouts [data-player=\"play\"]");
            page.waitForTimeout(500);
            page.click("#candidate-rollouts [data-player=\"play\"]");
            page.locator("#candidate-rollouts")
                    .screenshot(new Locator.ScreenshotOptions()
                            .setPath(Path.of("target/screenshots/candidate-player-light.png")));

            assertEquals(List.of(), scriptErrors, "no script errors");
        }

        // A viewer watches read-only.
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 768))) {
            Page page = context.newPage();
            signIn(page, viewer);
            page.navigate(base + "searches/" + id + "/vote");
            assertThat(page.locator("#app")).hasAttribute("data-ready", "true");
            assertThat(page.locator("#vote-readonly")).isVisible();
            assertThat(page.locator("#vote-readonly")).containsText("voter role");
            for (String button : List.of("#vote-choice-left", "#vote-choice-tie", "#vote-choice-right", "#vote-skip")) {
                assertThat(page.locator(button)).isDisabled();
            }
            assertThat(page.locator("#vote-comment")).isDisabled();
            assertThat(page.locator("#vote-pair figure.player")).hasCount(2);
            page.keyboard().press("ArrowLeft");
            assertThat(page.locator("#team")).hasAttribute("data-votes", String.valueOf(countVotes(id)));
            SearchPagesTest.shoot(page, "voting-viewer");
        }
    }

    /** The listing's entry for one comparison, as the signed-in browser sees it (with its own vote). */
    private JsonNode comparison(Page page, String search, String comparison) throws Exception {
        JsonNode list = JSON.readTree(page.request()
                .get(base + "api/searches/" + search + "/comparisons?size=100")
                .text());
        for (JsonNode c : list.path("items")) if (c.path("id").asText().equals(comparison)) return c;
        throw new AssertionError(comparison + " not listed: " + list);
    }

    private static int countVotes(String search) {
        List<Integer> tallies = given().header("Authorization", bearer(ADMIN_TOKEN))
                .get("/api/searches/" + search + "/comparisons?size=100")
                .then()
                .statusCode(200)
                .extract()
                .path("items.collect { it.tally.left + it.tally.right + it.tally.tie }");
        int n = tallies.stream().mapToInt(Integer::intValue).sum();
        assertNotEquals(0, n);
        return n;
    }
}
