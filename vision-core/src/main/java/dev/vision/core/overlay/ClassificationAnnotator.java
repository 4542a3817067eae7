package dev.vision.core.overlay;

import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.FrameResult;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Lists the top classes with their probabilities in the top-left corner, on a dark panel. */
public final class ClassificationAnnotator implements Annotator {

    private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

    private final int lines;

    /** @param lines how many of the top classes to show */
    public ClassificationAnnotator(int lines) {
        this.lines = lines;
    }

    @Override
    public void annotate(Mat canvas, FrameResult result) {
        if (!(result instanceof ClassificationResult cr) || cr.classes().isEmpty()) {
            return;
        }
        double scale = Style.fontScale(canvas);
        int thickness = Math.max(1, (int) Math.round(scale * 2));
        int n = Math.min(lines, cr.classes().size());
        String[] texts = new String[n];
        double width = 0;
        double lineHeight = 0;
        int[] baseline = new int[1];
        for (int i = 0; i < n; i++) {
            Classification c = cr.classes().get(i);
            texts[i] = String.format(Locale.ROOT, "%s %.2f", c.label(), c.score());
            Size size = Imgproc.getTextSize(texts[i], FONT, scale, thickness, baseline);
            width = Math.max(width, size.width);
            lineHeight = Math.max(lineHeight, size.height + baseline[0] + 4);
        }
        int pad = 6;
        Imgproc.rectangle(
                canvas,
                new Point(0, 0),
                new Point(width + 2 * pad, n * lineHeight + 2 * pad),
                new Scalar(0, 0, 0),
                Imgproc.FILLED);
        for (int i = 0; i < n; i++) {
            Scalar color = i == 0 ? new Scalar(255, 255, 255) : new Scalar(200, 200, 200);
            Imgproc.putText(
                    canvas,
                    texts[i],
                    new Point(pad, pad + (i + 1) * lineHeight - baseline[0] - 2),
                    FONT,
                    scale,
                    color,
                    thickness,
                    Imgproc.LINE_AA);
        }
    }
}
