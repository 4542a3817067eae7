package dev.vision.core.overlay;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/** Draws each detection's box in its class colour, with line width scaled to the image. */
public final class BoxAnnotator implements Annotator {

    private final ColorLookup colors;
    private final int thickness;

    /** @param thickness line width in pixels, or 0 to scale it with the image */
    public BoxAnnotator(ColorLookup colors, int thickness) {
        this.colors = colors;
        this.thickness = thickness;
    }

    @Override
    public void annotate(Mat canvas, FrameResult result) {
        if (!(result instanceof DetectionResult detections)) {
            return;
        }
        int t = thickness > 0 ? thickness : Style.lineWidth(canvas);
        for (Detection d : detections.detections()) {
            Box b = d.box();
            Imgproc.rectangle(
                    canvas, new Point(b.x1(), b.y1()), new Point(b.x2(), b.y2()), colors.color(d), t, Imgproc.LINE_AA);
        }
    }
}
