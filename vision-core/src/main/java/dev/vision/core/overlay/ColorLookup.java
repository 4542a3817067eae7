package dev.vision.core.overlay;

import dev.vision.core.result.Detection;
import org.opencv.core.Scalar;

/** Which colour a detection is drawn in: by its class, or by its track so each object keeps its own. */
@FunctionalInterface
public interface ColorLookup {

    /** BGR colour for {@code detection}. */
    Scalar color(Detection detection);

    /** One colour per class id. */
    static ColorLookup byClass(ColorPalette palette) {
        return d -> palette.color(d.classId());
    }

    /** One colour per track id; detections without a track fall back to their class colour. */
    static ColorLookup byTrack(ColorPalette palette) {
        return d -> d.trackId().isPresent()
                ? palette.color((int) (d.trackId().getAsLong() % Integer.MAX_VALUE))
                : palette.color(d.classId());
    }
}
