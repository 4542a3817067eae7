package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.List;

/** The objects a detector found in one frame, highest score first within each class. */
public record DetectionResult(FrameMeta meta, List<Detection> detections, StageTimings timings)
        implements FrameResult {

    public DetectionResult {
        detections = List.copyOf(detections);
    }

    /** The same frame with other detections (after tracking or filtering). */
    public DetectionResult withDetections(List<Detection> changed) {
        return new DetectionResult(meta, changed, timings);
    }

    @Override
    public List<String> countedLabels() {
        return detections.stream().map(Detection::label).toList();
    }
}
