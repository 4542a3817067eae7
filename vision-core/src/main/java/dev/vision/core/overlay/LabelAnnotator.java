package dev.vision.core.overlay;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        // lowest scores first, so the best answers are drawn last, on top
        List<Detection> ordered = new ArrayList<>(detections.detections());
        ordered.sort(Comparator.comparingDouble(Detection::score));
        List<double[]> placed = new ArrayList<>(Style.reserved(canvas)); // the HUD, then tags: x1, y1, x2, y2
        List<Runnable> drawings = new ArrayList<>();
        for (int i = ordered.size() - 1; i >= 0; i--) { // place the best first, where they like to be
            Detection d = ordered.get(i);
            String text = (d.trackId().isPresent()
                            ? String.format(
                                    Locale.ROOT, "#%d %s %.2f", d.trackId().getAsLong(), d.label(), d.score())
                            : String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()))
                    + (d.speedMps().isPresent()
                            ? String.format(
                                    Locale.ROOT, " %.1f m/s", d.speedMps().getAsDouble())
                            : "");
            int[] baseline = new int[1];
            Size size = Imgproc.getTextSize(text, FONT, scale, thickness, baseline);
            int pad = Math.max(2, thickness + 1);
            double w = size.width + 2 * pad;
            double h = size.height + baseline[0] + 2 * pad;
            double[] tag = place(d.box(), w, h, canvas, placed);
            placed.add(tag);
            Scalar background = colors.color(d);
            drawings.add(() -> {
                Imgproc.rectangle(
                        canvas, new Point(tag[0], tag[1]), new Point(tag[2], tag[3]), background, Imgproc.FILLED);
                Imgproc.putText(
                        canvas,
                        text,
                        new Point(tag[0] + pad, tag[1] + pad + size.height),
                        FONT,
                        scale,
                        ColorPalette.textColorOn(background),
                        thickness,
                        Imgproc.LINE_AA);
            });
        }
        for (int i = drawings.size() - 1; i >= 0; i--) {
            drawings.get(i).run(); // lowest score first, the best on top
        }
    }

    /**
     * Where a w × h tag of {@code box} goes: above the box, else inside its top, below it, inside its bottom
     * (the first that overlaps no tag placed so far), always within the image.
     */
    private static double[] place(Box box, double w, double h, Mat canvas, List<double[]> placed) {
        double left = Math.max(0, Math.min(box.x1(), canvas.cols() - w));
        double[] tops = {box.y1() - h, box.y1(), box.y2(), box.y2() - h};
        double[] first = null;
        for (double top : tops) {
            double t = Math.max(0, Math.min(top, canvas.rows() - h));
            double[] tag = {left, t, left + w, t + h};
            if (first == null) {
                first = tag;
            }
            if (placed.stream().noneMatch(o -> o[0] < tag[2] && tag[0] < o[2] && o[1] < tag[3] && tag[1] < o[3])) {
                return tag;
            }
        }
        return first; // nowhere free: the preferred place, drawn under better answers
    }
}
