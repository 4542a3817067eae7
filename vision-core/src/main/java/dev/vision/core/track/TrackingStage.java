package dev.vision.core.track;

import dev.vision.core.analytics.LineCounter;
import dev.vision.core.analytics.ZoneCounter;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.LineTally;
import dev.vision.core.result.TrackCounts;
import dev.vision.core.result.TrackEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.opencv.core.Mat;

/**
 * The result stage that tracks one source: every detection gets its track's id, and the frame gets the
 * events of its tracks ({@code object_appeared}, {@code line_crossed}, {@code zone_entered},
 * {@code zone_left}, {@code object_left}), the line crossings so far per direction and class
 * and the zone occupancy per class as its {@link TrackCounts} (in JSON,
 * {@code "lines": {"gate": {"in": {"person": 3}, "out": {}}}} and {@code "zones": {"bay": {"person": 2}}}). Detections not (yet) part of a confirmed track are dropped from a tracked
 * result. Not thread-safe: the pipeline runs stages on one thread in frame order.
 */
public final class TrackingStage implements ResultStage {

    private final Tracker tracker;
    private volatile List<LineCounter> lines;
    private volatile List<ZoneCounter> zones;
    /** New lines and zones handed over by {@link #reshape}, taken at the next frame. */
    private final AtomicReference<Shape> pending = new AtomicReference<>();

    private int width;
    private int height;
    private final Map<String, Long> tracksPerClass = new TreeMap<>();
    private final Consumer<String> warnings;
    private final FollowingCheck following = new FollowingCheck();
    private boolean fitted;

    /** A stage whose lines or zones outside the frame are not reported. */
    public TrackingStage(Tracker tracker, List<LineCounter> lines, List<ZoneCounter> zones) {
        this(tracker, lines, zones, w -> {});
    }

    /**
     * @param warnings told, with the first frame, of each line or zone that lies wholly outside it (the run
     *                 goes on; it counts nothing), and once, of a source processed too rarely for the tracker to
     *                 follow its objects
     */
    public TrackingStage(Tracker tracker, List<LineCounter> lines, List<ZoneCounter> zones, Consumer<String> warnings) {
        this.tracker = tracker;
        this.lines = List.copyOf(lines);
        this.zones = List.copyOf(zones);
        this.warnings = warnings;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        return track(result, Appearance.NONE);
    }

    @Override
    public FrameResult apply(FrameResult result, Mat image) {
        return track(
                result,
                image == null || image.empty()
                        ? Appearance.NONE
                        : new ColorHistograms(image, result.meta().width()));
    }

    private FrameResult track(FrameResult result, Appearance appearance) {
        if (!(result instanceof DetectionResult frame)) {
            return result;
        }
        if (!fitted) {
            fitted = true;
            width = frame.meta().width();
            height = frame.meta().height();
            lines.forEach(l -> l.fitTo(width, height).ifPresent(warnings));
            zones.forEach(z -> z.fitTo(width, height).ifPresent(warnings));
        }
        Shape shape = pending.getAndSet(null);
        if (shape != null) {
            takeShape(shape);
        }
        long now = frame.meta().timestampMs();
        Tracker.Update update = tracker.update(frame.detections(), now, appearance);
        List<TrackEvent> events = new ArrayList<>();
        for (Tracker.TrackedObject o : update.appeared()) {
            tracksPerClass.merge(o.label(), 1L, Long::sum);
            events.add(new TrackEvent.Appeared(o.id(), o.label()));
        }
        List<Detection> tracked = update.tracked();
        String stream = frame.meta().streamName();
        boolean onlySource = frame.meta().stream() == 0 && "0".equals(stream);
        following
                .update(tracked, now, stream == null || onlySource ? "" : stream)
                .ifPresent(warnings);
        List<LineCounter> lines = this.lines;
        List<ZoneCounter> zones = this.zones;
        for (LineCounter line : lines) {
            events.addAll(line.update(tracked));
        }
        for (ZoneCounter zone : zones) {
            events.addAll(zone.update(tracked, now));
        }
        for (Tracker.TrackedObject o : update.left()) {
            for (LineCounter line : lines) {
                line.forget(o.id());
            }
            for (ZoneCounter zone : zones) {
                events.addAll(zone.forget(o.id(), now));
            }
            events.add(new TrackEvent.Lost(o.id(), o.label()));
        }
        DetectionResult out = frame.withDetections(tracked).withEvents(events);
        if (lines.isEmpty() && zones.isEmpty()) {
            return out;
        }
        Map<String, LineTally> tallies = new LinkedHashMap<>();
        lines.forEach(l -> tallies.put(l.name(), l.tally()));
        Map<String, Map<String, Long>> occupancy = new LinkedHashMap<>();
        zones.forEach(z -> occupancy.put(z.name(), z.occupancy()));
        return out.withCounts(new TrackCounts(tallies, occupancy));
    }

