package dev.vision.core.inference;

import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.PicodetDecoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/** PP-PicoDet: plain resize, BGR, ImageNet mean and std on 0–255 values; GFL distance outputs. */
public final class PicodetTranslator extends DetectionTranslator {

    public PicodetTranslator(int width, int height, List<String> labels, DetectionFilter filter) {
        super(new InputSpec(width, height, InputSpec.Resize.STRETCH, false,
                new double[] {103.53, 116.28, 123.675}, new double[] {57.375, 57.12, 58.395}, 1.0, 0),
                new PicodetDecoder(), labels, filter);
    }
}
