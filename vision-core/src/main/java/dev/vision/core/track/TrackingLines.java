package dev.vision.core.track;

import dev.vision.core.analytics.LineCounter;
import dev.vision.core.analytics.ZoneCounter;
import dev.vision.core.result.Direction;
import dev.vision.core.result.LineTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A source's tracking totals as console lines: tracks per class, each line's crossings, each zone's visits. */
public final class TrackingLines {

    private TrackingLines() {}

    public static List<String> of(TrackingStage stage, String prefix) {
        List<String> out = new ArrayList<>();
        out.add(prefix + "Tracks: " + describe(stage.tracksPerClass()) + ".");
        for (LineCounter line : stage.lines()) {
            LineTally tally = line.tally();
            out.add(prefix
                    + String.format(
                            Locale.ROOT,
                            "Line %s: in %d (%s), out %d (%s).",
                            line.name(),
                            tally.total(Direction.IN),
                            describe(tally.perClass(Direction.IN)),
                            tally.total(Direction.OUT),
                            describe(tally.perClass(Direction.OUT))));
        }
        for (ZoneCounter zone : stage.zones()) {
            List<Long> dwells = zone.dwellsMs();
            out.add(prefix
                    + String.format(
                            Locale.ROOT,
                            "Zone %s: entered %d time(s), %d visit(s) ended, mean dwell "
                                    + "%.1f s, longest %.1f s; inside at the end: %s.",
                            zone.name(),
                            zone.entered(),
                            dwells.size(),
                            dwells.stream().mapToLong(Long::longValue).average().orElse(0) / 1000,
                            dwells.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                            describe(zone.occupancy())));
        }
        stage.summary().unreliable().ifPresent(why -> out.add(prefix + "These counts are unreliable: " + why + "."));
        return out;
    }

    /** "2 person, 1 car", or "none". */
    public static String describe(Map<String, Long> perClass) {
        return perClass == null || perClass.isEmpty()
                ? "none"
                : perClass.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "));
    }
}
