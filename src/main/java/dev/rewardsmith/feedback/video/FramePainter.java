package dev.rewardsmith.feedback.video;

import dev.rewardsmith.task.Frame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Draws a {@link Frame} into a rectangle of a Graphics2D exactly as the browser's {@code drawFrame}
 * (webui/src/frame.ts) draws it on a canvas: the viewport fitted and centred with its aspect ratio kept (y up),
 * shapes in order, line widths in world units with round caps and joins, circle and polygon outlines
 * {@value #OUTLINE_PX} px wide, text upright from its left baseline in the sans-serif font, on the page's white
 * canvas background. One painter serves many frames (its paths and colours are reused); it is not thread-safe.
 */
public final class FramePainter {

    /** Width in pixels of circle and polygon outlines, as {@code DEFAULT_OUTLINE_PX} in frame.ts. */
    public static final float OUTLINE_PX = 1.5f;

    /** The canvas background of the player (--canvas-bg in webui/src/styles.css). */
    public static final Color BACKGROUND = Color.WHITE;

    /** The colour of captions ("left", a candidate's short id). */
    public static final Color CAPTION = new Color(0x6b6b6b);

    private static final Logger LOG = Logger.getLogger(FramePainter.class.getName());

    /** Distinct colour strings kept parsed; a rollout uses a dozen, the cap only bounds a pathological one. */
    private static final int COLOUR_CACHE_LIMIT = 256;

    private final Map<String, Color> colours = new HashMap<>();
    private final Path2D.Double path = new Path2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();
    private final Line2D.Double line = new Line2D.Double();
    private final BasicStroke outline = new BasicStroke(OUTLINE_PX, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private BasicStroke lineStroke;
    private Font font;

    /** The rendering hints a canvas 2D context behaves like: antialiased shapes and text, unadjusted strokes. */
    public static void configure(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /**
     * Whether this JVM can draw text. Without any font installed (a bare container) AWT throws on the first use of
     * a font ("Fontconfig head is null"); then text shapes and labels are left out, once logged, and everything
     * else is still drawn.
     */
    public static boolean textAvailable() {
        return Text.AVAILABLE;
    }

    /**
     * Paints {@code frame} over the {@code width} x {@code height} pixel rectangle at ({@code x}, {@code y}) of
     * {@code g}, clearing it to the background first. Modifies only that rectangle; leaves g's clip, paint, stroke
     * and font as they were.
     */
    public void paint(Graphics2D g, Frame frame, int x, int y, int width, int height) {
        Shape clip = g.getClip();
        java.awt.Paint paint = g.getPaint();
        java.awt.Stroke stroke = g.getStroke();
        Font previousFont = g.getFont();
        try {
            g.clipRect(x, y, width, height);
            g.setColor(BACKGROUND);
            g.fillRect(x, y, width, height);
            draw(g, frame, x, y, width, height);
        } finally {
            g.setClip(clip);
            g.setPaint(paint);
            g.setStroke(stroke);
            g.setFont(previousFont);
        }
    }

    /**
     * Writes a small grey caption in the bottom right corner of the rectangle (for "left" / "right" or a
     * candidate's short id); nothing when text cannot be drawn.
     */
    public void caption(Graphics2D g, String text, int x, int y, int width, int height) {
        if (text == null || text.isEmpty() || !textAvailable()) return;
        Font previousFont = g.getFont();
        g.setFont(font(12f));
        int textWidth = g.getFontMetrics().stringWidth(text);
        g.setColor(CAPTION);
        g.drawString(text, x + width - textWidth - 6, y + height - 6);
        g.setFont(previousFont);
    }

    private void draw(Graphics2D g, Frame frame, int x0, int y0, int width, int height) {
        double k = Math.min(width / (frame.xMax() - frame.xMin()), height / (frame.yMax() - frame.yMin()));
        double ox = x0 + (width - k * (frame.xMax() - frame.xMin())) / 2 - k * frame.xMin();
        double oy = y0 + (height - k * (frame.yMax() - frame.yMin())) / 2 + k * frame.yMax();
        // A canvas keeps its line width when assigned zero, a negative or a non-finite value; start from its default.
        double lineWidth = 1;
        for (Frame.Shape shape : frame.shapes()) {
            switch (shape) {
                case Frame.Line l -> {
                    if (l.color() == null) break;
                    double w = l.width() * k;
                    if (w > 0 && Double.isFinite(w)) lineWidth = w;
                    line.setLine(ox + l.x1() * k, oy - l.y1() * k, ox + l.x2() * k, oy - l.y2() * k);
                    g.setStroke(lineStroke((float) lineWidth));
                    g.setColor(colour(l.color()));
                    g.draw(line);
                }
                case Frame.Circle c -> {
                    double r = Math.abs(c.radius()) * k;
                    ellipse.setFrame(ox + c.x() * k - r, oy - c.y() * k - r, 2 * r, 2 * r);
                    fillAndOutline(g, ellipse, c.fill(), c.stroke());
                }
                case Frame.Rect r -> {
                    if (r.fill() == null) break;
                    double hw = r.width() / 2;
                    double hh = r.height() / 2;
                    double cos = Math.cos(r.angle());
                    double sin = Math.sin(r.angle());
                    double cx = r.x();
                    double cy = r.y();
                    // Corners (±hw, ±hh) turned counter-clockwise in the world, then mapped: world y up, image y down.
                    path.reset();
                    path.moveTo(ox + (cx - hw * cos + hh * sin) * k, oy - (cy - hw * sin - hh * cos) * k);
                    path.lineTo(ox + (cx + hw * cos + hh * sin) * k, oy - (cy + hw * sin - hh * cos) * k);
                    path.lineTo(ox + (cx + hw * cos - hh * sin) * k, oy - (cy + hw * sin + hh * cos) * k);
                    path.lineTo(ox + (cx - hw * cos - hh * sin) * k, oy - (cy - hw * sin + hh * cos) * k);
                    path.closePath();
                    g.setColor(colour(r.fill()));
                    g.fill(path);
                }
                case Frame.Polygon p -> {
                    double[] points = p.points();
                    path.reset();
                    path.moveTo(ox + points[0] * k, oy - points[1] * k);
                    for (int i = 2; i + 1 < points.length; i += 2)
                        path.lineTo(ox + points[i] * k, oy - points[i + 1] * k);
                    path.closePath();
                    fillAndOutline(g, path, p.fill(), p.stroke());
                }
                case Frame.Text t -> {
                    double size = t.size() * k;
                    if (t.color() == null || t.text().isEmpty() || !(size > 0) || !textAvailable()) break;
                    g.setFont(font((float) size));
                    g.setColor(colour(t.color()));
                    g.drawString(t.text(), (float) (ox + t.x() * k), (float) (oy - t.y() * k));
                }
            }
        }
    }

    private void fillAndOutline(Graphics2D g, Shape shape, String fill, String stroke) {
        if (fill != null) {
            g.setColor(colour(fill));
            g.fill(shape);
        }
        if (stroke != null) {
            g.setStroke(outline);
            g.setColor(colour(stroke));
            g.draw(shape);
        }
    }

    private BasicStroke lineStroke(float width) {
        if (lineStroke == null || lineStroke.getLineWidth() != width) {
            lineStroke = new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        return lineStroke;
    }

    private Color colour(String css) {
        Color c = colours.get(css);
        if (c == null) {
            if (colours.size() >= COLOUR_CACHE_LIMIT) colours.clear();
            c = CssColor.parse(css);
            colours.put(css, c);
        }
        return c;
    }

    private Font font(float size) {
        if (font == null || font.getSize2D() != size) font = Text.BASE.deriveFont(size);
        return font;
    }

    /** Probed once, on first use: whether AWT has a font to draw with. */
    private static final class Text {

        static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                BASE.createGlyphVector(new FontRenderContext(null, true, true), "step 0");
                return true;
            } catch (RuntimeException | LinkageError e) {
                LOG.log(
                        Level.WARNING,
                        "no font can be loaded ({0}); exported rollouts leave out text. Install fontconfig and"
                                + " fonts-dejavu-core.",
                        e.toString());
                return false;
            }
        }
    }
}
