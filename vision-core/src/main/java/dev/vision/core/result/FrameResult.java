package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.List;

/**
 * What the model said about one frame or image: a {@link DetectionResult} or a {@link ClassificationResult}.
 * Immutable, holds no native memory: it can cross threads and outlive the frame it describes. Result
 * stages (a tracker, a counter) return a changed copy rather than changing one.
 */
public sealed interface FrameResult permits DetectionResult, ClassificationResult {

    FrameMeta meta();

    /** Time each model stage took for this frame (its share of the batch). */
    StageTimings timings();

    /** The labels this result counts under: every detection's, or the top-1 class. */
    List<String> countedLabels();

    static DetectionResult ofDetections(FrameMeta meta, List<Detection> detections, StageTimings timings) {
        return new DetectionResult(meta, detections, timings);
    }

    static ClassificationResult ofClasses(FrameMeta meta, List<Classification> classes, StageTimings timings) {
        return new ClassificationResult(meta, classes, timings);
    }
}
