package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * YOLOv8 / YOLO11 exports: [N, 4 + classes, anchors] (as Ultralytics exports them) or the transposed
 * [N, anchors, 4 + classes]; boxes decoded to input pixels (cx, cy, w, h), class probabilities with no
 * objectness. The layout is told apart by which axis is shorter: there are far more anchors than classes.
 */
public final class Yolov8Decoder implements DetectionDecoder {

    @Override
    public int classes(List<OutputTensor> outputs, InputSpec input) {
        OutputTensor t = outputs.get(0);
        int expected = DetectionDecoder.gridAnchors(input, 1);
        // Ultralytics exports channels first; [N, anchors, 5 + classes] (YOLOX, YOLOv5) must not pass as one
        boolean ok = t.rank() == 3 && t.dim(2) == expected && t.dim(1) > 4;
        DetectionDecoder.require(
                ok,
                "YOLOv8",
                outputs,
                "[N, 4 + classes, " + expected + "] for a " + input.width() + "x" + input.height() + " input");
        return t.dim(1) - 4;
    }

    @Override
    public void decode(List<OutputTensor> outputs, int b, InputSpec input, DetectionFilter filter, Candidates out) {
        OutputTensor t = outputs.get(0);
        DetectionDecoder.require(
                t.rank() == 3 && Math.min(t.dim(1), t.dim(2)) > 4, "YOLOv8", outputs, "[N, 4 + classes, anchors]");
        boolean channelsFirst = t.dim(1) < t.dim(2);
        int anchors = channelsFirst ? t.dim(2) : t.dim(1);
        int channels = channelsFirst ? t.dim(1) : t.dim(2);
        int classes = channels - 4;
        // element (anchor a, channel k) sits at base + a*anchorStep + k*channelStep
        int anchorStep = channelsFirst ? 1 : channels;
        int channelStep = channelsFirst ? anchors : 1;
        float[] d = t.data();
        int base = b * t.itemSize();
        float conf = filter.confidence();
        for (int a = 0; a < anchors; a++) {
            int o = base + a * anchorStep;
            int best = ClassScores.best(d, o + 4 * channelStep, channelStep, classes, filter);
            float bestScore = best < 0 ? 0f : d[o + 4 * channelStep + best * channelStep];
            if (best >= 0 && bestScore >= conf) {
                out.addCentered(
                        d[o], d[o + channelStep], d[o + 2 * channelStep], d[o + 3 * channelStep], bestScore, best);
            }
        }
    }
}
