package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;

/** Detections for tracker tests: a person box of 40 × 100 px centred at (x, y). */
public final class Boxes {

    private Boxes() {}

    public static Detection person(double x, double y, float score) {
        return new Detection(
                "person", 0, score, new Box((float) x - 20, (float) y - 50, (float) x + 20, (float) y + 50));
    }

    static Detection car(double x, double y) {
        return new Detection("car", 2, 0.9f, new Box((float) x - 40, (float) y - 20, (float) x + 40, (float) y + 20));
    }

    static long id(Detection d) {
        return d.trackId().orElseThrow();
    }
}
