package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/**
 * Turns a detector's raw outputs for one image of a batch into candidate boxes in model-input pixels,
 * keeping for each anchor its best allowed class when that class's score reaches the threshold.
 * One implementation per output format; no NMS (unless the model did its own, see
 * {@link #suppressesItself()}), no mapping back to the original image.
 */
public interface DetectionDecoder {

    void decode(List<OutputTensor> outputs, int batchIndex, InputSpec input, DetectionFilter filter, Candidates out);

    /**
     * The number of classes the outputs hold, after checking that they have this format's shape for this
     * input size; throws a clear error (what the format expects, what the model gave) when they do not.
     */
    int classes(List<OutputTensor> outputs, InputSpec input);

    /** Whether the model's boxes are final (an end-to-end export): then no NMS follows the decoder. */
    default boolean suppressesItself() {
        return false;
    }

    /** Anchors of a YOLO-style head with strides 8, 16 and 32 on an input of this size, times {@code perCell}. */
    static int gridAnchors(InputSpec input, int perCell) {
        int n = 0;
        for (int s : new int[] {8, 16, 32}) {
            n += (input.width() / s) * (input.height() / s);
        }
        return n * perCell;
    }

    /** Throws a clear error when the outputs do not have the shape this format needs. */
    static void require(boolean condition, String format, List<OutputTensor> outputs, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(
                    format + " decoder: expected " + expected + ", the model gave " + outputs);
        }
    }
}
