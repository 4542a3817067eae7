package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.track.Anchor;
import dev.vision.core.track.ByteTracker;
import dev.vision.core.track.LineCounter;
import dev.vision.core.track.SortTracker;
import dev.vision.core.track.TrackIds;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.TrackingStage;
import dev.vision.core.track.ZoneCounter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The tracking options of {@code track} and {@code eval track}: tracker, buffer, anchor, lines and zones. */
public final class TrackOptions {

    @Option(names = "--tracker", defaultValue = "bytetrack", paramLabel = "bytetrack|sort",
            description = "Tracker (default: ${DEFAULT-VALUE}; sort: plain SORT, for comparison).")
    String tracker;

    @Option(names = "--track-buffer", defaultValue = "30", paramLabel = "FRAMES",
            description = "Frames a lost track is kept to be found again, at 30 FPS; scaled by the source's rate "
                    + "(default: ${DEFAULT-VALUE}).")
    int trackBuffer;

    @Option(names = "--anchor", defaultValue = "center", paramLabel = "center|bottom",
            description = "The point of a box that lines and zones test (default: ${DEFAULT-VALUE}).")
    String anchor;

    @Option(names = "--line", paramLabel = "NAME=x1,y1,x2,y2",
            description = "A counting line (repeatable); crossing towards its right-hand side is \"in\" "
                    + "(a line drawn left to right: moving down).")
    List<String> lineSpecs = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "NAME=x1,y1,x2,y2,x3,y3[,...]",
            description = "A polygon zone (repeatable): occupancy per class, entered and left events, dwell time.")
    List<String> zoneSpecs = new ArrayList<>();

    /** Lines, zones and the tracker's settings, checked: a malformed one is refused before anything runs. */
    Setup setup() {
        Anchor where = Anchor.parse(anchor);
        if (!tracker.equalsIgnoreCase("bytetrack") && !tracker.equalsIgnoreCase("sort")) {
            throw new InvalidSettingException("tracker", "unknown tracker '" + tracker + "' (bytetrack or sort)");
        }
        if (trackBuffer < 1) {
            throw new InvalidSettingException("trackBuffer", "must be at least 1 frame, got " + trackBuffer);
        }
        Set<String> names = new HashSet<>();
        List<LineCounter> lines = new ArrayList<>();
        for (String spec : lineSpecs) {
            Named n = parse("line", spec, names);
            if (n.numbers().length != 4) {
                throw new InvalidSettingException("line", spec + ": needs NAME=x1,y1,x2,y2 (4 numbers), got "
                        + n.numbers().length);
            }
            double[] v = n.numbers();
            lines.add(new LineCounter(n.name(), v[0], v[1], v[2], v[3], where));
        }
        List<ZoneCounter> zones = new ArrayList<>();
        for (String spec : zoneSpecs) {
            Named n = parse("zone", spec, names);
            if (n.numbers().length < 6 || n.numbers().length % 2 != 0) {
                throw new InvalidSettingException("zone", spec + ": needs NAME=x1,y1,x2,y2,x3,y3[,...] (at least "
                        + "three x,y points), got " + n.numbers().length + " numbers");
            }
            zones.add(new ZoneCounter(n.name(), n.numbers(), where));
        }
        return new Setup(where, lines, zones);
    }

    private record Named(String name, double[] numbers) {
    }

    /** "NAME=n,n,…": the name (unique among lines and zones) and the numbers. */
    private static Named parse(String kind, String spec, Set<String> names) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new InvalidSettingException(kind, "'" + spec + "': needs NAME=numbers, e.g. "
                    + (kind.equals("line") ? "gate=0,300,640,300" : "bay=10,10,200,10,200,150"));
        }
        String name = spec.substring(0, eq).trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidSettingException(kind, "'" + name + "': a name is letters, digits, '_', '.' or '-'");
        }
        if (!names.add(name)) {
            throw new InvalidSettingException(kind, "the name '" + name + "' is used twice (lines and zones need "
                    + "distinct names)");
        }
        String[] parts = spec.substring(eq + 1).split(",", -1);
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(kind, spec + ": '" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(numbers[i])) {
                throw new InvalidSettingException(kind, spec + ": '" + parts[i] + "' is not a finite number");
            }
        }
        return new Named(name, numbers);
    }

    /** The checked options; {@link #stage(double)} makes the tracking stage of a run. */
    final class Setup {
        final Anchor anchor;
        final List<LineCounter> lines;
        final List<ZoneCounter> zones;

        Setup(Anchor anchor, List<LineCounter> lines, List<ZoneCounter> zones) {
            this.anchor = anchor;
            this.lines = lines;
            this.zones = zones;
        }

        /**
         * A tracking stage for a source of {@code fps} frames per second (0: unknown), one per source: its own
         * tracker and its own counters on the same lines and zones.
         */
        TrackingStage stage(double fps) {
            TrackerSettings settings = TrackerSettings.DEFAULTS
                    .withTrackBuffer(TrackerSettings.scaledBuffer(trackBuffer, fps));
            TrackIds ids = new TrackIds();
            Tracker chosen = tracker.equalsIgnoreCase("sort") ? new SortTracker(settings, ids, 1, 3)
                    : new ByteTracker(settings, ids);
            Setup fresh = TrackOptions.this.setup();
            return new TrackingStage(chosen, fresh.lines, fresh.zones);
        }

        /** The options as run.json records them. */
        Map<String, Object> describe() {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tracker", tracker.toLowerCase(Locale.ROOT));
            t.put("track_buffer", trackBuffer);
            t.put("anchor", anchor.name().toLowerCase(Locale.ROOT));
            t.put("lines", lineSpecs);
            t.put("zones", zoneSpecs);
            return t;
        }
    }
}
