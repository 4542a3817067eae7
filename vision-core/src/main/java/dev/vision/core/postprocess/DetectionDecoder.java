package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * Turns a detector's raw outputs for one image of a batch into candidate boxes in model-input pixels,
 * keeping for each anchor its best allowed class when that class's score reaches the threshold.
 * One implementation per output format; no NMS, no mapping back to the original image.
 */
public interface DetectionDecoder {

    void decode(List<OutputTensor> outputs, int batchIndex, InputSpec input, DetectionFilter filter,
                Candidates out);

    /** Throws a clear error when the outputs do not have the shape this format needs. */
    static void require(boolean condition, String format, List<OutputTensor> outputs, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(format + " decoder: expected " + expected + ", the model gave "
                    + outputs);
        }
    }
}
