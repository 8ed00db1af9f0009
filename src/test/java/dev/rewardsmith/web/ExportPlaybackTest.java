package dev.rewardsmith.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.RecordedRollouts;
import dev.rewardsmith.api.RecordedRollouts.Recorded;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.feedback.video.FrameJson;
import dev.rewardsmith.feedback.video.RolloutVideo;
import dev.rewardsmith.task.Frame;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Exported rollouts open in Debian's Chromium as a signed-in user would open them: the MP4 (H.264) plays to its
 * end in a video element, lasting frames / fps, with the frame's colours; the GIF, one and a pair, loads in an
 * image element at its size. A screenshot goes to target/screenshots/export-playback.png.
 */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class ExportPlaybackTest {

    /** Cartpole plays at 50 frames per second. */
    static final int FPS = 50;

    @TestHTTPResource("/")
    URL base;

    @Test
    void exportedMp4PlaysToItsEndAndGifsLoadInChromium() throws Exception {
        List<Recorded> rollouts = RecordedRollouts.cartpole();
        Recorded[] pair = RecordedRollouts.sameSeedPair(rollouts);
        Recorded r = pair[0];
        Frame first = FrameJson.parse(
                RecordedRollouts.get("/api/rollouts/" + r.id()).path("frames").get(0), "frame 0");
        // where the cart's body and the middle of the pole are in the first picture (the painter's viewport fit)
        double k = Math.min(
                RolloutVideo.SIDE_WIDTH / (first.xMax() - first.xMin()),
                RolloutVideo.SIDE_HEIGHT / (first.yMax() - first.yMin()));
        double ox = (RolloutVideo.SIDE_WIDTH - k * (first.xMax() - first.xMin())) / 2 - k * first.xMin();
        double oy = (RolloutVideo.SIDE_HEIGHT - k * (first.yMax() - first.yMin())) / 2 + k * first.yMax();
        Frame.Rect cart = first.shapes().stream()
                .filter(Frame.Rect.class::isInstance)
                .map(Frame.Rect.class::cast)
                .findFirst()
                .orElseThrow();
        Frame.Line pole = first.shapes().stream()
                .filter(s -> s instanceof Frame.Line l && l.width() == 0.08)
                .map(Frame.Line.class::cast)
                .findFirst()
                .orElseThrow();
        int[] cartPixel = {(int) (ox + cart.x() * k), (int) (oy - cart.y() * k)};
        int[] polePixel = {(int) (ox + (pole.x1() + pole.x2()) / 2 * k), (int) (oy - (pole.y1() + pole.y2()) / 2 * k)};

        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1366, 900))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            page.navigate(base + "login?next=%2F");
            page.fill("#username", "admin");
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/$"));

            // Debian's Chromium decodes H.264 (its ffmpeg has the codec); without it the MP4 export is of no use here
            Object h264 = page.evaluate(
                    "() => document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.42E01E\"')");
            assertEquals("probably", h264, "canPlayType of H.264 Baseline in this Chromium");

            @SuppressWarnings("unchecked")
            Map<String, Object> played = (Map<String, Object>) page.evaluate(
                    """
                    async ([src, cartX, cartY, poleX, poleY]) => {
                      const video = document.createElement('video');
                      video.id = 'export-video';
                      video.muted = true;
                      video.controls = true;
                      document.body.prepend(video);
                      const failed = new Promise((_, reject) => video.addEventListener('error',
                          () => reject(new Error('video error ' + (video.error && video.error.code)))));
                      const loaded = new Promise(resolve => video.addEventListener('loadeddata', resolve, {once: true}));
                      const ended = new Promise(resolve => video.addEventListener('ended', resolve, {once: true}));
                      video.src = src;
                      await Promise.race([loaded, failed]);
                      const canvas = document.createElement('canvas');
                      canvas.width = video.videoWidth;
                      canvas.height = video.videoHeight;
                      const g = canvas.getContext('2d');
                      g.drawImage(video, 0, 0);
                      const px = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
                      const probes = {corner: px(4, 4), cart: px(cartX, cartY), pole: px(poleX, poleY)};
                      const start = performance.now();
                      await video.play();
                      await Promise.race([ended, failed]);
                      return {width: video.videoWidth, height: video.videoHeight, duration: video.duration,
                              currentTime: video.currentTime, ended: video.ended,
                              seconds: (performance.now() - start) / 1000, ...probes};
                    }
                    """,
                    List.of(
                            "/api/rollouts/" + r.id() + "/export.mp4",
                            cartPixel[0],
                            cartPixel[1],
                            polePixel[0],
                            polePixel[1]));
            System.out.println("export playback of " + r.steps() + " frames: " + played);
            assertEquals(true, played.get("ended"), played.toString());
            assertEquals(480, number(played, "width"));
            assertEquals(320, number(played, "height"));
            double seconds = (double) r.steps() / FPS;
            assertEquals(seconds, number(played, "duration"), 1.0 / FPS, "duration = frames / fps: " + played);
            assertEquals(number(played, "duration"), number(played, "currentTime"), 1e-3);
            assertTrue(number(played, "seconds") > 0.8 * seconds, "played in real time: " + played);
            // the decoded colours are the frame's: the stream's full-range BT.601 is honoured
            close(0xffffff, played.get("corner"), 4, "background");
            close(0x333333, played.get("cart"), 8, "cart");
            close(Integer.parseInt(pole.color().substring(1), 16), played.get("pole"), 20, "pole");

            String gif = "/api/rollouts/" + r.id() + "/export.gif";
            assertEquals(List.of(480, 320), image(page, gif));
            assertEquals(List.of(960, 320), image(page, gif + "?with=" + pair[1].id()));
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/export-playback.png"))
                    .setFullPage(false));
        }
    }

    /** Loads {@code src} in an image element at the top of the page; its natural width and height. */
    private static List<?> image(Page page, String src) {
        return (List<?>) page.evaluate(
                """
                async src => {
                  const img = new Image();
                  img.src = src;
                  await img.decode();
                  document.body.prepend(img);
                  return [img.naturalWidth, img.naturalHeight];
                }
                """,
                src);
    }

    private static double number(Map<String, Object> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private static void close(int expected, Object rgb, int tolerance, String what) {
        List<?> actual = (List<?>) rgb;
        int[] e = {expected >> 16 & 255, expected >> 8 & 255, expected & 255};
        for (int i = 0; i < 3; i++) {
            int a = ((Number) actual.get(i)).intValue();
            assertTrue(
                    Math.abs(a - e[i]) <= tolerance,
                    what + ": expected about " + String.format("#%06x", expected) + ", got " + actual);
        }
    }
}
