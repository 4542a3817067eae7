package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.List;

/** A classifier's top-k classes for one frame, most probable first. */
public record ClassificationResult(FrameMeta meta, List<Classification> classes, StageTimings timings)
        implements FrameResult {

    public ClassificationResult {
        classes = List.copyOf(classes);
    }

    @Override
    public List<String> countedLabels() {
        return classes.isEmpty() ? List.of() : List.of(classes.get(0).label());
    }
}
