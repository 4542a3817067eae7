package dev.vision.core.inference;

import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.YoloxDecoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/** YOLOX: top-left letterbox padded with 114, BGR, raw 0–255 values; grid-relative outputs. */
public final class YoloxTranslator extends DetectionTranslator {

    public YoloxTranslator(int width, int height, List<String> labels, DetectionFilter filter) {
        super(new InputSpec(width, height, InputSpec.Resize.LETTERBOX_TOP_LEFT, false,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1.0, 114), new YoloxDecoder(), labels, filter);
    }
}
