package dev.vision.spark;

import dev.vision.core.model.ModelFamily;
import java.io.Serializable;
import java.util.List;

/** What every task of a job needs to know: the model and its settings, the batch size. Sent to executors. */
record JobSettings(ModelKey model, int batch) implements Serializable {

    /**
     * A model, where to find it and the settings it is built with; equal keys share one loaded model per
     * executor.
     *
     * @param mirrors model folders or URLs every executor can read (the driver's VISION_MODEL_MIRROR by default)
     */
    record ModelKey(
            ModelFamily.Task task,
            String model,
            String engine,
            String device,
            int threads,
            int topK,
            float conf,
            float iou,
            int maxDetections,
            List<String> mirrors)
            implements Serializable {}
}
