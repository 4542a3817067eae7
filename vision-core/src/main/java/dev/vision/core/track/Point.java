package dev.vision.core.track;

/** A point in image pixels: x to the right, y down. */
public record Point(double x, double y) {

    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a point needs finite coordinates, got " + x + ", " + y);
        }
    }
}
