package dev.rewardsmith.api;

import static dev.rewardsmith.api.TestAccounts.ADMIN_TOKEN;
import static dev.rewardsmith.api.TestAccounts.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rewardsmith.api.RecordedRollouts.Recorded;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.junit.jupiter.api.Test;

/**
 * GIF and MP4 exports of recorded rollouts over REST: one rollout and a pair, their sizes, lengths and rates, every
 * bad input with its reason, and the limit on encodes at once. Data: a two-candidate cartpole search and a
 * one-candidate pendulum search, each trained for a few thousand steps.
 */
@QuarkusTest
class RolloutExportTest {

    private static List<Recorded> cartpole;
    private static List<Recorded> pendulum;

    private static RequestSpecification viewer() {
        return given().header("Authorization", bearer(TestAccounts.createToken(ADMIN_TOKEN, "export", "viewer")));
    }

    private static synchronized void data() throws Exception {
        if (cartpole != null) return;
        cartpole = RecordedRollouts.cartpole();
        pendulum = RecordedRollouts.ofSearch(
                Map.of("task", "pendulum", "proposer", "human", "evalSeeds", 0, "ppo", Map.of("totalTimesteps", 4096)));
    }

    /** A GIF's picture count, size and first delay, read back with ImageIO. */
    record Gif(int pictures, int width, int height, String delay) {}

    static Gif readGif(byte[] bytes) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            IIOMetadataNode root =
                    (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            String delay = ((IIOMetadataNode)
                            root.getElementsByTagName("GraphicControlExtension").item(0))
                    .getAttribute("delayTime");
            return new Gif(n, reader.getWidth(0), reader.getHeight(0), delay);
        } finally {
            reader.dispose();
        }
    }

    static int mp4Frames(byte[] bytes) throws Exception {
        FrameGrab grab =
                FrameGrab.createFrameGrab(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(bytes)));
        int n = 0;
        while (grab.getNativeFrame() != null) n++;
        assertEquals(n, grab.getVideoTrack().getMeta().getTotalFrames());
        return n;
    }

    @Test
    void aRolloutExportsAsAGifWithOnePicturePerStepAtTheTasksRate() throws Exception {
        data();
        Recorded r = cartpole.get(0);
        Response response = viewer().get("/api/rollouts/" + r.id() + "/export.gif");
        response.then()
                .statusCode(200)
                .contentType("image/gif")
                .header(
                        "Content-Disposition",
                        equalTo("attachment; filename=\"rollout-" + r.id().substring(0, 8) + ".gif\""));
        Gif gif = readGif(response.asByteArray());
        assertEquals(new Gif(r.steps(), 480, 320, "2"), gif, "cartpole plays at 50 fps: 2 hundredths a picture");
        // pendulum plays at 20 fps: 5 hundredths
        Recorded p = pendulum.get(0);
        Gif slow = readGif(viewer().get("/api/rollouts/" + p.id() + "/export.gif")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertEquals(new Gif(p.steps(), 480, 320, "5"), slow);
    }

    @Test
    void aRolloutExportsAsAnMp4WithOneFramePerStep() throws Exception {
        data();
        Recorded r = cartpole.get(1);
        Response response = viewer().get("/api/rollouts/" + r.id() + "/export.mp4");
        response.then()
                .statusCode(200)
                .contentType("video/mp4")
                .header(
                        "Content-Disposition",
                        equalTo("attachment; filename=\"rollout-" + r.id().substring(0, 8) + ".mp4\""));
        byte[] bytes = response.asByteArray();
        assertEquals("ftyp", new String(bytes, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(r.steps(), mp4Frames(bytes));
    }

    @Test
    void aPairIsSideBySideForTheLongerOfTheTwo() throws Exception {
        data();
        Recorded[] pair = RecordedRollouts.sameSeedPair(cartpole);
        String url = "/api/rollouts/" + pair[0].id() + "/export.%s?with=" + pair[1].id();
        String name = "rollout-" + pair[0].id().substring(0, 8) + "-vs-"
                + pair[1].id().substring(0, 8);
        int longer = Math.max(pair[0].steps(), pair[1].steps());
        Response gif = viewer().get(url.formatted("gif"));
        gif.then()
                .statusCode(200)
                .contentType("image/gif")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + name + ".gif\""));
        assertEquals(new Gif(longer, 960, 320, "2"), readGif(gif.asByteArray()));
        Response mp4 = viewer().get(url.formatted("mp4"));
        mp4.then()
                .statusCode(200)
                .contentType("video/mp4")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + name + ".mp4\""));
        assertEquals(longer, mp4Frames(mp4.asByteArray()));
    }

    @Test
    void badInputGetsAReason() throws Exception {
        data();
        Recorded r = cartpole.get(0);
        String unknown = UUID.randomUUID().toString();
        for (String format : List.of("gif", "mp4")) {
            String base = "/api/rollouts/";
            viewer().get(base + "not-a-uuid/export." + format)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("reason", equalTo("id: 'not-a-uuid' is not a rollout id (a UUID)"));
            viewer().get(base + r.id() + "/export." + format + "?with=nope")
                    .then()
                    .statusCode(400)
                    .body("reason", equalTo("with: 'nope' is not a rollout id (a UUID)"));
            viewer().get(base + r.id() + "/export." + format + "?with=" + r.id())
                    .then()
                    .statusCode(400)
                    .body("reason", containsString("beside itself"));
            viewer().get(base + unknown + "/export." + format)
                    .then()
                    .statusCode(404)
                    .body("reason", equalTo("no rollout " + unknown));
            viewer().get(base + r.id() + "/export." + format + "?with=" + unknown)
                    .then()
                    .statusCode(404)
                    .body("reason", equalTo("with: no rollout " + unknown));
            viewer().get(base + r.id() + "/export." + format + "?with="
                            + pendulum.get(0).id())
                    .then()
                    .statusCode(400)
                    .body("reason", containsString("is of task pendulum, rollout " + r.id() + " of task cartpole"));
            given().get(base + r.id() + "/export." + format).then().statusCode(401);
        }
    }

    @Test
    void atMostTwoEncodeAtOnceFourWaitAndTheRestAreAskedToRetry() throws Exception {
        data();
        // pendulum rollouts are 200 frames: seconds of H.264 each, so eight requests at once overlap
        Recorded p = pendulum.get(0);
        String token = TestAccounts.createToken(ADMIN_TOKEN, "export-load", "viewer");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(clients.submit(() -> {
                start.await();
                return given().header("Authorization", bearer(token))
                        .get("/api/rollouts/" + p.id() + "/export.mp4")
                        .andReturn();
            }));
        }
        start.countDown();
        int ok = 0;
        int busy = 0;
        for (Future<Response> f : responses) {
            Response response = f.get();
            if (response.statusCode() == 200) {
                ok++;
                assertEquals("video/mp4", response.contentType());
            } else {
                busy++;
                assertEquals(503, response.statusCode(), response.asString());
                assertEquals("5", response.header("Retry-After"));
                assertEquals(
                        "2 exports are being encoded and 4 are waiting; try again in 5 seconds",
                        response.jsonPath().getString("reason"));
            }
        }
        clients.shutdown();
        assertEquals(6, ok, "two encode and four wait");
        assertEquals(2, busy);
        // afterwards the pool is free again
        assertNotEquals(
                503, viewer().get("/api/rollouts/" + p.id() + "/export.gif").statusCode());
    }
}
