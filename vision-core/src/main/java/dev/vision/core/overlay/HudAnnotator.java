package dev.vision.core.overlay;

import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A heads-up line in the top-left corner: the frame's own stream's frames per second and the objects counted
 * per class.
 */
public final class HudAnnotator implements Annotator {

    private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

    private final IntToDoubleFunction fpsOfStream;

    /** @param fps the rate shown on every frame */
    public HudAnnotator(DoubleSupplier fps) {
        this.fpsOfStream = stream -> fps.getAsDouble();
    }

    /** @param fpsOfStream the rate of each stream: a frame shows its own stream's, not the whole run's */
    public HudAnnotator(IntToDoubleFunction fpsOfStream) {
        this.fpsOfStream = fpsOfStream;
    }

    @Override
    public void annotate(Mat canvas, FrameResult result) {
        draw(canvas, text(result));
    }

    /** The line drawn: {@code 2.6 FPS | 3 person}. */
    String text(FrameResult result) {
        String counts;
        if (result instanceof DetectionResult) {
            Map<String, Long> perClass = result.countedLabels().stream()
                    .collect(Collectors.groupingBy(label -> label, TreeMap::new, Collectors.counting()));
            counts = perClass.isEmpty()
                    ? "no objects"
                    : perClass.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", "));
        } else {
            counts = String.join("", result.countedLabels());
        }
        return String.format(Locale.ROOT, "%.1f FPS | %s", fpsOfStream.applyAsDouble(result.meta().stream()), counts);
    }

    private void draw(Mat canvas, String text) {
        double scale = Style.fontScale(canvas) * 0.9;
        int thickness = Math.max(1, (int) Math.round(scale * 2));
        int[] baseline = new int[1];
        Size size = Imgproc.getTextSize(text, FONT, scale, thickness, baseline);
        int pad = 4;
        Imgproc.rectangle(
                canvas,
                new Point(0, 0),
                new Point(size.width + 2 * pad, size.height + baseline[0] + 2 * pad),
                new Scalar(0, 0, 0),
                Imgproc.FILLED);
        Style.reserve(canvas, new double[] {0, 0, size.width + 2 * pad, size.height + baseline[0] + 2 * pad});
        Imgproc.putText(
                canvas,
                text,
                new Point(pad, pad + size.height),
                FONT,
                scale,
                new Scalar(255, 255, 255),
                thickness,
                Imgproc.LINE_AA);
    }
}
