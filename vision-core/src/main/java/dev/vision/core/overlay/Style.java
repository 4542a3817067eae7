package dev.vision.core.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/** Sizes that keep overlays legible from thumbnails to 4K frames. */
final class Style {

    private Style() {}

    static int lineWidth(Mat canvas) {
        return Math.max(1, (int) Math.round((canvas.cols() + canvas.rows()) / 2.0 * 0.003));
    }

    static double fontScale(Mat canvas) {
        return Math.max(0.4, (canvas.cols() + canvas.rows()) / 2.0 / 1000.0);
    }

    /**
     * Areas of the canvas being drawn on this thread that labels must keep clear of (the HUD): an annotator
     * drawn earlier reserves them, a later one reads them. Keyed by the canvas, so one frame's reservations
     * never apply to another.
     */
    private static final ThreadLocal<Map<Long, List<double[]>>> RESERVED = ThreadLocal.withInitial(HashMap::new);

    /** Reserves {@code area} of this frame's canvas, forgetting every earlier frame's reservations. */
    static void reserve(Mat canvas, double[] area) {
        Map<Long, List<double[]>> all = RESERVED.get();
        all.clear(); // a frame's first annotator reserves: what earlier canvases reserved is done with
        all.put(canvas.nativeObj, new ArrayList<>(List.of(area)));
    }

    static List<double[]> reserved(Mat canvas) {
        return RESERVED.get().getOrDefault(canvas.nativeObj, List.of());
    }
}
