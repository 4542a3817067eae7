package dev.vision.core.overlay;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Writes "label score" ("#id label score" for a tracked object) on a filled tag in the detection's colour,
 * above each box (inside it when the box touches
 * the top edge), with black or white text chosen for contrast, so it reads on dark and light scenes alike.
 */
public final class LabelAnnotator implements Annotator {

    private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

    private final ColorLookup colors;
    private final double fontScale;

    /** @param fontScale OpenCV font scale, or 0 to scale with the image */
    public LabelAnnotator(ColorLookup colors, double fontScale) {
        this.colors = colors;
        this.fontScale = fontScale;
    }

    @Override
    public void annotate(Mat canvas, FrameResult result) {
        if (!(result instanceof DetectionResult detections)) {
            return;
        }
        double scale = fontScale > 0 ? fontScale : Style.fontScale(canvas);
        int thickness = Math.max(1, (int) Math.round(scale * 2));
        for (Detection d : detections.detections()) {
            String text = d.trackId().isPresent()
                    ? String.format(Locale.ROOT, "#%d %s %.2f", d.trackId().getAsLong(), d.label(), d.score())
                    : String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
            int[] baseline = new int[1];
            Size size = Imgproc.getTextSize(text, FONT, scale, thickness, baseline);
            int pad = Math.max(2, thickness + 1);
            Box b = d.box();
            double tagHeight = size.height + baseline[0] + 2 * pad;
            double left = Math.max(0, Math.min(b.x1(), canvas.cols() - size.width - 2 * pad));
            double top = b.y1() - tagHeight >= 0 ? b.y1() - tagHeight : b.y1();
            Scalar background = colors.color(d);
            Imgproc.rectangle(canvas, new Point(left, top),
                    new Point(left + size.width + 2 * pad, top + tagHeight), background, Imgproc.FILLED);
            Imgproc.putText(canvas, text, new Point(left + pad, top + pad + size.height), FONT, scale,
                    ColorPalette.textColorOn(background), thickness, Imgproc.LINE_AA);
        }
    }
}
