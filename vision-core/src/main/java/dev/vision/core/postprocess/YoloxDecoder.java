package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * YOLOX heads without in-model decoding: [N, anchors, 5 + classes] holding grid-relative cx, cy, log w,
 * log h, then objectness and class scores (already sigmoid), anchors ordered stride 8, 16, 32, row-major.
 */
public final class YoloxDecoder implements DetectionDecoder {

    private static final int[] STRIDES = {8, 16, 32};

    @Override
    public int classes(List<OutputTensor> outputs, InputSpec input) {
        OutputTensor t = outputs.get(0);
        int expected = DetectionDecoder.gridAnchors(input, 1);
        DetectionDecoder.require(
                outputs.size() == 1 && t.rank() == 3 && t.dim(2) > 5 && t.dim(1) == expected,
                "YOLOX",
                outputs,
                "one output [N, " + expected + ", 5 + classes] for a " + input.width() + "x" + input.height()
                        + " input");
        return t.dim(2) - 5;
    }

    @Override
    public void decode(List<OutputTensor> outputs, int b, InputSpec input, DetectionFilter filter, Candidates out) {
        OutputTensor t = outputs.get(0);
        DetectionDecoder.require(t.rank() == 3 && t.dim(2) > 5, "YOLOX", outputs, "[N, anchors, 5 + classes]");
        int anchors = t.dim(1);
        int row = t.dim(2);
        int classes = row - 5;
        int expected = 0;
        for (int s : STRIDES) {
            expected += (input.width() / s) * (input.height() / s);
        }
        DetectionDecoder.require(
                anchors == expected,
                "YOLOX",
                outputs,
                expected + " anchors for a " + input.width() + "x" + input.height() + " input");
        float[] d = t.data();
        int base = b * t.itemSize();
        int anchor = 0;
        float conf = filter.confidence();
        for (int stride : STRIDES) {
            int gw = input.width() / stride;
            int gh = input.height() / stride;
            for (int gy = 0; gy < gh; gy++) {
                for (int gx = 0; gx < gw; gx++, anchor++) {
                    int o = base + anchor * row;
                    float objectness = d[o + 4];
                    if (objectness < conf) {
                        continue; // class scores are at most 1, so no class can reach the threshold
                    }
                    int best = ClassScores.best(d, o + 5, 1, classes, filter);
                    float bestScore = best < 0 ? 0f : d[o + 5 + best];
                    float score = objectness * bestScore;
                    if (best < 0 || score < conf) {
                        continue;
                    }
                    float cx = (d[o] + gx) * stride;
                    float cy = (d[o + 1] + gy) * stride;
                    float w = (float) Math.exp(d[o + 2]) * stride;
                    float h = (float) Math.exp(d[o + 3]) * stride;
                    out.addCentered(cx, cy, w, h, score, best);
                }
            }
        }
    }
}
