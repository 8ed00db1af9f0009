package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.RecordedRollouts;
import dev.rewardsmith.api.RecordedRollouts.Recorded;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.feedback.video.FrameJson;
import dev.rewardsmith.task.Frame;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A MuJoCo robot in the browser (docs/tasks.md, "MuJoCo tasks"): a hopper search created over REST records
 * rollouts whose frames hold the robot's four capsules, and the candidate page's player draws them: the
 * canvas has the robot's colour where its body is, at the first frame and after stepping. Screenshots go to
 * target/screenshots/robot-player*.png.
 */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class RobotPlayerTest {

    /** The hopper's geoms (hopper.xml: rgba 0.8 0.6 0.4). */
    static final String BODY = "#cc9966";

    @TestHTTPResource("/")
    URL base;

    /** Pixels of the player's canvas within 24 per channel of the robot's colour. */
    private static int robotPixels(Page page) {
        return ((Number)
                        page.evaluate(
                                """
                        () => {
                          const c = document.querySelector('#candidate-rollouts canvas.player-canvas');
                          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                          let n = 0;
                          for (let i = 0; i < d.length; i += 4) {
                            if (Math.abs(d[i] - 0xcc) <= 24 && Math.abs(d[i + 1] - 0x99) <= 24
                                && Math.abs(d[i + 2] - 0x66) <= 24) n++;
                          }
                          return n;
                        }
                        """))
                .intValue();
    }

    @Test
    void theCandidatePlayerDrawsTheHopper() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "hopper");
        body.put("proposer", "offline");
        body.put("samples", 1);
        body.put("iterations", 1);
        body.put("seed", 5);
        body.put("evalSeeds", 0);
        body.put("ppo", Map.of("totalTimesteps", 4096));
        List<Recorded> rollouts = RecordedRollouts.ofSearch(body);
        Recorded r = rollouts.getFirst();
        JsonNode rollout = RecordedRollouts.get("/api/rollouts/" + r.id());
        assertEquals(r.steps(), rollout.path("frames").size());
        for (int i = 0; i < r.steps(); i += Math.max(1, r.steps() / 5)) {
            Frame frame = FrameJson.parse(rollout.path("frames").get(i), "frame " + i);
            List<Frame.Line> capsules = frame.shapes().stream()
                    .filter(s -> s instanceof Frame.Line l && l.color().equals(BODY))
                    .map(Frame.Line.class::cast)
                    .toList();
            // leg, torso, thigh and foot (radius 0.04, 0.05, 0.05, 0.06 m): lines as wide as their diameter
            assertEquals(
                    List.of(0.08, 0.1, 0.1, 0.12),
                    capsules.stream().map(Frame.Line::width).sorted().toList(),
                    "frame " + i + ": " + capsules);
        }

        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 900))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            List<String> scriptErrors = new ArrayList<>();
            page.onPageError(scriptErrors::add);
            page.navigate(base + "login?next=%2Fcandidates%2F" + r.candidate());
            page.fill("#username", "admin");
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/candidates/" + r.candidate() + "$"));
            assertThat(page.locator("#app")).hasAttribute("data-loaded", "true");
            Locator player = page.locator("#candidate-rollouts figure.player");
            assertThat(player).hasCount(1);
            assertThat(player).hasAttribute("data-length", String.valueOf(r.steps()));
            assertThat(player).hasAttribute("data-shown", "0");

            int first = robotPixels(page);
            // about 1.7 m of capsules 0.08-0.12 m wide at 100 px per metre (a 3 m view in 300 px): 1,500 pixels
            assertTrue(first > 800, "the robot's colour at the first frame: " + first + " pixels");
            page.locator("#candidate-rollouts")
                    .screenshot(
                            new Locator.ScreenshotOptions().setPath(Path.of("target/screenshots/robot-player.png")));

            int forward = Math.min(10, r.steps() - 1);
            for (int i = 0; i < forward; i++) page.click("#candidate-rollouts [data-player=\"forward\"]");
            assertThat(player).hasAttribute("data-shown", String.valueOf(forward));
            int later = robotPixels(page);
            assertTrue(later > 800, "the robot's colour at frame " + forward + ": " + later + " pixels");
            page.locator("#candidate-rollouts")
                    .screenshot(new Locator.ScreenshotOptions()
                            .setPath(Path.of("target/screenshots/robot-player-" + forward + ".png")));
            assertEquals(List.of(), scriptErrors, "no script errors");
        }
    }
}
