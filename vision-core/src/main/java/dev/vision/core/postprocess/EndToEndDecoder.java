package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * End-to-end exports (YOLOv10, YOLO26 and others that do their own suppression): one output
 * [N, rows, 6] of box, score and class, best first, padded with zero-score rows; the boxes are final, so
 * no NMS follows ({@link #suppressesItself()}). Rows below the confidence threshold and classes not allowed
 * are left out.
 */
public final class EndToEndDecoder implements DetectionDecoder {

    /** How the four box numbers of a row are meant. */
    public enum BoxFormat {
        /** Corners: x1, y1, x2, y2 (Ultralytics' end-to-end exports). */
        XYXY,
        /** Centre and size: cx, cy, w, h. */
        CXCYWH
    }

    /** The longest row count taken for an end-to-end output: more would be an anchor grid, not final boxes. */
    public static final int MAX_ROWS = 1000;

    private final BoxFormat format;

    public EndToEndDecoder(BoxFormat format) {
        this.format = format;
    }

    /** Whether an output of this shape is an end-to-end detector's: [N, rows ≤ 1000, 6]. */
    public static boolean looksLikeOne(long[] shape) {
        return shape.length == 3 && shape[2] == 6 && shape[1] > 0 && shape[1] <= MAX_ROWS;
    }

    @Override
    public boolean suppressesItself() {
        return true;
    }

    @Override
    public int classes(List<OutputTensor> outputs, InputSpec input) {
        OutputTensor t = outputs.get(0);
        DetectionDecoder.require(
                outputs.size() == 1 && looksLikeOne(t.shape()),
                "end-to-end",
                outputs,
                "one output [N, rows, 6] (x1, y1, x2, y2, score, class per row)");
        return 0; // the class count is not in the shape: the labels say it
    }

    @Override
    public void decode(List<OutputTensor> outputs, int b, InputSpec input, DetectionFilter filter, Candidates out) {
        OutputTensor t = outputs.get(0);
        float[] d = t.data();
        int rows = t.dim(1);
        int base = b * t.itemSize();
        for (int r = 0; r < rows; r++) {
            int o = base + r * 6;
            float score = d[o + 4];
            int cls = Math.round(d[o + 5]);
            if (score < filter.confidence() || cls < 0 || !filter.allows(cls)) {
                continue; // a padding row, too weak, or a class not asked for
            }
            if (format == BoxFormat.XYXY) {
                out.add(d[o], d[o + 1], d[o + 2], d[o + 3], score, cls);
            } else {
                out.addCentered(d[o], d[o + 1], d[o + 2], d[o + 3], score, cls);
            }
        }
    }
}
