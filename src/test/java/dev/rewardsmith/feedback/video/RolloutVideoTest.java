package dev.rewardsmith.feedback.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.Frame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;

class RolloutVideoTest {

    static final int BLUE = 0x3377cc;
    static final int ORANGE = 0xe67e22;

    /**
     * {@code n} frames of a 4 x 2 viewport: a blue square in the middle (1 x 1, at the centre of the picture) and an
     * orange dot moving right from x = 0.5 to 3.5.
     */
    static List<Frame> frames(int n) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = 0.5 + 3.0 * i / Math.max(1, n - 1);
            out.add(new Frame(
                    0,
                    0,
                    4,
                    2,
                    List.of(
                            new Frame.Rect(2, 1, 1, 1, 0, "#3377cc"),
                            new Frame.Circle(x, 0.4, 0.15, "#e67e22", "#333333"))));
        }
        return out;
    }

    /** The GIF's pictures, each with its graphic control extension, read back with ImageIO's reader. */
    record Gif(int width, int height, List<BufferedImage> pictures, List<IIOMetadataNode> controls, boolean loops) {}

    static Gif readGif(byte[] bytes) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<BufferedImage> pictures = new ArrayList<>();
            List<IIOMetadataNode> controls = new ArrayList<>();
            boolean loops = false;
            for (int i = 0; i < n; i++) {
                pictures.add(reader.read(i));
                IIOMetadataNode root =
                        (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                controls.add((IIOMetadataNode)
                        root.getElementsByTagName("GraphicControlExtension").item(0));
                var apps = root.getElementsByTagName("ApplicationExtension");
                for (int a = 0; a < apps.getLength(); a++) {
                    IIOMetadataNode app = (IIOMetadataNode) apps.item(a);
                    byte[] data = (byte[]) app.getUserObject();
                    if ("NETSCAPE".equals(app.getAttribute("applicationID"))) {
                        loops = data[0] == 1 && data[1] == 0 && data[2] == 0;
                    }
                }
            }
            IIOMetadataNode stream =
                    (IIOMetadataNode) reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0");
            IIOMetadataNode screen = (IIOMetadataNode)
                    stream.getElementsByTagName("LogicalScreenDescriptor").item(0);
            return new Gif(
                    Integer.parseInt(screen.getAttribute("logicalScreenWidth")),
                    Integer.parseInt(screen.getAttribute("logicalScreenHeight")),
                    pictures,
                    controls,
                    loops);
        } finally {
            reader.dispose();
        }
    }

    static byte[] gif(RolloutVideo video) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        video.writeGif(out);
        return out.toByteArray();
    }

    static byte[] mp4(RolloutVideo video) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        video.writeMp4(out);
        return out.toByteArray();
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    @Test
    void aGifHasOnePicturePerFrameAtTheTasksRateAndLoopsForever() throws Exception {
        RolloutVideo video = new RolloutVideo(50, new RolloutVideo.Side(frames(12), null));
        Gif gif = readGif(gif(video));
        assertEquals(480, gif.width());
        assertEquals(320, gif.height());
        assertEquals(12, gif.pictures().size());
        assertTrue(gif.loops(), "NETSCAPE2.0 loop count 0");
        for (IIOMetadataNode control : gif.controls()) {
            assertEquals("2", control.getAttribute("delayTime"), "50 fps = 2 hundredths of a second");
            assertEquals("none", control.getAttribute("disposalMethod"));
        }
        // viewport 4 x 2 in 480 x 320: k = 120, 40 px bands above and below; the square is exact in the palette
        BufferedImage first = gif.pictures().get(0);
        assertEquals(480, first.getWidth());
        assertEquals(BLUE, rgb(first, 240, 160));
        assertEquals(0xffffff, rgb(first, 240, 20));
        assertEquals(0xffffff, rgb(first, 5, 5));
        // the dot: x = 0.5 -> 60 px in the first picture, x = 3.5 -> 420 px in the last; y = 0.4 -> 40 + 192
        assertEquals(ORANGE, rgb(first, 60, 232));
        assertEquals(0xffffff, rgb(first, 420, 232));
        BufferedImage last = gif.pictures().get(11);
        assertEquals(ORANGE, rgb(last, 420, 232));
        assertEquals(0xffffff, rgb(last, 60, 232));
    }

    @Test
    void gifDelaysAreHundredthsOfASecondRoundedAndAtLeastTwo() throws Exception {
        assertEquals(2, RolloutVideo.gifDelayCentiseconds(50));
        assertEquals(5, RolloutVideo.gifDelayCentiseconds(20));
        assertEquals(7, RolloutVideo.gifDelayCentiseconds(15));
        assertEquals(3, RolloutVideo.gifDelayCentiseconds(30));
        assertEquals(2, RolloutVideo.gifDelayCentiseconds(60));
        assertEquals(2, RolloutVideo.gifDelayCentiseconds(100));
        Gif gif = readGif(gif(new RolloutVideo(15, 64, 32, new RolloutVideo.Side(frames(3), null))));
        assertEquals("7", gif.controls().get(2).getAttribute("delayTime"));
        assertEquals(64, gif.width());
        assertEquals(32, gif.height());
    }

    @Test
    void aPairIsSideBySideAndTheShorterHoldsItsLastFrame() throws Exception {
        List<Frame> longer = frames(10);
        List<Frame> shorter = frames(4);
        RolloutVideo video =
                new RolloutVideo(50, new RolloutVideo.Side(longer, "left"), new RolloutVideo.Side(shorter, "right"));
        assertEquals(960, video.width());
        assertEquals(320, video.height());
        assertEquals(10, video.frameCount());
        Gif gif = readGif(gif(video));
        assertEquals(960, gif.width());
        assertEquals(10, gif.pictures().size());
        BufferedImage last = gif.pictures().get(9);
        // left: its own last frame, the dot at the right end; right (offset 480): the shorter's last frame, also
        // at the right end, and unchanged from picture 3 on
        assertEquals(ORANGE, rgb(last, 420, 232));
        assertEquals(ORANGE, rgb(last, 480 + 420, 232));
        BufferedImage fourth = gif.pictures().get(3);
        assertEquals(ORANGE, rgb(fourth, 480 + 420, 232));
        assertTrue(rgb(fourth, 420, 232) != ORANGE, "the left dot is still on its way in picture 3");
        assertEquals(BLUE, rgb(last, 480 + 240, 160));
        assertEquals(0xd0d0d0, rgb(last, 480, 10), "the seam");
        // captions are drawn in the bottom right corner of each side
        assertTrue(ink(last, 380, 290, 480, 320) > 10, "left caption");
        assertTrue(ink(last, 860, 290, 960, 320) > 10, "right caption");
        assertEquals(0, ink(last, 0, 290, 100, 320));
    }

    private static int ink(BufferedImage image, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int x = x0; x < x1; x++) for (int y = y0; y < y1; y++) if (rgb(image, x, y) != 0xffffff) n++;
        return n;
    }

    @Test
    void anMp4DecodesBackToItsFramesSizeAndColours() throws Exception {
        byte[] bytes = mp4(new RolloutVideo(25, new RolloutVideo.Side(frames(30), null)));
        assertEquals("ftyp", new String(bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        FrameGrab grab = FrameGrab.createFrameGrab(
                ByteBufferSeekableByteChannel.readFromByteBuffer(java.nio.ByteBuffer.wrap(bytes)));
        assertEquals(30, grab.getVideoTrack().getMeta().getTotalFrames());
        assertEquals(30.0 / 25, grab.getVideoTrack().getMeta().getTotalDuration(), 1e-9);
        List<Picture> pictures = new ArrayList<>();
        Picture picture;
        while ((picture = grab.getNativeFrame()) != null) pictures.add(picture.cloneCropped());
        assertEquals(30, pictures.size());
        Picture first = pictures.get(0);
        assertEquals(480, first.getWidth());
        assertEquals(320, first.getHeight());
        close(BLUE, fullRangeRgb(first, 240, 160), 6);
        close(0xffffff, fullRangeRgb(first, 240, 20), 6);
        close(ORANGE, fullRangeRgb(first, 60, 232), 8);
        close(ORANGE, fullRangeRgb(pictures.get(29), 420, 232), 8);
        close(0xffffff, fullRangeRgb(pictures.get(29), 60, 232), 8);
    }

    /**
     * The decoded colour at (x, y), read as the stream's VUI says: full-range BT.601. (JCodec's decoder ignores
     * the VUI and AWTUtil would convert as studio range.)
     */
    static int fullRangeRgb(Picture p, int x, int y) {
        double luma = p.getPlaneData(0)[y * p.getWidth() + x] + 128;
        int c = (y / 2) * (p.getWidth() / 2) + x / 2;
        double cb = p.getPlaneData(1)[c];
        double cr = p.getPlaneData(2)[c];
        int r = clamp(luma + 1.402 * cr);
        int g = clamp(luma - 0.344136 * cb - 0.714136 * cr);
        int b = clamp(luma + 1.772 * cb);
        return r << 16 | g << 8 | b;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void theYuvConversionIsFullRangeBt601() {
        var yuv = Picture.create(2, 2, org.jcodec.common.model.ColorSpace.YUV420J);
        int[] blue = {BLUE, BLUE, BLUE, BLUE};
        Mp4Encoder.toYuv(blue, 2, 2, yuv);
        // Y = 0.299 * 51 + 0.587 * 119 + 0.114 * 204 = 108.36; Cb = 128 + 0.5 * 204 - 0.168736 * 51 - 0.331264 * 119
        // = 181.98; Cr = 128 + 0.5 * 51 - 0.418688 * 119 - 0.081312 * 204 = 87.09 (planes hold value - 128)
        assertArrayEquals(new byte[] {-20, -20, -20, -20}, yuv.getPlaneData(0));
        assertArrayEquals(new byte[] {54}, yuv.getPlaneData(1));
        assertArrayEquals(new byte[] {-41}, yuv.getPlaneData(2));
    }

    @Test
    void badVideosAreRefused() {
        var side = new RolloutVideo.Side(frames(2), null);
        assertThrows(IllegalArgumentException.class, () -> new RolloutVideo.Side(List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new RolloutVideo(50));
        assertThrows(IllegalArgumentException.class, () -> new RolloutVideo(50, side, side, side));
        assertThrows(IllegalArgumentException.class, () -> new RolloutVideo(0, side));
        assertThrows(IllegalArgumentException.class, () -> new RolloutVideo(50, 481, 320, side));
        assertThrows(IndexOutOfBoundsException.class, () -> new RolloutVideo(50, side).picture(2));
        assertNull(side.label());
        assertNotNull(new RolloutVideo(50, side).picture(1));
    }

    private static void close(int expected, int actual, int tolerance) {
        Color e = new Color(expected);
        Color a = new Color(actual);
        String message = String.format("expected about #%06x, got #%06x", expected, actual);
        assertEquals(e.getRed(), a.getRed(), tolerance, message);
        assertEquals(e.getGreen(), a.getGreen(), tolerance, message);
        assertEquals(e.getBlue(), a.getBlue(), tolerance, message);
    }
}
