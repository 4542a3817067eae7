package dev.vision.core.privacy;

import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.Set;
import java.util.function.Supplier;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Pixelates, then smooths, the boxes of chosen classes in the frame ({@code --blur person,car}), so that every image that
 * leaves the process (annotated images and videos, clips, snapshots, the live page, the history's pictures)
 * shows them blurred. A stage placed after tracking, whose appearance cues need the pixels, and before any
 * stage that keeps a picture; boxes and labels are drawn over it. The results are not changed: tracking and
 * counting go on as without it.
 */
public final class ObjectBlur implements ResultStage {

    /** Blocks across a box's shorter side, at most: a face or a plate is not left readable in any box. */
    static final int BLOCKS_ACROSS = 6;

    private final Supplier<Set<String>> classes;

    public ObjectBlur(Set<String> classes) {
        Set<String> fixed = Set.copyOf(classes);
        this.classes = () -> fixed;
    }

    /** Blurs the classes {@code classes} gives at each frame: a camera whose setting changes while it runs. */
    public ObjectBlur(Supplier<Set<String>> classes) {
        this.classes = classes;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        return result;
    }

    @Override
    public FrameResult apply(FrameResult result, Mat canvas) {
        Set<String> blurred = classes.get();
        if (!(result instanceof DetectionResult detections) || blurred.isEmpty()) {
            return result;
        }
        double sx = (double) canvas.cols() / result.meta().width();
        double sy = (double) canvas.rows() / result.meta().height();
        for (Detection d : detections.detections()) {
            if (blurred.contains(d.label())) {
                pixelate(canvas, d.box(), sx, sy);
            }
        }
        return result;
    }

    private static void pixelate(Mat canvas, Box box, double sx, double sy) {
        int x1 = clamp((int) Math.floor(box.x1() * sx), canvas.cols());
        int y1 = clamp((int) Math.floor(box.y1() * sy), canvas.rows());
        int x2 = clamp((int) Math.ceil(box.x2() * sx), canvas.cols());
        int y2 = clamp((int) Math.ceil(box.y2() * sy), canvas.rows());
        if (x2 - x1 < 2 || y2 - y1 < 2) {
            return;
        }
        Mat region = canvas.submat(new Rect(x1, y1, x2 - x1, y2 - y1));
        try {
            int block = Math.max(
                    Pixelation.blockFor(Math.min(canvas.cols(), canvas.rows())),
                    Math.min(x2 - x1, y2 - y1) / BLOCKS_ACROSS);
            Pixelation.pixelate(region, block);
            // the blocks' edges smoothed away: what is left has no detail finer than a block
            double sigma = block / 2.0;
            Imgproc.GaussianBlur(region, region, new Size(0, 0), sigma, sigma, Core.BORDER_REPLICATE);
        } finally {
            region.release();
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
