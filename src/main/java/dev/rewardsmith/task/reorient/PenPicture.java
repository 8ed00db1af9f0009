package dev.rewardsmith.task.reorient;

import dev.rewardsmith.task.Frame;
import java.util.List;

/**
 * Draws a pen attitude in an isometric view (world z up), shared by the reorient and spin renderers: the pen's
 * long axis as a thick line with a coloured tip at its +z end, and a short clip along body x so that rotation
 * about the long axis is visible.
 */
public final class PenPicture {

    /** Half the side of the square viewport around the pen's centre, metres. */
    public static final double VIEW_HALF_SIZE = 0.1;

    private static final double COS30 = Math.cos(Math.PI / 6);

    private PenPicture() {}

    /** Adds the pen of attitude q = (w, x, y, z) to shapes, centred at the origin. */
    public static void addPen(List<Frame.Shape> shapes, double[] q, double width, String body, String tip) {
        double w = q[0];
        double x = q[1];
        double y = q[2];
        double z = q[3];
        // Columns of the rotation matrix: body x and body z in world coordinates.
        double xx = 1 - 2 * (y * y + z * z);
        double xy = 2 * (x * y + w * z);
        double xz = 2 * (x * z - w * y);
        double zx = 2 * (x * z + w * y);
        double zy = 2 * (y * z - w * x);
        double zz = 1 - 2 * (x * x + y * y);
        double half = Pen.LENGTH / 2;
        double tipX = screenX(half * zx, half * zy);
        double tipY = screenY(half * zx, half * zy, half * zz);
        shapes.add(new Frame.Line(-tipX, -tipY, tipX, tipY, width, body));
        double capX = screenX(0.8 * half * zx, 0.8 * half * zy);
        double capY = screenY(0.8 * half * zx, 0.8 * half * zy, 0.8 * half * zz);
        shapes.add(new Frame.Line(capX, capY, tipX, tipY, width, tip));
        // Clip: from a point near the tip, 0.025 m along body x.
        double clip = 0.025;
        double cx = capX + screenX(clip * xx, clip * xy);
        double cy = capY + screenY(clip * xx, clip * xy, clip * xz);
        shapes.add(new Frame.Line(capX, capY, cx, cy, width * 0.5, tip));
    }

    /** Adds faint world axes (x red, y green, z blue) from the origin. */
    public static void addAxes(List<Frame.Shape> shapes) {
        double a = 0.09;
        shapes.add(new Frame.Line(0, 0, screenX(a, 0), screenY(a, 0, 0), 0.001, "#e6a0a0"));
        shapes.add(new Frame.Line(0, 0, screenX(0, a), screenY(0, a, 0), 0.001, "#a0d0a0"));
        shapes.add(new Frame.Line(0, 0, 0, a, 0.001, "#a0b0e6"));
    }

    private static double screenX(double x, double y) {
        return (x - y) * COS30;
    }

    private static double screenY(double x, double y, double z) {
        return z - (x + y) * 0.5;
    }
}
