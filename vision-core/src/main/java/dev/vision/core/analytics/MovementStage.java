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
 * its events; an object that passed fewer than two has no movement. One source's; not thread-safe.
 */
public final class MovementStage implements ResultStage {

    private final Map<Long, List<String>> paths = new HashMap<>();
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<String, Map<String, Map<String, Long>>> ended = new TreeMap<>();

    @Override
    public FrameResult apply(FrameResult result) {
        if (!(result instanceof DetectionResult frame)) {
            return result;
        }
        for (TrackEvent e : frame.events()) {
            if (e instanceof TrackEvent.LineCrossed crossed) {
                passed(e, crossed.line() + " " + crossed.direction().id());
            } else if (e instanceof TrackEvent.ZoneEntered entered) {
                passed(e, entered.zone());
            } else if (e instanceof TrackEvent.Lost) {
                List<String> path = paths.remove(e.trackId());
                labels.remove(e.trackId());
                count(ended, path, e.label());
            }
        }
        return result;
    }

    private void passed(TrackEvent e, String place) {
        paths.computeIfAbsent(e.trackId(), id -> new ArrayList<>()).add(place);
        labels.put(e.trackId(), e.label());
    }

    private static void count(Map<String, Map<String, Map<String, Long>>> into, List<String> path, String label) {
        if (path != null && path.size() >= 2) {
            into.computeIfAbsent(path.get(0), o -> new TreeMap<>())
                    .computeIfAbsent(path.get(path.size() - 1), d -> new TreeMap<>())
                    .merge(label, 1L, Long::sum);
        }
    }

    /** Origin → destination → class → objects: those whose track ended, and those still tracked. */
    public Map<String, Map<String, Map<String, Long>>> matrix() {
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
    public void reset() {
        paths.clear();
        labels.clear();
    }
}
