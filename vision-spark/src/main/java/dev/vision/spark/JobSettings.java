package dev.vision.spark;

import java.io.Serializable;

/** What every task of a job needs to know: the model and its settings, the batch size. Sent to executors. */
record JobSettings(ModelKey model, int batch) implements Serializable {

    /** A model and the settings it was built with; equal keys share one loaded model per executor. */
    record ModelKey(boolean classification, String model, String engine, String device, int threads, int topK, float conf,
                    float iou, int maxDetections) implements Serializable {
    }
}
