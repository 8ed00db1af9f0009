package dev.rewardsmith.task.mujoco;

import java.util.Arrays;
import java.util.Comparator;

/** The convex hull of a few points (Andrew's monotone chain), for drawing projected boxes. */
final class ConvexHull {

    private ConvexHull() {}

    /** Hull of points (u[i], v[i]) as (u0, v0, u1, v1, ...), counter-clockwise, without repeated points. */
    static double[] of(double[] u, double[] v) {
        int n = u.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> u[i]).thenComparingDouble(i -> v[i]));
        int[] hull = new int[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(u, v, hull[k - 2], hull[k - 1], idx[i]) <= 0) k--;
            hull[k++] = idx[i];
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(u, v, hull[k - 2], hull[k - 1], idx[i]) <= 0) k--;
            hull[k++] = idx[i];
        }
        int count = Math.max(1, k - 1);
        double[] out = new double[2 * count];
        for (int i = 0; i < count; i++) {
            out[2 * i] = u[hull[i]];
            out[2 * i + 1] = v[hull[i]];
        }
        return out;
    }

    private static double cross(double[] u, double[] v, int o, int a, int b) {
        return (u[a] - u[o]) * (v[b] - v[o]) - (v[a] - v[o]) * (u[b] - u[o]);
    }
}
