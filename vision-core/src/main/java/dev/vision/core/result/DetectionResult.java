package dev.vision.core.result;

import dev.vision.core.frame.FrameMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The objects a detector found in one frame, highest score first within each class; after tracking, with
 * the events of the frame and its lines' and zones' counts so far. A frame the model skipped (motion gating)
 * carries the objects of an earlier frame and names it in {@code carriedFromFrame}.
 */
public record DetectionResult(
        FrameMeta meta,
        List<Detection> detections,
        StageTimings timings,
        List<TrackEvent> events,
        TrackCounts counts,
        OptionalLong carriedFromFrame)
        implements FrameResult {

    public DetectionResult {
        Objects.requireNonNull(meta);
        Objects.requireNonNull(timings);
        detections = List.copyOf(detections);
        events = List.copyOf(events);
        Objects.requireNonNull(counts);
        Objects.requireNonNull(carriedFromFrame);
    }

    /** A detector's answer: no events, no counts. */
    public DetectionResult(FrameMeta meta, List<Detection> detections, StageTimings timings) {
        this(meta, detections, timings, List.of(), TrackCounts.NONE, OptionalLong.empty());
    }

    /** Frame {@code meta}, which the model skipped, with the objects of {@code earlier}. */
    public static DetectionResult carried(DetectionResult earlier, FrameMeta meta) {
        return new DetectionResult(
                meta,
                earlier.detections(),
                StageTimings.ZERO,
                List.of(),
                TrackCounts.NONE,
                OptionalLong.of(earlier.meta().index()));
    }

    /** The same frame with other detections (after tracking or filtering). */
    public DetectionResult withDetections(List<Detection> changed) {
        return new DetectionResult(meta, changed, timings, events, counts, carriedFromFrame);
    }

    /** The same frame with {@code more} events after its own. */
    public DetectionResult withEvents(List<TrackEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<TrackEvent> all = new ArrayList<>(events);
        all.addAll(more);
        return new DetectionResult(meta, detections, timings, all, counts, carriedFromFrame);
    }

    /** The same frame with {@code changed} instead of its events. */
    public DetectionResult withEventsReplaced(List<TrackEvent> changed) {
        return new DetectionResult(meta, detections, timings, changed, counts, carriedFromFrame);
    }

    /** The same frame with its lines' and zones' counts so far. */
    public DetectionResult withCounts(TrackCounts changed) {
        return new DetectionResult(meta, detections, timings, events, changed, carriedFromFrame);
    }

    @Override
    public List<String> countedLabels() {
        return detections.stream().map(Detection::label).toList();
    }
}
