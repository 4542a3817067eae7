package dev.vision.core.geometry;

/** A point in image pixels: x to the right, y down. */
public record Point(double x, double y) {

    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a point needs finite coordinates, got " + x + ", " + y);
        }
    }
}
