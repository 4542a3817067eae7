package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a detector found in one frame, highest score first within each class; after tracking, with
 * the events of the frame and its lines' and zones' counts so far; and free-form per-frame data that result
 * stages add, written to the JSON lines under their own keys.
 */
public record DetectionResult(
        FrameMeta meta,
        List<Detection> detections,
        StageTimings timings,
        List<TrackEvent> events,
        Map<String, Object> data,
        TrackCounts counts)
        implements FrameResult {

    public DetectionResult {
        detections = List.copyOf(detections);
        events = events == null ? List.of() : List.copyOf(events);
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        counts = counts == null ? TrackCounts.NONE : counts;
    }

    /** A frame with events and data and no tracking counts. */
    public DetectionResult(
            FrameMeta meta,
            List<Detection> detections,
            StageTimings timings,
            List<TrackEvent> events,
            Map<String, Object> data) {
        this(meta, detections, timings, events, data, TrackCounts.NONE);
    }

    /** A detector's answer: no events, no data. */
    public DetectionResult(FrameMeta meta, List<Detection> detections, StageTimings timings) {
        this(meta, detections, timings, List.of(), Map.of());
    }

    /** The same frame with other detections (after tracking or filtering). */
    public DetectionResult withDetections(List<Detection> changed) {
        return new DetectionResult(meta, changed, timings, events, data, counts);
    }

    /** The same frame with {@code more} events after its own. */
    public DetectionResult withEvents(List<TrackEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<TrackEvent> all = new java.util.ArrayList<>(events);
        all.addAll(more);
        return new DetectionResult(meta, detections, timings, all, data, counts);
    }

    /** The same frame with {@code key} set to {@code value} in its data. */
    public DetectionResult withData(String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(data);
        changed.put(key, value);
        return new DetectionResult(meta, detections, timings, events, changed, counts);
    }

    /** The same frame with its lines' and zones' counts so far. */
    public DetectionResult withCounts(TrackCounts changed) {
        return new DetectionResult(meta, detections, timings, events, data, changed);
    }

    @Override
    public List<String> countedLabels() {
        return detections.stream().map(Detection::label).toList();
    }
}
