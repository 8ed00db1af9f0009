package dev.rewardsmith.feedback.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewardsmith.task.Frame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePainterTest {

    static final int WHITE = 0xffffff;

    /** Paints {@code frame} into a fresh width x height image, as the video does. */
    static BufferedImage paint(Frame frame, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        FramePainter.configure(g);
        new FramePainter().paint(g, frame, 0, 0, width, height);
        g.dispose();
        return image;
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    @Test
    void aFilledRectangleInTheCentreIsItsColourThereAndTheBackgroundAround() {
        // viewport 4 x 2 in 200 x 100 pixels: k = 50; the 1 x 1 square at (2, 1) covers x 75..125, y 25..75
        Frame f = new Frame(0, 0, 4, 2, List.of(new Frame.Rect(2, 1, 1, 1, 0, "#3377cc")));
        BufferedImage image = paint(f, 200, 100);
        assertEquals(0x3377cc, rgb(image, 100, 50));
        assertEquals(0x3377cc, rgb(image, 76, 26));
        assertEquals(0x3377cc, rgb(image, 123, 73));
        assertEquals(WHITE, rgb(image, 73, 50));
        assertEquals(WHITE, rgb(image, 127, 50));
        assertEquals(WHITE, rgb(image, 100, 23));
        assertEquals(WHITE, rgb(image, 100, 77));
        assertEquals(WHITE, rgb(image, 5, 5));
    }

    @Test
    void theViewportKeepsItsAspectRatioCentredWithYUp() {
        // a 1 x 1 viewport in 200 x 100: k = 100, centred with 50 px bands left and right
        Frame f = new Frame(
                0,
                0,
                1,
                1,
                List.of(
                        new Frame.Rect(0.5, 0.5, 1, 1, 0, "#cc3333"),
                        // near the top in the world (y up) is near the top of the image
                        new Frame.Circle(0.5, 0.9, 0.05, "#33aa55", null)));
        BufferedImage image = paint(f, 200, 100);
        assertEquals(WHITE, rgb(image, 48, 50));
        assertEquals(0xcc3333, rgb(image, 52, 50));
        assertEquals(0xcc3333, rgb(image, 148, 50));
        assertEquals(WHITE, rgb(image, 152, 50));
        assertEquals(0x33aa55, rgb(image, 100, 10));
        assertEquals(0xcc3333, rgb(image, 100, 90));
    }

    @Test
    void lineWidthsAreWorldUnitsAndOutlinesAPixelAndAHalf() {
        // k = 100: a 0.2-wide line is 20 px thick about y = 50
        Frame line = new Frame(0, 0, 2, 1, List.of(new Frame.Line(0.5, 0.5, 1.5, 0.5, 0.2, "#2c5d8f")));
        BufferedImage image = paint(line, 200, 100);
        assertEquals(0x2c5d8f, rgb(image, 100, 41));
        assertEquals(0x2c5d8f, rgb(image, 100, 58));
        assertEquals(WHITE, rgb(image, 100, 38));
        assertEquals(WHITE, rgb(image, 100, 62));
        // round caps: the line reaches 10 px past its end on the axis
        assertEquals(0x2c5d8f, rgb(image, 158, 50));
        assertEquals(WHITE, rgb(image, 162, 50));

        // an outlined, unfilled circle of radius 30 px: the ring is dark, the middle and beyond are white
        Frame ring = new Frame(0, 0, 2, 1, List.of(new Frame.Circle(1, 0.5, 0.3, null, "#000000")));
        BufferedImage r = paint(ring, 200, 100);
        assertEquals(WHITE, rgb(r, 100, 50));
        assertEquals(WHITE, rgb(r, 100, 52 + 30));
        assertTrue((rgb(r, 100, 80) & 0xff) < 0x80, Integer.toHexString(rgb(r, 100, 80)));
        assertEquals(WHITE, rgb(r, 100, 76));
    }

    @Test
    void rectanglesTurnCounterClockwiseAndPolygonsClose() {
        // 0.8 x 0.2 turned a quarter turn is 20 px wide and 80 px tall
        Frame f = new Frame(
                0,
                0,
                2,
                1,
                List.of(
                        new Frame.Rect(0.5, 0.5, 0.8, 0.2, Math.PI / 2, "#e67e22"),
                        new Frame.Polygon(new double[] {1.2, 0.2, 1.8, 0.2, 1.8, 0.8}, "#7a5a9a", null)));
        BufferedImage image = paint(f, 200, 100);
        assertEquals(0xe67e22, rgb(image, 50, 15));
        assertEquals(0xe67e22, rgb(image, 50, 85));
        assertEquals(WHITE, rgb(image, 50 + 15, 50));
        // the triangle (1.2, 0.2), (1.8, 0.2), (1.8, 0.8): below its diagonal in the world
        assertEquals(0x7a5a9a, rgb(image, 170, 70));
        assertEquals(WHITE, rgb(image, 130, 30));
    }

    @Test
    void translucentColoursBlendAndNullPaintsNothing() {
        Frame f = new Frame(
                0,
                0,
                2,
                1,
                List.of(
                        new Frame.Rect(0.5, 0.5, 0.8, 0.8, 0, "#ff000080"),
                        new Frame.Rect(1.5, 0.5, 0.8, 0.8, 0, null),
                        new Frame.Line(1, 0, 1, 1, 0.1, null)));
        BufferedImage image = paint(f, 200, 100);
        Color c = new Color(rgb(image, 50, 50));
        assertEquals(255, c.getRed());
        assertEquals(127, c.getGreen(), 1);
        assertEquals(127, c.getBlue(), 1);
        assertEquals(WHITE, rgb(image, 150, 50));
        assertEquals(WHITE, rgb(image, 100, 50));
    }

    @Test
    void textIsDrawnUprightFromItsBaselineWhenAFontExists() {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests run with java.awt.headless=true");
        assertTrue(FramePainter.textAvailable(), "this machine has fonts (fontconfig, fonts-dejavu-core)");
        // 0.3 world units = 30 px high, baseline at y = 60: ink above the baseline, none below the descent
        Frame f = new Frame(0, 0, 2, 1, List.of(new Frame.Text(0.1, 0.4, 0.3, "HHHH", "#000000")));
        BufferedImage image = paint(f, 200, 100);
        int inkAbove = 0;
        int inkBelow = 0;
        for (int x = 0; x < 200; x++) {
            for (int y = 0; y < 100; y++) {
                if (rgb(image, x, y) != WHITE) {
                    if (y < 60) inkAbove++;
                    else inkBelow++;
                }
            }
        }
        assertTrue(inkAbove > 200, "H strokes above the baseline: " + inkAbove);
        assertTrue(inkBelow < 20, "capital H has no descender: " + inkBelow);
        assertEquals(WHITE, rgb(image, 5, 50), "text starts at x = 10");
    }

    @Test
    void paintingARegionLeavesTheRestOfTheImage() {
        BufferedImage image = new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 400, 100);
        new FramePainter()
                .paint(g, new Frame(0, 0, 2, 1, List.of(new Frame.Rect(1, 0.5, 2, 1, 0, "#3377cc"))), 200, 0, 200, 100);
        assertEquals(0x000000, rgb(image, 199, 50));
        assertEquals(0x3377cc, rgb(image, 201, 50));
        assertEquals(0x3377cc, rgb(image, 399, 99));
    }

    @Test
    void framesReadBackFromTheirJsonAndBadOnesSayWhatIsWrong() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Frame f = new Frame(
                -1,
                -0.5,
                1,
                0.5,
                List.of(
                        new Frame.Line(0, 0, 1, 1, 0.02, "#555555"),
                        new Frame.Circle(0, 0, 0.1, "#8888cc", null),
                        new Frame.Rect(0.1, 0.2, 0.5, 0.15, 0.3, "#333333"),
                        new Frame.Polygon(new double[] {0, 0, 1, 0, 1, 1}, null, "#000"),
                        new Frame.Text(-0.9, 0.4, 0.12, "step \"1\"", "rgba(0, 0, 0, 0.5)")));
        Frame back = FrameJson.parse(json.readTree(f.toJson()), "frame 0");
        assertEquals(f.toJson(), back.toJson());

        assertEquals(
                "Invalid frame: frame 3: v must be [xMin, yMin, xMax, yMax]", bad(json, "{\"v\":[0,0,1],\"s\":[]}"));
        assertEquals(
                "Invalid frame: frame 3: v must have xMin < xMax and yMin < yMax",
                bad(json, "{\"v\":[0,0,0,1],\"s\":[]}"));
        assertEquals(
                "Invalid frame: frame 3: s[0] (\"l\") must have 7 elements",
                bad(json, "{\"v\":[0,0,1,1],\"s\":[[\"l\",0,0,1,1,0.1]]}"));
        assertEquals(
                "Invalid frame: frame 3: s[0] must be an array starting with \"l\", \"c\", \"r\", \"p\" or \"t\"",
                bad(json, "{\"v\":[0,0,1,1],\"s\":[[\"x\",1]]}"));
        assertEquals(
                "Invalid frame: frame 3: s[0][2] must be a finite number",
                bad(json, "{\"v\":[0,0,1,1],\"s\":[[\"c\",0,\"0\",1,null,null]]}"));
        assertEquals(
                "Invalid frame: frame 3: s[0][1] must be [x0, y0, x1, y1, ...] with at least two points",
                bad(json, "{\"v\":[0,0,1,1],\"s\":[[\"p\",[0,0,1],null,null]]}"));
        assertTrue(bad(json, "{\"v\":[0,0,1,1],\"s\":[[\"r\",0,0,1,1,0,\"#12\"]]}")
                .startsWith("Invalid frame: frame 3: s[0][6] unsupported colour '#12'"));
        assertEquals(
                "frames must be an array",
                assertThrows(InvalidFrameException.class, () -> FrameJson.parseAll(json.readTree("{}")))
                        .getMessage());
    }

    private static String bad(ObjectMapper json, String frame) throws Exception {
        var tree = json.readTree(frame);
        return assertThrows(InvalidFrameException.class, () -> FrameJson.parse(tree, "frame 3"))
                .getMessage();
    }

    @Test
    void cssColoursInTheFormsFramesUse() {
        assertEquals(new Color(0x33, 0x77, 0xcc), CssColor.parse("#3377cc"));
        assertEquals(new Color(0x33, 0x77, 0xcc), CssColor.parse("#37c"));
        assertEquals(new Color(255, 0, 0, 0x80), CssColor.parse("#ff000080"));
        assertEquals(new Color(255, 0, 0, 0x88), CssColor.parse("#f008"));
        assertEquals(new Color(10, 20, 30), CssColor.parse("rgb(10, 20, 30)"));
        assertEquals(new Color(10, 20, 30, 128), CssColor.parse("rgba(10,20,30,0.5)"));
        assertEquals(new Color(10, 20, 30, 64), CssColor.parse("rgb(10 20 30 / 25%)"));
        assertEquals(new Color(0xffa500), CssColor.parse("Orange"));
        assertEquals(0, CssColor.parse("transparent").getAlpha());
        assertThrows(IllegalArgumentException.class, () -> CssColor.parse("#12345"));
        assertThrows(IllegalArgumentException.class, () -> CssColor.parse("rebeccapurple"));
        assertThrows(IllegalArgumentException.class, () -> CssColor.parse("rgb(1, 2)"));
    }
}
