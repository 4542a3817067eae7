package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.Map;
import java.util.TreeMap;

/** Counters and timing sums of a run; read once the run has ended. */
public final class RunStats {

    private long processed;
    private long skipped;
    private long detections;
    private final Map<String, Long> perLabel = new TreeMap<>();
    private double preprocessMs;
    private double inferenceMs;
    private double postprocessMs;
    private long startNanos = System.nanoTime();
    private long endNanos;

    void started() {
        startNanos = System.nanoTime();
    }

    void ended() {
        endNanos = System.nanoTime();
    }

    void add(FrameResult r) {
        processed++;
        StageTimings t = r.timings();
        preprocessMs += t.preprocessMs();
        inferenceMs += t.inferenceMs();
        postprocessMs += t.postprocessMs();
        if (r.isDetection()) {
            detections += r.detections().size();
            r.detections().forEach(d -> perLabel.merge(d.label(), 1L, Long::sum));
        } else if (!r.classes().isEmpty()) {
            perLabel.merge(r.classes().get(0).label(), 1L, Long::sum);
        }
    }

    void skip() {
        skipped++;
    }

    public long processed() {
        return processed;
    }

    public long skipped() {
        return skipped;
    }

    public long detections() {
        return detections;
    }

    /** Objects per label for detection, or images per top-1 label for classification. */
    public Map<String, Long> perLabel() {
        return Map.copyOf(perLabel);
    }

    public StageTimings meanTimings() {
        if (processed == 0) {
            return StageTimings.ZERO;
        }
        return new StageTimings(preprocessMs / processed, inferenceMs / processed, postprocessMs / processed);
    }

    public double wallSeconds() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }
}
