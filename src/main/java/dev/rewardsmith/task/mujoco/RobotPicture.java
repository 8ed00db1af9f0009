package dev.rewardsmith.task.mujoco;

import dev.rewardsmith.mujoco.MjModel;
import dev.rewardsmith.task.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a MuJoCo robot as frame primitives in a three-quarter view (camera 30 degrees round from the robot's
 * left side, 20 degrees above the floor): capsules and cylinders as round-capped lines as wide as their
 * diameter, spheres and ellipsoids as circles, boxes as the outline of their projected corners, the floor as a
 * 1 m grid; far geoms first. The view follows the torso.
 */
final class RobotPicture {

    private static final double AZIMUTH = Math.toRadians(30);
    private static final double ELEVATION = Math.toRadians(20);
    private static final double RX = Math.cos(AZIMUTH);
    private static final double RY = Math.sin(AZIMUTH);
    private static final double CE = Math.cos(ELEVATION);
    private static final double SE = Math.sin(ELEVATION);

    /** Holds the geom types, sizes and colours; never closed (one per task, for the process's life). */
    private final MjModel model;

    private final int ngeom;

    RobotPicture(MjModel model) {
        this.model = model;
        this.ngeom = model.ngeom();
    }

    /** Screen u of world (x, y). */
    static double u(double x, double y) {
        return x * RX + y * RY;
    }

    /** Screen v of world (x, y, z): height, raised by how far the point is from the camera. */
    static double v(double x, double y, double z) {
        return z * CE + (-x * RY + y * RX) * SE;
    }

    /** Distance along the view direction (larger is farther). */
    static double depth(double x, double y, double z) {
        return (-x * RY + y * RX) * CE - z * SE;
    }

    Frame draw(Object view, double halfWidth) {
        double[] pos = new double[3 * ngeom];
        double[] mat = new double[9 * ngeom];
        if (!LocomotionEnv.geomPoses(view, pos, mat)) {
            throw new IllegalStateException("the state view was not filled by an open MuJoCo environment");
        }
        double[] torso = field(view, "torsoPosition");
        double cu = u(torso[0], torso[1]);
        List<Frame.Shape> shapes = new ArrayList<>();
        Integer[] order = new Integer[ngeom];
        for (int g = 0; g < ngeom; g++) order[g] = g;
        Arrays.sort(
                order, Comparator.comparingDouble((Integer g) -> -depth(pos[3 * g], pos[3 * g + 1], pos[3 * g + 2])));
        for (int g : order) {
            if (model.geomType(g) == MjModel.GEOM_PLANE) addGrid(shapes, torso[0], torso[1], halfWidth);
        }
        for (int g : order) {
            if (model.geomType(g) != MjModel.GEOM_PLANE) addGeom(shapes, g, pos, mat);
        }
        shapes.add(new Frame.Text(
                cu - 0.95 * halfWidth,
                1.4 * halfWidth,
                0.07 * halfWidth,
                String.format(
                        Locale.ROOT,
                        "step %d  distance %.2f m  speed %.2f m/s",
                        intField(view, "step"),
                        doubleField(view, "distance"),
                        doubleField(view, "forwardVelocity")),
                "#333333"));
        return new Frame(cu - halfWidth, -0.5 * halfWidth, cu + halfWidth, 1.5 * halfWidth, shapes);
    }

    private static void addGrid(List<Frame.Shape> shapes, double x0, double y0, double halfWidth) {
        double reach = 2 * halfWidth;
        double xa = Math.floor(x0 - reach);
        double xb = Math.ceil(x0 + reach);
        double ya = Math.floor(y0 - reach);
        double yb = Math.ceil(y0 + reach);
        for (double x = xa; x <= xb; x += 1) {
            shapes.add(new Frame.Line(u(x, ya), v(x, ya, 0), u(x, yb), v(x, yb, 0), 0.01, "#c8d8c8"));
        }
        for (double y = ya; y <= yb; y += 1) {
            shapes.add(new Frame.Line(u(xa, y), v(xa, y, 0), u(xb, y), v(xb, y, 0), 0.01, "#c8d8c8"));
        }
    }

    private void addGeom(List<Frame.Shape> shapes, int g, double[] pos, double[] mat) {
        double x = pos[3 * g];
        double y = pos[3 * g + 1];
        double z = pos[3 * g + 2];
        String fill = color(g);
        double s0 = model.geomSize(g, 0);
        switch (model.geomType(g)) {
            case MjModel.GEOM_CAPSULE, MjModel.GEOM_CYLINDER -> {
                // the geom's z axis (third column of the row-major matrix) times its half-length
                double h = model.geomSize(g, 1);
                double ax = mat[9 * g + 2] * h;
                double ay = mat[9 * g + 5] * h;
                double az = mat[9 * g + 8] * h;
                shapes.add(new Frame.Line(
                        u(x - ax, y - ay),
                        v(x - ax, y - ay, z - az),
                        u(x + ax, y + ay),
                        v(x + ax, y + ay, z + az),
                        2 * s0,
                        fill));
            }
            case MjModel.GEOM_SPHERE -> shapes.add(new Frame.Circle(u(x, y), v(x, y, z), s0, fill, "#555555"));
            case MjModel.GEOM_ELLIPSOID -> {
                double r = Math.max(s0, Math.max(model.geomSize(g, 1), model.geomSize(g, 2)));
                shapes.add(new Frame.Circle(u(x, y), v(x, y, z), r, fill, "#555555"));
            }
            case MjModel.GEOM_BOX -> shapes.add(new Frame.Polygon(boxOutline(g, x, y, z, mat), fill, "#555555"));
            default -> {} // heightfields and meshes are not drawn
        }
    }

    /** The convex hull of the box's eight projected corners, counter-clockwise. */
    private double[] boxOutline(int g, double x, double y, double z, double[] mat) {
        double[] pu = new double[8];
        double[] pv = new double[8];
        for (int c = 0; c < 8; c++) {
            double lx = ((c & 1) == 0 ? -1 : 1) * model.geomSize(g, 0);
            double ly = ((c & 2) == 0 ? -1 : 1) * model.geomSize(g, 1);
            double lz = ((c & 4) == 0 ? -1 : 1) * model.geomSize(g, 2);
            double wx = x + mat[9 * g] * lx + mat[9 * g + 1] * ly + mat[9 * g + 2] * lz;
            double wy = y + mat[9 * g + 3] * lx + mat[9 * g + 4] * ly + mat[9 * g + 5] * lz;
            double wz = z + mat[9 * g + 6] * lx + mat[9 * g + 7] * ly + mat[9 * g + 8] * lz;
            pu[c] = u(wx, wy);
            pv[c] = v(wx, wy, wz);
        }
        return ConvexHull.of(pu, pv);
    }

    private String color(int g) {
        return String.format(
                Locale.ROOT,
                "#%02x%02x%02x",
                channel(model.geomRgba(g, 0)),
                channel(model.geomRgba(g, 1)),
                channel(model.geomRgba(g, 2)));
    }

    private static int channel(double c) {
        return (int) Math.round(255 * Math.clamp(c, 0.0, 1.0));
    }

    private static double[] field(Object view, String name) {
        try {
            return (double[]) view.getClass().getField(name).get(view);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double doubleField(Object view, String name) {
        try {
            return view.getClass().getField(name).getDouble(view);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int intField(Object view, String name) {
        try {
            return view.getClass().getField(name).getInt(view);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
