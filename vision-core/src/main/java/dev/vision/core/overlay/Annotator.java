package dev.vision.core.overlay;

import dev.vision.core.result.FrameResult;
import org.opencv.core.Mat;

/** Draws one aspect of a result (boxes, labels, a HUD) onto a BGR canvas. Style is fixed at construction. */
@FunctionalInterface
public interface Annotator {

    void annotate(Mat canvas, FrameResult result);

    /** This annotator, then {@code next}, on the same canvas. */
    default Annotator andThen(Annotator next) {
        return (canvas, result) -> {
            annotate(canvas, result);
            next.annotate(canvas, result);
        };
    }
}