    /**
     * Replaces the lines and zones from the next frame on, from any thread, while tracks go on: a line or zone
     * equal to one this stage has (same name, same points) keeps its counter and its totals; a changed or new
     * one starts from zero; one left out is gone. Reshaping again before the next frame replaces the earlier
     * request.
     */
    public void reshape(List<Line> newLines, List<Zone> newZones, Anchor anchor) {
        pending.set(new Shape(List.copyOf(newLines), List.copyOf(newZones), anchor));
    }

    private record Shape(List<Line> lines, List<Zone> zones, Anchor anchor) {}

    private void takeShape(Shape shape) {
        List<LineCounter> nextLines = new ArrayList<>();
        for (Line line : shape.lines()) {
            nextLines.add(lines.stream()
                    .filter(c -> c.given().equals(line))
                    .findFirst()
                    .orElseGet(() -> fitted(new LineCounter(line, shape.anchor()))));
        }
        List<ZoneCounter> nextZones = new ArrayList<>();
        for (Zone zone : shape.zones()) {
            nextZones.add(zones.stream()
                    .filter(c -> c.zone().equals(zone))
                    .findFirst()
                    .orElseGet(() -> fitted(new ZoneCounter(zone, shape.anchor()))));
        }
        lines = List.copyOf(nextLines);
        zones = List.copyOf(nextZones);
    }

    private LineCounter fitted(LineCounter counter) {
        counter.fitTo(width, height).ifPresent(warnings);
        return counter;
    }

    private ZoneCounter fitted(ZoneCounter counter) {
        counter.fitTo(width, height).ifPresent(warnings);
        return counter;
    }

    /** Tracks confirmed so far, per class. */
    public Map<String, Long> tracksPerClass() {
        return new TreeMap<>(tracksPerClass);
    }

    /** The line counters of this source, with their counts so far. */
    public List<LineCounter> lines() {
        return lines;
    }

    /**
     * The counter of the line named {@code name}, with its counts so far.
     *
     * @throws IllegalArgumentException when this stage has no line of that name
     */
    public LineCounter line(String name) {
        return lines.stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no line named '" + name + "'"));
    }

    /** The zone counters of this source, with their occupancy and visits so far. */
    public List<ZoneCounter> zones() {
        return zones;
    }

    @Override
    public void reset() {
        tracker.reset();
    }

    /**
     * The run's totals: tracks per class, crossings per line, direction and class, and per zone the entries,
     * the visits that ended with their mean and longest dwell, and who is inside at the end.
     */
    public TrackingSummary summary() {
        Map<String, LineTally> lineCounts = new LinkedHashMap<>();
        lines.forEach(l -> lineCounts.put(l.name(), l.tally()));
        Map<String, TrackingSummary.ZoneVisits> zoneVisits = new LinkedHashMap<>();
        for (ZoneCounter z : zones) {
            List<Long> dwells = z.dwellsMs();
            zoneVisits.put(
                    z.name(),
                    new TrackingSummary.ZoneVisits(
                            z.entered(),
                            dwells.size(),
                            Math.round(dwells.stream()
                                    .mapToLong(Long::longValue)
                                    .average()
                                    .orElse(0)),
                            dwells.stream().mapToLong(Long::longValue).max().orElse(0),
                            z.occupancy()));
        }
        return new TrackingSummary(tracksPerClass, lineCounts, zoneVisits, following.verdict());
    }
}
