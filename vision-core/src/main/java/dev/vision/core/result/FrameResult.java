package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.List;

/**
 * What the model said about one frame or image. Immutable, holds no native memory: it can cross threads
 * and outlive the frame it describes.
 */
public record FrameResult(FrameMeta meta, List<Detection> detections, List<Classification> classes,
                          StageTimings timings) {

    public FrameResult {
        detections = detections == null ? null : List.copyOf(detections);
        classes = classes == null ? null : List.copyOf(classes);
    }

    public static FrameResult ofDetections(FrameMeta meta, List<Detection> detections, StageTimings timings) {
        return new FrameResult(meta, detections, null, timings);
    }

    public static FrameResult ofClasses(FrameMeta meta, List<Classification> classes, StageTimings timings) {
        return new FrameResult(meta, null, classes, timings);
    }

    public boolean isDetection() {
        return detections != null;
    }
}
