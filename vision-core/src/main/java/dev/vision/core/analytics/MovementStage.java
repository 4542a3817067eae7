package dev.vision.core.analytics;

import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turning movements: each tracked object's path is the ordered list of lines (with their direction) and zones it
 * passed; its first and last are its origin and destination, counted per class. A stage after tracking, fed by
 * its events; when the track of an object that passed two or more ends, the frame gets a
 * {@link TrackEvent.Movement} just before its {@link TrackEvent.Lost} (for JSON lines, MQTT, webhooks and the event store). An object that passed fewer
 * has no movement. One source's; its matrix may be read from another thread while it runs.
 */
public final class MovementStage implements ResultStage {

    private final Map<Long, List<String>> paths = new HashMap<>();
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<String, Map<String, Map<String, Long>>> ended = new TreeMap<>();

    @Override
    public synchronized FrameResult apply(FrameResult result) {
        if (!(result instanceof DetectionResult frame)) {
            return result;
        }
        List<TrackEvent> events = new ArrayList<>(frame.events().size());
        boolean moved = false;
        for (TrackEvent e : frame.events()) {
            if (e instanceof TrackEvent.LineCrossed crossed) {
                passed(e, crossed.line() + " " + crossed.direction().id());
            } else if (e instanceof TrackEvent.ZoneEntered entered) {
                passed(e, entered.zone());
            } else if (e instanceof TrackEvent.Lost) {
                List<String> path = paths.remove(e.trackId());
                labels.remove(e.trackId());
                if (count(ended, path, e.label())) {
                    // just before the object's departure, while its record is still open
                    events.add(new TrackEvent.Movement(e.trackId(), e.label(), path.get(0), path.get(path.size() - 1)));
                    moved = true;
                }
            }
            events.add(e);
        }
        return moved ? frame.withEventsReplaced(events) : result;
    }

    private void passed(TrackEvent e, String place) {
        paths.computeIfAbsent(e.trackId(), id -> new ArrayList<>()).add(place);
        labels.put(e.trackId(), e.label());
    }

    /** Counts the path's movement; false when it has none (fewer than two places). */
    private static boolean count(Map<String, Map<String, Map<String, Long>>> into, List<String> path, String label) {
        if (path == null || path.size() < 2) {
            return false;
        }
        into.computeIfAbsent(path.get(0), o -> new TreeMap<>())
                .computeIfAbsent(path.get(path.size() - 1), d -> new TreeMap<>())
                .merge(label, 1L, Long::sum);
        return true;
    }

    /** Origin → destination → class → objects: those whose track ended, and those still tracked. */
    public synchronized Map<String, Map<String, Map<String, Long>>> matrix() {
        Map<String, Map<String, Map<String, Long>>> all = new TreeMap<>();
        ended.forEach((o, ds) -> ds.forEach((d, cs) -> cs.forEach((c, n) -> all.computeIfAbsent(o, k -> new TreeMap<>())
                .computeIfAbsent(d, k -> new TreeMap<>())
                .merge(c, n, Long::sum))));
        paths.forEach((id, path) -> count(all, path, labels.get(id)));
        return all;
    }

    /** The matrix as summary lines: "Movement north in -> east out: 3 car, 1 truck." */
    public static List<String> lines(Map<String, Map<String, Map<String, Long>>> matrix, String prefix) {
        List<String> out = new ArrayList<>();
        matrix.forEach((origin, destinations) -> destinations.forEach((destination, classes) -> out.add(String.format(
                Locale.ROOT,
                "%sMovement %s -> %s: %s.",
                prefix,
                origin,
                destination,
                classes.entrySet().stream()
                        .map(c -> c.getValue() + " " + c.getKey())
                        .collect(Collectors.joining(", "))))));
        return out;
    }

    /** Each stream's matrix, by stream. */
    public static Map<Integer, Map<String, Map<String, Map<String, Long>>>> matrices(
            PerStreamStage<MovementStage> all) {
        Map<Integer, Map<String, Map<String, Map<String, Long>>>> out = new TreeMap<>();
        all.byStream().forEach((i, m) -> out.put(i, m.matrix()));
        return out;
    }

    /** Every stream's movements as summary lines, each led by its stream's name when there are several. */
    public static List<String> lines(PerStreamStage<MovementStage> all) {
        boolean several = all.byStream().size() > 1;
        List<String> out = new ArrayList<>();
        all.byStream().forEach((i, m) -> out.addAll(lines(m.matrix(), several ? "Stream " + all.name(i) + ": " : "")));
        return out;
    }

    @Override
    public synchronized void reset() {
        paths.clear();
        labels.clear();
    }
}
