package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * YOLOv5-style exports: [N, anchors, 5 + classes] with boxes already decoded to input pixels
 * (cx, cy, w, h), then objectness and class probabilities; score = objectness × class probability.
 */
public final class Yolov5Decoder implements DetectionDecoder {

    @Override
    public int classes(List<OutputTensor> outputs, InputSpec input) {
        OutputTensor t = outputs.get(0);
        int expected = DetectionDecoder.gridAnchors(input, 3);
        DetectionDecoder.require(
                t.rank() == 3 && t.dim(2) > 5 && t.dim(1) == expected,
                "YOLOv5",
                outputs,
                "[N, " + expected + ", 5 + classes] for a " + input.width() + "x" + input.height() + " input");
        return t.dim(2) - 5;
    }

    @Override
    public void decode(List<OutputTensor> outputs, int b, InputSpec input, DetectionFilter filter, Candidates out) {
        OutputTensor t = outputs.get(0);
        DetectionDecoder.require(t.rank() == 3 && t.dim(2) > 5, "YOLOv5", outputs, "[N, anchors, 5 + classes]");
        int anchors = t.dim(1);
        int row = t.dim(2);
        int classes = row - 5;
        float[] d = t.data();
        int base = b * t.itemSize();
        float conf = filter.confidence();
        for (int a = 0; a < anchors; a++) {
            int o = base + a * row;
            float objectness = d[o + 4];
            if (objectness < conf) {
                continue;
            }
            int best = ClassScores.best(d, o + 5, 1, classes, filter);
            float bestScore = best < 0 ? 0f : d[o + 5 + best];
            float score = objectness * bestScore;
            if (best >= 0 && score >= conf) {
                out.addCentered(d[o], d[o + 1], d[o + 2], d[o + 3], score, best);
            }
        }
    }
}
