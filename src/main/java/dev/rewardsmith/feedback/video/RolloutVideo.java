package dev.rewardsmith.feedback.video;

import dev.rewardsmith.task.Frame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rollout (or two side by side, left and right) as a video: an animated GIF that loops forever, or an H.264 MP4,
 * drawn by {@link FramePainter} from the same frames the browser player draws. A pair plays for the longer
 * rollout's length; the shorter one holds its last frame. One image buffer serves every frame of a video; a video
 * is not thread-safe (encode it on one thread).
 */
public final class RolloutVideo {

    /** Pixel size of one side: 3:2, even (H.264 needs even sizes) and a multiple of the 16-pixel macroblock. */
    public static final int SIDE_WIDTH = 480;

    public static final int SIDE_HEIGHT = 320;

    /** The seam between the two sides of a pair. */
    private static final Color SEAM = new Color(0xd0d0d0);

    /** One side: its frames (at least one) and an optional caption ("left", a candidate's short id) or null. */
    public record Side(List<Frame> frames, String label) {
        public Side {
            frames = List.copyOf(frames);
            if (frames.isEmpty()) throw new IllegalArgumentException("a rollout to export needs at least one frame");
        }
    }

    private final List<Side> sides;
    private final int framesPerSecond;
    private final int sideWidth;
    private final int sideHeight;
    private final FramePainter painter = new FramePainter();
    private BufferedImage image;
    private Graphics2D graphics;

    /** One or two sides at the default size; {@code framesPerSecond} is the task's playback rate. */
    public RolloutVideo(int framesPerSecond, Side... sides) {
        this(framesPerSecond, SIDE_WIDTH, SIDE_HEIGHT, sides);
    }

    /** As above with each side {@code sideWidth} x {@code sideHeight} pixels (both even, 16 to 1920). */
    public RolloutVideo(int framesPerSecond, int sideWidth, int sideHeight, Side... sides) {
        if (sides.length != 1 && sides.length != 2)
            throw new IllegalArgumentException("a video shows one or two sides");
        if (framesPerSecond < 1 || framesPerSecond > 100) {
            throw new IllegalArgumentException("frames per second must be 1 to 100, not " + framesPerSecond);
        }
        for (int size : new int[] {sideWidth, sideHeight}) {
            if (size < 16 || size > 1920 || size % 2 != 0) {
                throw new IllegalArgumentException("a side's width and height must be even, 16 to 1920, not " + size);
            }
        }
        this.sides = List.of(sides);
        this.framesPerSecond = framesPerSecond;
        this.sideWidth = sideWidth;
        this.sideHeight = sideHeight;
    }

    public int width() {
        return sideWidth * sides.size();
    }

    public int height() {
        return sideHeight;
    }

    /** The number of pictures: the longest side's frame count. */
    public int frameCount() {
        int n = 0;
        for (Side s : sides) n = Math.max(n, s.frames().size());
        return n;
    }

    public int framesPerSecond() {
        return framesPerSecond;
    }

    /**
     * The GIF delay per picture in hundredths of a second: 100 / fps rounded to the nearest, and at least 2
     * because browsers play 0 and 1 as 10. 50 fps is exact (2); 30 fps plays at 33.3 fps (3), 15 fps at 14.3 (7).
     */
    public static int gifDelayCentiseconds(int framesPerSecond) {
        return Math.max(2, (int) Math.round(100.0 / framesPerSecond));
    }

    /** Draws picture {@code index} into the shared image and returns it (valid until the next call). */
    public BufferedImage picture(int index) {
        if (index < 0 || index >= frameCount()) {
            throw new IndexOutOfBoundsException("picture " + index + " of " + frameCount());
        }
        if (image == null) {
            image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
            graphics = image.createGraphics();
            FramePainter.configure(graphics);
        }
        for (int s = 0; s < sides.size(); s++) {
            Side side = sides.get(s);
            Frame frame = side.frames().get(Math.min(index, side.frames().size() - 1));
            int x = s * sideWidth;
            painter.paint(graphics, frame, x, 0, sideWidth, sideHeight);
            painter.caption(graphics, side.label(), x, 0, sideWidth, sideHeight);
        }
        if (sides.size() == 2) {
            graphics.setColor(SEAM);
            graphics.fillRect(sideWidth, 0, 1, sideHeight);
        }
        return image;
    }

    /** Writes an animated GIF that loops forever, one picture per frame at {@link #gifDelayCentiseconds}. */
    public void writeGif(OutputStream out) throws IOException {
        GifPalette palette = new GifPalette(colours(), FramePainter.BACKGROUND);
        try (GifEncoder gif = new GifEncoder(out, width(), height(), gifDelayCentiseconds(framesPerSecond), palette)) {
            for (int i = 0; i < frameCount(); i++) gif.add(picture(i));
        }
    }

    /** Writes an MP4 (H.264) at the video's frame rate, one picture per frame: frameCount / fps seconds. */
    public void writeMp4(OutputStream out) throws IOException {
        Mp4Encoder mp4 = new Mp4Encoder(width(), height(), framesPerSecond);
        for (int i = 0; i < frameCount(); i++) mp4.add(picture(i));
        mp4.finish(out);
    }

    /** Every colour the pictures are drawn in besides the background: the frames', the seam's, the captions'. */
    private Set<Color> colours() {
        Set<String> css = new HashSet<>();
        for (Side side : sides) {
            for (Frame frame : side.frames()) {
                for (Frame.Shape shape : frame.shapes()) {
                    switch (shape) {
                        case Frame.Line l -> css.add(l.color());
                        case Frame.Circle c -> {
                            css.add(c.fill());
                            css.add(c.stroke());
                        }
                        case Frame.Rect r -> css.add(r.fill());
                        case Frame.Polygon p -> {
                            css.add(p.fill());
                            css.add(p.stroke());
                        }
                        case Frame.Text t -> css.add(t.color());
                    }
                }
            }
        }
        css.remove(null);
        Set<Color> out = new LinkedHashSet<>();
        for (String c : css) out.add(CssColor.parse(c));
        out.add(SEAM);
        out.add(FramePainter.CAPTION);
        return out;
    }
}
