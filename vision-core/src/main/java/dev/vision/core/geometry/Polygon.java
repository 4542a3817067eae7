package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.List;

/**
 * A simple polygon in image pixels, checked once: its edges do not cross and it has an area. Zones count in
 * one; masks black out, pixelate or ignore what lies in one.
 */
public final class Polygon {

    private final double[] xs;
    private final double[] ys;

    /**
     * @param setting the setting named when the corners are refused ({@code zone}, {@code privacyMask})
     * @param name    the shape's name, said in the reason
     * @throws InvalidSettingException when the edges cross or the polygon has no area
     */
    public Polygon(String setting, String name, List<Point> corners) {
        int n = corners.size();
        this.xs = new double[n];
        this.ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = corners.get(i).x();
            ys[i] = corners.get(i).y();
        }
        if (n < 3) {
            throw new InvalidSettingException(setting, name + ": needs at least three corners, got " + n);
        }
        if (selfIntersecting()) {
            throw new InvalidSettingException(setting, name + ": the polygon's edges cross each other");
        }
        if (Math.abs(area()) < 1) {
            throw new InvalidSettingException(setting, name + ": the polygon has no area");
        }
    }

    /** Its corners, in order. */
    public int size() {
        return xs.length;
    }

    public double x(int corner) {
        return xs[corner];
    }

    public double y(int corner) {
        return ys[corner];
    }

    /** Whether {@code p} lies inside, by the even-odd rule (ray casting). */
    public boolean contains(Point p) {
        double x = p.x();
        double y = p.y();
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                in = !in;
            }
        }
        return in;
    }

    /** Whether any part of it lies inside a frame of {@code width} × {@code height}. */
    public boolean overlapsFrame(int width, int height) {
        double[] fx = {0, width, width, 0};
        double[] fy = {0, 0, height, height};
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] >= 0 && xs[i] <= width && ys[i] >= 0 && ys[i] <= height) {
                return true; // a corner inside the frame
            }
        }
        for (int i = 0; i < 4; i++) {
            if (contains(new Point(fx[i], fy[i]))) {
                return true; // it covers a corner of the frame
            }
            for (int j = 0; j < xs.length; j++) {
                int k = (j + 1) % xs.length;
                if (segmentsCross(fx[i], fy[i], fx[(i + 1) % 4], fy[(i + 1) % 4], xs[j], ys[j], xs[k], ys[k])) {
                    return true; // an edge passes through the frame
                }
            }
        }
        return false;
    }

    private double area() {
        double a = 0;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            a += (xs[j] + xs[i]) * (ys[j] - ys[i]);
        }
        return a / 2;
    }

    private boolean selfIntersecting() {
        int n = xs.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (j == i + 1 || (i == 0 && j == n - 1)) {
                    continue; // neighbouring edges share a corner
                }
                if (segmentsCross(
                        xs[i],
                        ys[i],
                        xs[(i + 1) % n],
                        ys[(i + 1) % n],
                        xs[j],
                        ys[j],
                        xs[(j + 1) % n],
                        ys[(j + 1) % n])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean segmentsCross(
            double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy) {
        double d1 = orientation(cx, cy, dx, dy, ax, ay);
        double d2 = orientation(cx, cy, dx, dy, bx, by);
        double d3 = orientation(ax, ay, bx, by, cx, cy);
        double d4 = orientation(ax, ay, bx, by, dx, dy);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }

    private static double orientation(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }
}
